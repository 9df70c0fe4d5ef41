import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readPolicies, SEED_POLICIES } from './helpers/policies';
import { ROOT } from './helpers/server-process';
import { User } from '../src/users/user.entity';
import { makeTempDir, writePolicyDir } from './helpers/test-app';
import {
  createTestDatabase,
  type TestDatabase,
  withDatabase,
} from './helpers/test-database';

const run = promisify(execFile);

// `npm run authz -- …` on a database of its own, under the pinned seed policy.
describe('npm run authz', () => {
  let dir: string;
  /** The database the runs share; the first seeds it. */
  let shared: TestDatabase;
  beforeAll(async () => {
    dir = makeTempDir();
    shared = await createTestDatabase(dir, 'authz.sqlite');
  });
  afterAll(async () => {
    await shared.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs it as its script does; the exit code, and what it printed. */
  async function authz(...args: string[]) {
    return authzOn(SEED_POLICIES, ...args);
  }

  async function authzOn(policyDir: string, ...args: string[]) {
    return authzWith({ policyDir }, ...args);
  }

  async function authzWith(
    {
      policyDir = SEED_POLICIES,
      database = shared,
    }: { policyDir?: string; database?: TestDatabase },
    ...args: string[]
  ) {
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      POLICY_DIR: policyDir,
    };
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'src/cli/authz.ts', ...args],
        { cwd: ROOT, env },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return {
        code: failed.code,
        stdout: failed.stdout,
        stderr: failed.stderr,
      };
    }
  }

  it.each([
    [['can', 'anne', 'push', 'react'], 0, 'allowed\n'],
    [['can', 'anne', 'push', 'gmail'], 1, 'denied\n'],
    [['can', 'larry', 'delete', 'Repository:1'], 0, 'allowed\n'],
    [['actions', 'anne', 'react'], 0, 'push\nread\n'],
    [['actions', 'graham', 'gmail'], 0, ''],
  ])('%j exits %i printing %j', async (args, code, stdout) => {
    const answer = await authz(...args);
    expect(answer).toMatchObject({ code, stdout });
  });

  it('prints the matrix: users down, repositories across, the actions in each cell', async () => {
    const { code, stdout } = await authz('matrix');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^\s+gmail\s+react\s+oso$/),
      expect.stringMatching(/^anne\s+-\s+push,read\s+-$/),
      expect.stringMatching(/^graham\s+-\s+-\s+read$/),
      expect.stringMatching(/^larry\s+delete,manage_roles,push,read\s+-\s+-$/),
    ]);
  });

  it.each([
    [['matrix', 'Document'], 'No class Document in the policy'],
    [['can', 'mallory', 'read', 'gmail'], 'No user named mallory'],
    [['can', 'larry', 'read', 'nope'], 'No repository named nope'],
    [['can', 'larry', 'read', 'Document:1'], 'No class Document in the policy'],
    [['can', 'larry', 'read', 'Repository:999'], 'No Repository with id 999'],
    [
      ['can', 'larry'],
      'Usage: npm run authz -- can <user> <action> <resource>',
    ],
    [['why', 'larry', 'read'], 'Usage: npm run authz'],
  ])('refuses %j with exit 2: %s', async (args, message) => {
    const answer = await authz(...args);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain(message);
    expect(answer.stdout).toBe('');
  });

  it('explains an allow: the word of `can`, then the rules down to the role row', async () => {
    const { code, stdout } = await authz('why', 'anne', 'push', 'react');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^allowed\n/);
    expect(stdout).toContain(
      'has_permission(User:2, "push", Repository:2) holds',
    );
    expect(stdout).toContain('main.polar:8:3  "push" if "maintainer";');
    expect(stdout).toContain(
      'with role = Role:2 {name: "maintainer", userId: 2, repositoryId: 2}',
    );
  });

  it('explains a denial: the word of `can`, then each rule tried and where it failed', async () => {
    const { code, stdout } = await authz('why', 'graham', 'push', 'oso');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^denied\n/);
    expect(stdout).toContain(
      'tried test/fixtures/policies/seed/main.polar:8:3',
    );
    expect(stdout).toContain(
      'fails at: role_name = role.name\n' +
        '            with role_name = "maintainer", role.name = "contributor"',
    );
  });

  describe('on a policy that fails while deciding', () => {
    let policies: string;
    beforeAll(() => {
      policies = writePolicyDir(dir, {
        ...readPolicies(SEED_POLICIES),
        'public.polar':
          'has_permission(_actor: User, "read", repository: Repository) if\n  repository.is_public;\n',
      });
    });

    it('`can` says so with exit 3, allowing nothing', async () => {
      const answer = await authzOn(policies, 'can', 'anne', 'read', 'gmail');
      expect(answer.code).toBe(3);
      expect(answer.stdout).toBe('');
      expect(answer.stderr).toMatch(
        /^error: Policy evaluation failed at \S+public\.polar:2:3, in rule has_permission: is_public not found on Repository \(did you mean isPublic\?\)\n$/,
      );
    });

    it('`why` says so with exit 3, and shows the condition that failed', async () => {
      const answer = await authzOn(policies, 'why', 'anne', 'read', 'gmail');
      expect(answer.code).toBe(3);
      expect(answer.stdout).toMatch(/^error: Policy evaluation failed/);
      expect(answer.stdout).toContain(
        'fails at: repository.is_public\n' +
          '        error: is_public not found on Repository (did you mean isPublic?)',
      );
    });
  });

  it('shows the first users and resources of a matrix unless told otherwise, and says so', async () => {
    const { code, stdout } = await authz('matrix', '--limit', '2');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^\s+gmail\s+react$/),
      expect.stringMatching(/^anne\s+-\s+push,read$/),
      expect.stringMatching(/^graham\s+-\s+-$/),
      '(2 of 3 users, 2 of 3 resources: --limit N or --all for more)',
    ]);
    for (const wrong of [
      ['--limit'],
      ['--limit', '0'],
      ['--limit', '2', '--all'],
    ]) {
      const refused = await authz('matrix', ...wrong);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--limit takes a positive whole number');
    }
  });

  it('exits 3 on a policy that does not load, with the place of the mistake', async () => {
    const policies = writePolicyDir(join(dir, 'broken'), {
      'main.polar': 'allow(actor, action, resource) if\n',
    });
    const answer = await authzOn(policies, 'can', 'anne', 'read', 'gmail');
    expect(answer.code).toBe(3);
    expect(answer.stdout).toBe('');
    expect(answer.stderr).toMatch(
      /^Cannot load the policy: \S+main\.polar:1:34: hit the end of the file/,
    );
  });

  it('prints names from the database without their control characters', async () => {
    const database = await createTestDatabase(dir, 'hostile.sqlite');
    try {
      expect((await authzWith({ database }, 'matrix')).code).toBe(0);
      await withDatabase(database.url, (db) =>
        db.getRepository(User).insert({ name: 'eve\u001b[2J\u202e' }),
      );
      const { code, stdout } = await authzWith({ database }, 'matrix');
      expect(code).toBe(0);
      expect(stdout.includes('\u001b') || stdout.includes('\u202e')).toBe(
        false,
      );
      expect(stdout).toMatch(/^eve\\u\{1b\}\[2J\\u\{202e\}\s+-\s+-\s+-$/m);
    } finally {
      await database.drop();
    }
  });
});
