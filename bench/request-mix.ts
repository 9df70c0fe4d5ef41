import { withSqlite } from './sqlite-file';

/** The synthetic data set target 1 adds to the quickstart's (`db:seed` arguments). */
export const MIX_DATA = [
  '--repos',
  '100',
  '--users',
  '20',
  '--roles-per-user',
  '3',
  '--public-share',
  '0',
];

/** How many callers take turns, the quickstart's three first. */
const CALLERS = 16;
/** Repositories each caller reads that it holds a role on. */
const ALLOWED_PER_CALLER = 2;

/** One `GET /repo/:name` of the mix, and what it should answer. */
export interface MixRequest {
  user: string;
  repo: string;
  kind: 'allowed' | 'hidden' | 'missing';
  /** The app and the quickstart shape: 200 when the caller holds a role on it, else 404. */
  authorizedStatus: 200 | 404;
  /** The bare route, which checks nothing: 200 when the repository exists. */
  existsStatus: 200 | 404;
}

/**
 * The rotating request list of target 1, read from the database: for each of
 * {@link CALLERS} callers, up to two repositories they hold a role on
 * (allowed), one they hold none on (hidden: a 404, as if missing) and one
 * that does not exist. The policy gives read to every role and, before the
 * tutorial step, to nobody else, so the expected answers follow from the
 * roles table alone.
 */
export function requestMix(file: string): Promise<MixRequest[]> {
  return withSqlite(file, async (db) => {
    const users = await db.all<{ id: number; name: string }>(
      `SELECT "id", "name" FROM "users" ORDER BY "id" LIMIT ${CALLERS}`,
    );
    const repos = await db.all<{ id: number; name: string }>(
      'SELECT "id", "name" FROM "repositories" ORDER BY "id"',
    );
    const roles = await db.all<{ userId: number; repositoryId: number }>(
      'SELECT "userId", "repositoryId" FROM "roles" ORDER BY "id"',
    );
    const mix: MixRequest[] = [];
    users.forEach((user, u) => {
      const held = new Set(
        roles
          .filter(({ userId }) => userId === user.id)
          .map(({ repositoryId }) => repositoryId),
      );
      const allowed = repos.filter(({ id }) => held.has(id));
      if (allowed.length === 0) {
        throw new Error(
          `${user.name} holds no role: the mix needs callers who do`,
        );
      }
      for (const repo of allowed.slice(0, ALLOWED_PER_CALLER)) {
        mix.push(request(user.name, repo.name, 'allowed'));
      }
      // A different hidden repository for each caller, spread over the table.
      const start = (u * 37 + 11) % repos.length;
      const hidden = [...repos.slice(start), ...repos.slice(0, start)].find(
        ({ id }) => !held.has(id),
      );
      if (!hidden)
        throw new Error(`${user.name} holds a role on every repository`);
      mix.push(request(user.name, hidden.name, 'hidden'));
      const missing = `missing-${u + 1}`;
      if (repos.some(({ name }) => name === missing)) {
        throw new Error(
          `Repository ${missing} exists: it cannot stand for none`,
        );
      }
      mix.push(request(user.name, missing, 'missing'));
    });
    return mix;
  });
}

function request(
  user: string,
  repo: string,
  kind: MixRequest['kind'],
): MixRequest {
  return {
    user,
    repo,
    kind,
    authorizedStatus: kind === 'allowed' ? 200 : 404,
    existsStatus: kind === 'missing' ? 404 : 200,
  };
}
