import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { OsoService } from '../src/authorization';
import { createApp, makeTempDir, writePolicyDir } from './helpers/test-app';
import { readPolicies, SEED_POLICIES } from './helpers/policies';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

/** The app refuses to start on bad settings, saying what is wrong. */
describe('startup', () => {
  let dir: string;
  let testDatabase: TestDatabase;
  let database: string;

  beforeEach(async () => {
    dir = makeTempDir();
    testDatabase = await createTestDatabase(dir, 'app.sqlite');
    database = testDatabase.url;
  });
  afterEach(async () => {
    await testDatabase.drop();
    rmSync(dir, { recursive: true, force: true });
  });

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

  it('puts the column in characters, as an editor counts them, past a multibyte one', async () => {
    const policyDir = writePolicyDir(dir, {
      'main.polar': 'tag("déjà"); allow(x;\n',
    });
    await expect(
      createApp({ DATABASE_URL: database, POLICY_DIR: policyDir }),
    ).rejects.toThrow(
      /main\.polar:1:21: did not expect to find the token ';'\n\t001: tag\("déjà"\); allow\(x;\n\t {25}\^/,
    );
  });

  it('says what happened when Polar crashes on a policy, as it does past an emoji', async () => {
    const policyDir = writePolicyDir(dir, {
      'main.polar': 'tag("🎉"); allow(x;\n',
    });
    const panic = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(
        createApp({ DATABASE_URL: database, POLICY_DIR: policyDir }),
      ).rejects.toThrow(
        'Cannot load the policy: Polar crashed reading it (its message is above).',
      );
    } finally {
      panic.mockRestore();
    }
  });

  it('fails on an empty policy file, naming it', async () => {
    const policyDir = writePolicyDir(dir, {
      ...readPolicies(SEED_POLICIES),
      'extra.polar': '\n  \n',
    });
    await expect(
      createApp({ DATABASE_URL: database, POLICY_DIR: policyDir }),
    ).rejects.toThrow(/Cannot load the policy: \S*extra\.polar is empty/);
  });

  it('fails on a policy without an allow rule: every check would fail', async () => {
    const policyDir = writePolicyDir(dir, {
      'main.polar': readPolicies(SEED_POLICIES)['main.polar'].replace(
        /allow\(actor, action, resource\) if\s+has_permission\(actor, action, resource\);/,
        '',
      ),
    });
    await expect(
      createApp({ DATABASE_URL: database, POLICY_DIR: policyDir }),
    ).rejects.toThrow(
      `Cannot load the policy: no file in ${policyDir} has an allow rule, so every check would fail`,
    );
  });

  it('loads a policy file that is a link to one', async () => {
    const policyDir = join(dir, 'linked');
    mkdirSync(policyDir);
    symlinkSync(
      join(SEED_POLICIES, 'main.polar'),
      join(policyDir, 'main.polar'),
    );
    const app = await createApp({
      DATABASE_URL: database,
      POLICY_DIR: policyDir,
    });
    try {
      expect(app.get(OsoService).policyVersion.files).toEqual([
        join(policyDir, 'main.polar'),
      ]);
    } finally {
      await app.close();
    }
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
