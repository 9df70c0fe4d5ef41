import {
  appendFileSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { CaptureLogger } from './helpers/capture-logger';
import {
  PUBLIC_READ_RULE,
  readPolicies,
  SEED_POLICIES,
} from './helpers/policies';
import { createTestApp, type TestApp } from './helpers/test-app';

// With POLICY_WATCH=on (the default of `npm start` and `npm run start:dev`),
// an edit to policies/ is served without a restart; a broken one is not.
describe('the policy reloads when a file of it changes', () => {
  let testApp: TestApp;
  const logger = new CaptureLogger();
  const main = () => join(testApp.dir, 'policies', 'main.polar');
  const larryReads = async (repo: string) =>
    (
      await request(testApp.app.getHttpServer())
        .get(`/repo/${repo}`)
        .set('X-User', 'larry')
    ).status;
  /** Waits for what an edit does: the watcher reloads a moment later. */
  const eventually = async (done: () => Promise<boolean> | boolean) => {
    for (let waited = 0; !(await done()); waited += 50) {
      if (waited > 20_000) throw new Error('The edit never took effect');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    testApp = await createTestApp({
      policies: readPolicies(SEED_POLICIES),
      env: { POLICY_WATCH: 'on' },
      logger,
    });
  });
  afterAll(() => testApp.close());

  it('serves an edit at once, keeps the last good policy on a broken one, and serves the fix', async () => {
    const seed = readFileSync(main(), 'utf8');
    expect(await larryReads('react')).toBe(404);

    appendFileSync(main(), `\n${PUBLIC_READ_RULE}`);
    await eventually(async () => (await larryReads('react')) === 200);

    logger.clear();
    writeFileSync(main(), `${seed}\nallow(actor, "read", resource) if`);
    await eventually(
      () => logger.find('error', 'Kept the last good policy').length > 0,
    );
    expect(
      logger.find('error', 'Kept the last good policy')[0].message,
    ).toMatch(/main\.polar/);
    expect(await larryReads('react')).toBe(200);

    writeFileSync(main(), seed);
    await eventually(async () => (await larryReads('react')) === 404);
    expect(await larryReads('gmail')).toBe(200);
  });

  it('watches the folder again once it is removed and made anew', async () => {
    const dir = join(testApp.dir, 'policies');
    const seed = readPolicies(SEED_POLICIES);
    logger.clear();
    rmSync(dir, { recursive: true });
    await eventually(() => logger.find('error', 'Stopped watching').length > 0);
    expect(await larryReads('gmail')).toBe(200);

    mkdirSync(dir);
    writeFileSync(
      join(dir, 'main.polar'),
      `${seed['main.polar']}\n${PUBLIC_READ_RULE}`,
    );
    await eventually(async () => (await larryReads('react')) === 200);

    writeFileSync(join(dir, 'main.polar'), seed['main.polar']);
    await eventually(async () => (await larryReads('react')) === 404);
  });
});
