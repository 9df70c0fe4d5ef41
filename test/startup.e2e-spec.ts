import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, makeTempDir, writePolicyDir } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

/** The app refuses to start on bad settings, saying what is wrong. */
describe('startup', () => {
  let dir: string;
  let database: string;

  beforeEach(() => {
    dir = makeTempDir();
    database = `sqlite:${join(dir, 'app.sqlite')}`;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on a policy that does not parse, naming file, line and column', async () => {
    const policyDir = writePolicyDir(dir, {
      'main.polar': 'actor User {}\n\nallow(actor, "read", resource) if\n',
    });
    await expect(
      createApp({ DATABASE_URL: database, POLICY_DIR: policyDir }),
    ).rejects.toThrow(
      /Cannot load the policy: \S*main\.polar:3:34: hit the end of the file unexpectedly.*\n\t003: allow\(actor, "read", resource\) if\n\t +\^/,
    );
  });

  it('fails on a policy that names a class the app did not register', async () => {
    const policyDir = writePolicyDir(dir, {
      'main.polar': 'resource Document { permissions = ["read"]; }\n',
    });
    await expect(
      createApp({ DATABASE_URL: database, POLICY_DIR: policyDir }),
    ).rejects.toThrow(/Cannot load the policy: .*Document/s);
  });

  it('fails when the policy folder has no .polar file', async () => {
    const policyDir = join(dir, 'empty');
    mkdirSync(policyDir);
    await expect(
      createApp({ DATABASE_URL: database, POLICY_DIR: policyDir }),
    ).rejects.toThrow(`No .polar files in the policy folder ${policyDir}`);
  });

  it('fails when the policy folder does not exist', async () => {
    const policyDir = join(dir, 'missing');
    await expect(
      createApp({ DATABASE_URL: database, POLICY_DIR: policyDir }),
    ).rejects.toThrow(`Cannot read the policy folder ${policyDir}`);
  });

  it('fails on a DATABASE_URL it does not support', async () => {
    await expect(
      createApp({
        DATABASE_URL: 'mysql://localhost/app',
        POLICY_DIR: SEED_POLICIES,
      }),
    ).rejects.toThrow(/DATABASE_URL must look like "sqlite:<path>"/);
  });

  it('fails on a PORT that is not a port', async () => {
    await expect(
      createApp({
        DATABASE_URL: database,
        POLICY_DIR: SEED_POLICIES,
        PORT: 'eighty',
      }),
    ).rejects.toThrow('PORT must be an integer from 1 to 65535, got "eighty"');
  });
});
