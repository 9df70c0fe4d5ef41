import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SEED_POLICIES } from './helpers/policies';
import { ROOT } from './helpers/server-process';
import { makeTempDir } from './helpers/test-app';

const run = promisify(execFile);

// `npm run authz -- …` on a database of its own, under the pinned seed policy.
describe('npm run authz', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs it as its script does; the exit code, and what it printed. */
  async function authz(...args: string[]) {
    const env = {
      ...process.env,
      DATABASE_URL: `sqlite:${join(dir, 'authz.sqlite')}`,
      POLICY_DIR: SEED_POLICIES,
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
    [['why', 'larry', 'read', 'gmail'], 'Usage: npm run authz'],
  ])('refuses %j with exit 2: %s', async (args, message) => {
    const answer = await authz(...args);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain(message);
    expect(answer.stdout).toBe('');
  });
});
