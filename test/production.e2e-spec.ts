import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  freePort,
  type ServerProcess,
  startServer,
} from './helpers/server-process';
import { migrationTimestamps, recordedMigrations } from './helpers/migrations';
import { copyProject } from './helpers/project-copy';
import {
  createTestDatabase,
  type TestDatabase,
  withDatabase,
} from './helpers/test-database';
import { SEED_POLICIES } from './helpers/policies';

// Compiling the whole project takes a while on a slow machine.
jest.setTimeout(180_000);

/**
 * The built app as a deployment starts it, `npm run build && npm run
 * start:prod`, with nothing set in the environment but where its database,
 * policy and port are: no NODE_ENV, no DEFAULT_USER.
 */
describe('npm run start:prod', () => {
  let dir: string;
  let server: ServerProcess;
  let url: string;
  let database: TestDatabase;

  beforeAll(async () => {
    // Built in a copy: the project's dist/ may be what start:dev runs.
    dir = copyProject();
    database = await createTestDatabase(dir, 'app.sqlite');
    await promisify(execFile)('npm', ['run', 'build'], { cwd: dir });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = startServer(
      ['npm', 'run', 'start:prod'],
      {
        PORT: String(port),
        DATABASE_URL: database.url,
        POLICY_DIR: SEED_POLICIES,
        NODE_ENV: undefined,
        DEFAULT_USER: undefined,
      },
      dir,
    );
    await server.listening;
  });
  afterAll(async () => {
    server?.kill();
    await server?.exited;
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, path: string, user?: string) =>
    fetch(`${url}${path}`, {
      method,
      headers: { Accept: 'application/json', ...(user && { 'X-User': user }) },
    });

  it('refuses requests that name no caller, with a challenge', async () => {
    for (const [method, path] of [
      ['GET', '/repo/gmail'],
      ['DELETE', '/repo/gmail'],
      ['GET', '/repos'],
    ]) {
      const res = await call(method, path);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        'X-User realm="oso-nestjs-quickstart"',
      );
    }
  });

  it('serves a caller who names themselves, and an anonymous delete left gmail alone', async () => {
    expect((await call('DELETE', '/repo/gmail')).status).toBe(401);
    const res = await call('GET', '/repo/gmail', 'larry');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'gmail' });
  });

  it('ran every migration of the folder, built into dist/', async () => {
    const recorded = await withDatabase(database.url, (db) =>
      recordedMigrations((sql) => db.query(sql)),
    );
    expect(recorded).toEqual(migrationTimestamps());
  });

  it('does not warn about a default caller', () => {
    expect(server.output()).not.toContain('act as');
  });
});
