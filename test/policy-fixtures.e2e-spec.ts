import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OsoService } from '../src/authorization';
import { CaptureLogger } from './helpers/capture-logger';
import {
  LIVE_POLICIES,
  type Policies,
  PUBLIC_READ_RULE,
  readPolicies,
  SEED_POLICIES,
  TUTORIAL_POLICIES,
} from './helpers/policies';
import { createTestApp } from './helpers/test-app';

describe('the pinned policies', () => {
  it('tutorial/ is seed/ and public.polar, so a file added to one is added to both', () => {
    expect(readPolicies(TUTORIAL_POLICIES)).toEqual({
      ...readPolicies(SEED_POLICIES),
      'public.polar': PUBLIC_READ_RULE,
    });
  });

  it("public.polar is the rule the README's tutorial appends", () => {
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`polar\n${PUBLIC_READ_RULE}\`\`\``);
  });
});

describe('createTestApp() loads every .polar file of its policy folder', () => {
  /** What the app logs about its policy: the files, then the logger's context. */
  const loadedLog = (dir: string, names: string[]) =>
    `Loaded policy from ${names.map((name) => join(dir, name)).join(', ')} ${OsoService.name}`;

  async function start(policies?: Policies) {
    const logger = new CaptureLogger();
    const testApp = await createTestApp({ policies, logger });
    await testApp.close();
    const logged = logger
      .find('log', 'Loaded policy from')
      .map((line) => line.message);
    return { logged, dir: testApp.dir };
  }

  it('by default, the live policies/ as it is now', async () => {
    const { logged } = await start();
    expect(logged).toEqual([
      loadedLog(LIVE_POLICIES, Object.keys(readPolicies(LIVE_POLICIES))),
    ]);
  });

  it.each([
    ['seed/', SEED_POLICIES],
    ['tutorial/', TUTORIAL_POLICIES],
  ])('a pinned folder: %s', async (_name, dir) => {
    const { logged } = await start(dir);
    expect(logged).toEqual([loadedLog(dir, Object.keys(readPolicies(dir)))]);
  });

  it('files written for one spec', async () => {
    const files = { ...readPolicies(SEED_POLICIES), 'z.polar': '# empty\n' };
    const { logged, dir } = await start(files);
    expect(logged).toEqual([
      loadedLog(join(dir, 'policies'), Object.keys(files).sort()),
    ]);
  });
});
