import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import request from 'supertest';
import { type DataSource, In, Like } from 'typeorm';
import { Issue } from '../src/issues/issue.entity';
import { Repository } from '../src/repositories/repository.entity';
import { Role } from '../src/users/role.entity';
import { User } from '../src/users/user.entity';
import { SEED_POLICIES } from './helpers/policies';
import { ROOT } from './helpers/server-process';
import { createApp, makeTempDir } from './helpers/test-app';
import {
  createTestDatabase,
  tablesOf,
  type TestDatabase,
  withDatabase,
} from './helpers/test-database';

const run = promisify(execFile);

/** `npm run db:seed -- <args>` on the database `url` names, as its script runs it. */
function seed(url: string, args: string[]) {
  return run(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'src/database/seed-cli.ts',
      ...args,
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } },
  );
}

const ARGS = [
  ...['--repos', '10', '--users', '10', '--roles-per-user', '3'],
  ...['--public-share', '0.3', '--issues-per-repo', '2'],
];

describe('npm run db:seed', () => {
  let dir: string;
  let database: TestDatabase;
  beforeAll(async () => {
    dir = makeTempDir();
    database = await createTestDatabase(dir, 'synthetic.sqlite');
    await seed(database.url, ARGS);
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What `read` finds in the seeded database, on a connection of its own. */
  const inDatabase = <T>(read: (db: DataSource) => Promise<T>) =>
    withDatabase(database.url, read);

  it('creates the schema and the quickstart data, then adds the data set', async () => {
    expect(
      await inDatabase(async (db) => ({
        repos: await db.getRepository(Repository).count(),
        users: await db.getRepository(User).count(),
        roles: await db.getRepository(Role).count(),
        issues: await db.getRepository(Issue).count(),
      })),
    ).toEqual({ repos: 13, users: 13, roles: 33, issues: 24 });
    const quickstart = await inDatabase((db) =>
      db.getRepository(User).find({
        where: { name: In(['larry', 'anne', 'graham']) },
        order: { name: 'ASC' },
      }),
    );
    expect(quickstart.map(({ name }) => name)).toEqual([
      'anne',
      'graham',
      'larry',
    ]);
  });

  it('gives user k roles on repos k, k+1, ..., wrapping around', async () => {
    const roles = await inDatabase((db) =>
      db.getRepository(Role).find({
        where: { user: { name: 'user10' } },
        relations: { repository: true },
        order: { repositoryId: 'ASC' },
      }),
    );
    expect(roles.map(({ repository }) => repository.name)).toEqual([
      'repo1',
      'repo2',
      'repo10',
    ]);
  });

  it('makes the share of repos public, spread evenly', async () => {
    const shared = await inDatabase((db) =>
      db.getRepository(Repository).find({
        where: { isPublic: true, name: Like('repo%') },
        order: { id: 'ASC' },
      }),
    );
    expect(shared.map(({ name }) => name)).toEqual([
      'repo4',
      'repo7',
      'repo10',
    ]);
  });

  it('serves the data set: user10 reads repo1, user1 does not see repo10', async () => {
    const app = await createApp({
      DATABASE_URL: database.url,
      POLICY_DIR: SEED_POLICIES,
    });
    try {
      const get = (user: string, repo: string) =>
        request(app.getHttpServer()).get(`/repo/${repo}`).set('X-User', user);
      expect((await get('user10', 'repo1')).status).toBe(200);
      expect((await get('user1', 'repo10')).status).toBe(404);
      expect((await get('larry', 'gmail')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses to add the data set twice, and leaves the database as it was', async () => {
    await expect(seed(database.url, ARGS)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'The database has repo1 already',
      ) as string,
    });
    expect(await inDatabase((db) => db.getRepository(Repository).count())).toBe(
      13,
    );
  });

  it.each([
    [['--repos', '10'], 'Give --users'],
    [['--repos', 'ten'], '--repos takes a whole number, not ten'],
    [
      [...ARGS, '--public-share', '2'],
      '--public-share takes a share from 0 to 1, not 2',
    ],
    [
      [
        '--repos',
        '2',
        '--users',
        '1',
        '--roles-per-user',
        '3',
        '--public-share',
        '0',
      ],
      '--roles-per-user cannot exceed --repos',
    ],
    [['--colour', 'red'], 'Unknown option --colour'],
  ])(
    'answers %j with a usage error, and creates nothing',
    async (args, problem) => {
      const untouched = await createTestDatabase(dir, 'untouched.sqlite');
      try {
        await expect(seed(untouched.url, args)).rejects.toMatchObject({
          code: 2,
          stderr: expect.stringContaining(problem) as string,
        });
        expect(await tablesOf(untouched.url)).toEqual([]);
      } finally {
        await untouched.drop();
      }
    },
  );
});
