import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { SEED_POLICIES } from './helpers/policies';
import { ROOT } from './helpers/server-process';
import { closeSqlite, openSqlite, querySqlite } from './helpers/sqlite';
import { createApp, makeTempDir } from './helpers/test-app';

const run = promisify(execFile);

/** `npm run db:seed -- <args>` on `database`, as its script runs it. */
function seed(database: string, args: string[]) {
  return run(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'src/database/seed-cli.ts',
      ...args,
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: `sqlite:${database}` } },
  );
}

const ARGS = [
  ...['--repos', '10', '--users', '10', '--roles-per-user', '3'],
  ...['--public-share', '0.3', '--issues-per-repo', '2'],
];

describe('npm run db:seed', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = makeTempDir();
    database = join(dir, 'synthetic.sqlite');
    await seed(database, ARGS);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function query(sql: string): Promise<unknown[]> {
    const db = await openSqlite(database);
    try {
      return await querySqlite(db, sql);
    } finally {
      await closeSqlite(db);
    }
  }

  it('creates the schema and the quickstart data, then adds the data set', async () => {
    expect(
      await query(
        `SELECT (SELECT COUNT(*) FROM repositories) AS repos, (SELECT COUNT(*) FROM users) AS users,
                (SELECT COUNT(*) FROM roles) AS roles, (SELECT COUNT(*) FROM issues) AS issues`,
      ),
    ).toEqual([{ repos: 13, users: 13, roles: 33, issues: 24 }]);
    expect(
      await query(
        `SELECT name FROM users WHERE name IN ('larry', 'anne', 'graham') ORDER BY name`,
      ),
    ).toEqual([{ name: 'anne' }, { name: 'graham' }, { name: 'larry' }]);
  });

  it('gives user k roles on repos k, k+1, ..., wrapping around', async () => {
    expect(
      await query(
        `SELECT r.name FROM roles JOIN users u ON u.id = roles.userId JOIN repositories r ON r.id = roles.repositoryId
         WHERE u.name = 'user10' ORDER BY r.id`,
      ),
    ).toEqual([{ name: 'repo1' }, { name: 'repo2' }, { name: 'repo10' }]);
  });

  it('makes the share of repos public, spread evenly', async () => {
    expect(
      await query(
        `SELECT name FROM repositories WHERE isPublic AND name LIKE 'repo%' ORDER BY id`,
      ),
    ).toEqual([{ name: 'repo4' }, { name: 'repo7' }, { name: 'repo10' }]);
  });

  it('serves the data set: user10 reads repo1, user1 does not see repo10', async () => {
    const app = await createApp({
      DATABASE_URL: `sqlite:${database}`,
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
    await expect(seed(database, ARGS)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'The database has repo1 already',
      ) as string,
    });
    expect(await query('SELECT COUNT(*) AS repos FROM repositories')).toEqual([
      { repos: 13 },
    ]);
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
  ])('answers %j with a usage error', async (args, problem) => {
    const untouched = join(dir, 'untouched.sqlite');
    await expect(seed(untouched, args)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(problem) as string,
    });
    expect(existsSync(untouched)).toBe(false);
  });
});
