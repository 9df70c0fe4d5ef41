import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { readPolicies, SEED_POLICIES } from './helpers/policies';
import { ROOT } from './helpers/server-process';
import { makeTempDir, writePolicyDir } from './helpers/test-app';

const run = promisify(execFile);

/** `npm run policy:check` on the policy folder `policyDir`, as its script runs it. */
async function policyCheck(policyDir: string) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        'src/policy-testing/cli.ts',
        '--check',
      ],
      { cwd: ROOT, env: { ...process.env, POLICY_DIR: policyDir } },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** A few cases on the pinned seed policy. */
const SEED_TESTS = `facts:
  User: { larry: {}, anne: {} }
  Repository: { gmail: {} }
  Role:
    - { user: larry, name: admin, repository: gmail }
expect:
  - larry push gmail: allow
  - anne read gmail: deny
`;

describe('npm run policy:check', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a good policy with the app classes, then runs its tests: exit 0', async () => {
    const policyDir = writePolicyDir(dir, {
      ...readPolicies(SEED_POLICIES),
      'main.test.yaml': SEED_TESTS,
    });
    const { code, output } = await policyCheck(policyDir);
    expect(output).toContain(`policy: ${policyDir} loads`);
    expect(output).toContain('policy tests: 2 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('stops at a policy that does not parse, place first, with the line: exit 1', async () => {
    const policyDir = writePolicyDir(dir, {
      ...readPolicies(SEED_POLICIES),
      'broken.polar': 'actor User {}\nallow(x\n',
    });
    const { code, output } = await policyCheck(policyDir);
    expect(output).toMatch(
      /broken\.polar:2:8: hit the end of the file.*\n\t002: allow\(x/,
    );
    expect(output).not.toContain('policy tests:');
    expect(code).toBe(1);
  });

  it('stops at a class the app does not register, naming it: exit 1', async () => {
    const policyDir = writePolicyDir(dir, {
      'main.polar': 'resource Document { permissions = ["read"]; }\n',
    });
    const { code, output } = await policyCheck(policyDir);
    expect(output).toMatch(/Cannot load the policy: .*Document/);
    expect(code).toBe(1);
  });
});
