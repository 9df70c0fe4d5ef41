import type { EntityManager } from 'typeorm';
import { REPOSITORY_ROLES } from '../roles/repository-roles';

/** What `npm run db:seed` adds; see {@link parseSyntheticData}. */
export interface SyntheticData {
  repos: number;
  users: number;
  rolesPerUser: number;
  /** The share of the repositories that are public, 0 to 1. */
  publicShare: number;
  issuesPerRepo: number;
}

export const SYNTHETIC_DATA_USAGE =
  'Usage: npm run db:seed -- --repos N --users N --roles-per-user N --public-share F [--issues-per-repo N]\n' +
  '  adds users user1..userN and repos repo1..repoN to DATABASE_URL; user k holds roles on\n' +
  '  repos k, k+1, ... (wrapping around); F of the repos, spread evenly, are public';

const FLAGS: Record<string, keyof SyntheticData> = {
  '--repos': 'repos',
  '--users': 'users',
  '--roles-per-user': 'rolesPerUser',
  '--public-share': 'publicShare',
  '--issues-per-repo': 'issuesPerRepo',
};

export class SyntheticDataUsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${SYNTHETIC_DATA_USAGE}`);
  }
}

/** A data set the database cannot take as it is. */
export class SyntheticDataRefusedError extends Error {}

/** The command line's options, each checked; anything else is a usage error. */
export function parseSyntheticData(args: string[]): SyntheticData {
  const given: Partial<Record<keyof SyntheticData, number>> = {};
  for (let i = 0; i < args.length; i += 2) {
    const key = FLAGS[args[i]];
    if (!key) throw new SyntheticDataUsageError(`Unknown option ${args[i]}`);
    const text = args[i + 1];
    const value = Number(text);
    const valid =
      text !== undefined &&
      text.trim() !== '' &&
      (key === 'publicShare'
        ? value >= 0 && value <= 1
        : Number.isSafeInteger(value) && value >= 0);
    if (!valid) {
      throw new SyntheticDataUsageError(
        `${args[i]} takes ${key === 'publicShare' ? 'a share from 0 to 1' : 'a whole number'}, not ${text ?? 'nothing'}`,
      );
    }
    given[key] = value;
  }
  const data = { issuesPerRepo: 0, ...given };
  for (const [flag, key] of Object.entries(FLAGS)) {
    if (data[key] === undefined) {
      throw new SyntheticDataUsageError(`Give ${flag}`);
    }
  }
  if (given.rolesPerUser! > given.repos!) {
    throw new SyntheticDataUsageError(
      '--roles-per-user cannot exceed --repos: a user holds one role per repo',
    );
  }
  return data as SyntheticData;
}

/** Rows per INSERT: well under sqlite's limit of bound parameters. */
const BATCH = 1000;

/**
 * Inserts the data set in `manager`'s transaction, a statement per thousand
 * rows. User k's j-th role is on repo k + j (wrapping around), its name
 * cycling through the repository roles; repo i is public when the share F
 * puts a new whole number of repos below it (floor(i F) > floor((i - 1) F)).
 * A database that has a data set already is refused, not added to.
 */
export async function insertSyntheticData(
  manager: EntityManager,
  data: SyntheticData,
): Promise<void> {
  const [taken] = await manager.query<{ name: string }[]>(
    `SELECT "name" FROM "repositories" WHERE "name" = 'repo1' UNION SELECT "name" FROM "users" WHERE "name" = 'user1'`,
  );
  if (taken) {
    throw new SyntheticDataRefusedError(
      `The database has ${taken.name} already: db:seed adds its data set to a database once`,
    );
  }
  const repos = range(data.repos).map((i) => [
    `repo${i}`,
    Math.floor(i * data.publicShare) > Math.floor((i - 1) * data.publicShare),
  ]);
  await insertRows(manager, 'repositories', ['name', 'isPublic'], repos);
  const users = range(data.users).map((k) => [`user${k}`]);
  await insertRows(manager, 'users', ['name'], users);

  const repoIds = await idsByName(manager, 'repositories', 'repo');
  const userIds = await idsByName(manager, 'users', 'user');
  const roles: unknown[][] = [];
  for (let k = 1; k <= data.users; k += 1) {
    for (let j = 0; j < data.rolesPerUser; j += 1) {
      const repo = ((k - 1 + j) % data.repos) + 1;
      roles.push([
        REPOSITORY_ROLES[(k + j) % REPOSITORY_ROLES.length],
        userIds.get(`user${k}`),
        repoIds.get(`repo${repo}`),
      ]);
    }
  }
  await insertRows(manager, 'roles', ['name', 'userId', 'repositoryId'], roles);

  if (data.issuesPerRepo > 0 && data.users > 0) {
    const issues: unknown[][] = [];
    for (let i = 1; i <= data.repos; i += 1) {
      for (let n = 1; n <= data.issuesPerRepo; n += 1) {
        const creator = userIds.get(`user${((i + n - 2) % data.users) + 1}`);
        issues.push([
          `Issue ${n} of repo${i}`,
          repoIds.get(`repo${i}`),
          creator,
        ]);
      }
    }
    await insertRows(
      manager,
      'issues',
      ['title', 'repositoryId', 'creatorId'],
      issues,
    );
  }
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

async function insertRows(
  manager: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const quoted = columns.map((column) => `"${column}"`).join(', ');
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const parameters: Record<string, unknown> = {};
    const tuples = batch.map((row, r) => {
      const names = row.map((value, c) => {
        parameters[`v${r}_${c}`] = value;
        return `:v${r}_${c}`;
      });
      return `(${names.join(', ')})`;
    });
    const [sql, values] = manager.connection.driver.escapeQueryWithParameters(
      `INSERT INTO "${table}" (${quoted}) VALUES ${tuples.join(', ')}`,
      parameters,
      {},
    );
    await manager.query(sql, values);
  }
}

/** name -> id of the rows of `table` whose name starts with `prefix`. */
async function idsByName(
  manager: EntityManager,
  table: string,
  prefix: string,
): Promise<Map<string, number>> {
  const rows = await manager.query<{ id: number; name: string }[]>(
    `SELECT "id", "name" FROM "${table}" WHERE "name" LIKE '${prefix}%'`,
  );
  return new Map(rows.map(({ id, name }) => [name, id]));
}
