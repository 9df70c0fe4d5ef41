import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  type ServerProcess,
  startServer,
} from './helpers/server-process';
import { closeSqlite, openSqlite, querySqlite } from './helpers/sqlite';
import { makeTempDir } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

/** main.ts as `npm start` runs it, without compiling first. */
const MAIN = [
  process.execPath,
  '-r',
  'ts-node/register/transpile-only',
  'src/main.ts',
];

jest.setTimeout(90_000);

describe('SIGTERM during a slow request', () => {
  let dir: string;
  let server: ServerProcess | undefined;
  afterEach(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the request, refuses new connections, and leaves a sound database', async () => {
    dir = makeTempDir();
    const file = join(dir, 'app.sqlite');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = startServer(MAIN, {
      PORT: String(port),
      DATABASE_URL: `sqlite:${file}`,
      POLICY_DIR: SEED_POLICIES,
      DEFAULT_USER: 'larry',
    });
    await server.listening;

    // Another connection holds the database, so the push waits in flight.
    const lock = await openSqlite(file);
    await querySqlite(lock, 'BEGIN EXCLUSIVE');
    const push = fetch(`${url}/repo/gmail/push`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fetch(`${url}/repo/gmail`)).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });

    await querySqlite(lock, 'ROLLBACK');
    const res = await push;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'gmail', pushCount: 1 });

    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM: refusing new connections');
    // Drained, not cut off at the deadline.
    expect(server.output()).not.toContain('still open');
    expect(await querySqlite(lock, 'PRAGMA integrity_check')).toEqual([
      { integrity_check: 'ok' },
    ]);
    expect(
      await querySqlite(
        lock,
        "SELECT pushCount FROM repositories WHERE name = 'gmail'",
      ),
    ).toEqual([{ pushCount: 1 }]);
    await closeSqlite(lock);
  });
});
