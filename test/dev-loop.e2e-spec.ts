import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { PUBLIC_READ_RULE } from './helpers/policies';
import { copyProject, npmIn } from './helpers/project-copy';
import type { ServerProcess } from './helpers/server-process';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

// Starting the app type-checks the project: seconds, more on a busy machine.
jest.setTimeout(90_000);

/**
 * The loop the README promises, with the real commands in a copy of the
 * project: edit policies/main.polar while `npm run start:dev` runs, and
 * start `npm start` on a broken policy.
 */
describe('editing the policy beside the running app', () => {
  let dir: string;
  let server: ServerProcess | undefined;
  let database: TestDatabase;
  const main = () => join(dir, 'policies', 'main.polar');
  /** The line of main.polar that `allow(x` breaks. */
  const brokenLine = () =>
    readFileSync(main(), 'utf8').split('\n').indexOf('allow(x') + 1;

  beforeEach(async () => {
    dir = copyProject();
    database = await createTestDatabase(dir, 'app.sqlite');
  });
  afterEach(async () => {
    server?.kill();
    await server?.exited;
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function npm(...args: string[]) {
    const started = await npmIn(dir, database.url, ...args);
    server = started.server;
    return started;
  }

  /** Waits for what an edit does: the app reloads a moment after the save. */
  async function eventually(done: () => Promise<boolean>) {
    for (let waited = 0; !(await done()); waited += 100) {
      if (waited > 30_000) throw new Error('The edit never took effect');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('npm run start:dev serves each saved edit; a broken one leaves the last rule serving, its place logged', async () => {
    const { server, url } = await npm('run', 'start:dev');
    await server.listening;
    const reactStatus = async () =>
      (await fetch(`${url}/repo/react`, { headers: { 'X-User': 'larry' } }))
        .status;
    expect(await reactStatus()).toBe(404);

    appendFileSync(main(), `\n${PUBLIC_READ_RULE}`);
    await eventually(async () => (await reactStatus()) === 200);

    appendFileSync(main(), 'allow(x\n');
    await server.printed('Kept the last good policy');
    expect(stripVTControlCharacters(server.output())).toContain(
      `Kept the last good policy: Cannot load the policy: policies/main.polar:${brokenLine()}:8: hit the end of the file unexpectedly`,
    );
    expect(await reactStatus()).toBe(200);
  });

  it('npm start stops on a broken policy, exit code 1, with the place and the line', async () => {
    writeFileSync(main(), `${readFileSync(main(), 'utf8')}allow(x\n`);
    const line = brokenLine();
    const { server } = await npm('start');
    await expect(server.listening).rejects.toThrow('exited before');
    expect(await server.exited).toBe(1);
    expect(stripVTControlCharacters(server.output())).toMatch(
      new RegExp(
        `Cannot load the policy: policies/main\\.polar:${line}:8: hit the end of the file unexpectedly.*\\n\\s*0?${line}: allow\\(x\\n\\s+\\^`,
      ),
    );
  });
});
