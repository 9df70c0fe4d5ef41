import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { copyProject, npmIn } from './helpers/project-copy';
import type { ServerProcess } from './helpers/server-process';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

// Each case type-checks the whole project: seconds, more on a busy machine.
jest.setTimeout(60_000);

const BROKEN_FILE = 'src/repositories/repo.page.ts';

/**
 * What the README's commands do with a type error, in a copy of the project
 * (its sources and build settings; node_modules linked) where one line
 * appended to a source file does not type-check.
 */
describe('a type error', () => {
  let dir: string;
  let server: ServerProcess | undefined;
  let database: TestDatabase;
  /** The error as tsc prints it, at its file, line and column. */
  let error: string;

  beforeEach(async () => {
    dir = copyProject();
    database = await createTestDatabase(dir, 'app.sqlite');
    const file = join(dir, BROKEN_FILE);
    const line = readFileSync(file, 'utf8').split('\n').length;
    appendFileSync(file, "export const broken: number = 'a string';\n");
    error = `${BROKEN_FILE}:${line}:14 - error TS2322: Type 'string' is not assignable to type 'number'.`;
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

  it('stops npm start before it builds or serves, naming the file, line and column', async () => {
    const { server } = await npm('start');
    await expect(server.listening).rejects.toThrow('exited before');
    expect(await server.exited).toBe(1);
    expect(stripVTControlCharacters(server.output())).toContain(error);
    expect(existsSync(join(dir, 'dist', 'main.js'))).toBe(false);
  });

  it('is printed by npm run start:dev, naming the file, line and column, beside the app it serves anyway', async () => {
    const { server, url } = await npm('run', 'start:dev');
    await server.listening;
    await server.printed('Found 1 error');
    expect(stripVTControlCharacters(server.output())).toContain(error);
    expect((await fetch(`${url}/repo/gmail`)).status).toBe(200);
  });
});
