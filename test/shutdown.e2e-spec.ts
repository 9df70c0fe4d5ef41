import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { makeTempDir } from './helpers/test-app';

jest.setTimeout(90_000);

const ROOT = join(__dirname, '..');

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs main.ts as `npm start` would, on its own database and port. */
function startServer(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/main.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', resolve),
  );
  const listening = new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (output.includes('Listening on')) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
    void exited.then(() => {
      clearInterval(poll);
      reject(new Error(`the server exited before listening:\n${output}`));
    });
  });
  return { child, exited, listening, output: () => output };
}

function open(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) =>
      error ? reject(error) : resolve(db),
    );
  });
}

function run(db: sqlite3.Database, sql: string): Promise<unknown[]> {
  return new Promise((resolve, reject) =>
    db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows))),
  );
}

describe('SIGTERM during a slow request', () => {
  let dir: string;
  let server: ReturnType<typeof startServer> | undefined;
  afterEach(() => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the request, refuses new connections, and leaves a sound database', async () => {
    dir = makeTempDir();
    const file = join(dir, 'app.sqlite');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = startServer({
      PORT: String(port),
      DATABASE_URL: `sqlite:${file}`,
      POLICY_DIR: join(ROOT, 'policies'),
      DEFAULT_USER: 'larry',
    });
    await server.listening;

    // Another connection holds the database, so the push waits in flight.
    const lock = await open(file);
    await run(lock, 'BEGIN EXCLUSIVE');
    const push = fetch(`${url}/repo/gmail/push`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    (server.child as ChildProcess).kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fetch(`${url}/repo/gmail`)).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });

    await run(lock, 'ROLLBACK');
    const res = await push;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'gmail', pushCount: 1 });

    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM: refusing new connections');
    // Drained, not cut off at the deadline.
    expect(server.output()).not.toContain('still open');
    expect(await run(lock, 'PRAGMA integrity_check')).toEqual([
      { integrity_check: 'ok' },
    ]);
    expect(
      await run(
        lock,
        "SELECT pushCount FROM repositories WHERE name = 'gmail'",
      ),
    ).toEqual([{ pushCount: 1 }]);
    await new Promise((resolve) => lock.close(resolve));
  });
});
