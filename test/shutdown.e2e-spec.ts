import { rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import {
  freePort,
  type ServerProcess,
  startServer,
} from './helpers/server-process';
import { Repository } from '../src/repositories/repository.entity';
import { lockDatabase } from './helpers/database-lock';
import { makeTempDir } from './helpers/test-app';
import {
  createTestDatabase,
  type TestDatabase,
  withDatabase,
} from './helpers/test-database';
import { SEED_POLICIES } from './helpers/policies';

/** main.ts as `npm start` runs it, without compiling first. */
const MAIN = [
  process.execPath,
  '-r',
  'ts-node/register/transpile-only',
  'src/main.ts',
];

jest.setTimeout(90_000);

/**
 * POSTs to `url` as larry's push. `received` resolves once the server has
 * the request (it answers `Expect: 100-continue` on reading its headers),
 * so it is in flight, whatever the machine's speed; `answer` resolves with
 * the final answer.
 */
function pushInFlight(url: string) {
  const req = httpRequest(url, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      Expect: '100-continue',
      'Content-Length': 0,
    },
  });
  const received = new Promise<void>((resolve) =>
    req.once('continue', resolve),
  );
  const answer = new Promise<{ status?: number; body: unknown }>(
    (resolve, reject) => {
      req.once('error', reject);
      req.once('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            body: JSON.parse(text) as unknown,
          }),
        );
      });
    },
  );
  req.end();
  return { received, answer };
}

describe('SIGTERM during a slow request', () => {
  let dir: string;
  let database: TestDatabase;
  let server: ServerProcess | undefined;
  afterEach(async () => {
    server?.kill();
    await server?.exited;
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the request, refuses new connections, and leaves the write whole', async () => {
    dir = makeTempDir();
    database = await createTestDatabase(dir, 'app.sqlite');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = startServer(MAIN, {
      PORT: String(port),
      DATABASE_URL: database.url,
      POLICY_DIR: SEED_POLICIES,
      DEFAULT_USER: 'larry',
    });
    await server.listening;

    // Another connection holds the database, so the push waits in flight.
    const lock = await lockDatabase(database.url);
    const push = pushInFlight(`${url}/repo/gmail/push`);
    await push.received;

    server.child.kill('SIGTERM');
    // Logged just before the server stops listening, in the same turn.
    await server.printed('SIGTERM: refusing new connections');
    await expect(fetch(`${url}/repo/gmail`)).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });

    await lock.release();
    expect(await push.answer).toMatchObject({
      status: 200,
      body: { name: 'gmail', pushCount: 1 },
    });

    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM: refusing new connections');
    // Drained, not cut off at the deadline.
    expect(server.output()).not.toContain('still open');
    // Committed whole: the count and who pushed, as the answer said.
    const gmail = await withDatabase(database.url, (db) =>
      db.getRepository(Repository).findOneBy({ name: 'gmail' }),
    );
    expect(gmail).toMatchObject({ pushCount: 1, lastPushedBy: 'larry' });
  });
});
