import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { SEED_POLICIES } from './helpers/policies';
import { copyProject } from './helpers/project-copy';
import {
  freePort,
  type ServerProcess,
  startServer,
} from './helpers/server-process';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

// Building the project, then starting two instances of it.
jest.setTimeout(180_000);

/** How long the other instance may take to follow a write, at most. */
const FOLLOW_WITHIN_MS = 5000;

/**
 * Two instances of the built app (`npm run start:prod`) on one database,
 * as behind a load balancer: what one writes, the other's caches follow.
 * On PostgreSQL the writer's NOTIFY tells the other at once; on sqlite the
 * caches' TTL bounds how long it takes.
 */
describe('two instances on one database', () => {
  let dir: string;
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    dir = copyProject();
    database = await createTestDatabase(dir, 'app.sqlite');
    await promisify(execFile)('npm', ['run', 'build'], { cwd: dir });
    // One after the other: the first migrates and seeds, as a deploy does.
    for (let i = 0; i < 2; i += 1) {
      const port = await freePort();
      const server = startServer(
        ['npm', 'run', 'start:prod'],
        {
          PORT: String(port),
          DATABASE_URL: database.url,
          POLICY_DIR: SEED_POLICIES,
        },
        dir,
      );
      servers.push(server);
      urls.push(`http://127.0.0.1:${port}`);
      await server.listening;
    }
  });
  afterAll(async () => {
    for (const server of servers) server.kill();
    await Promise.all(servers.map((server) => server.exited));
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (
    url: string,
    method: string,
    path: string,
    user: string,
    body?: object,
  ) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'X-User': user,
      },
      body: body && JSON.stringify(body),
    });

  /** Asks `url` for gmail as graham until it answers `status`; how long that took. */
  async function until(url: string, status: number): Promise<number> {
    const start = Date.now();
    for (;;) {
      const res = await call(url, 'GET', '/repo/gmail', 'graham');
      if (res.status === status) return Date.now() - start;
      if (Date.now() - start > FOLLOW_WITHIN_MS) {
        throw new Error(
          `${url} still answered ${res.status} after ${FOLLOW_WITHIN_MS} ms, not ${status}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('follows a role granted, then revoked, through the other', async () => {
    const [first, second] = urls;
    // The second instance has just answered, and keeps that answer.
    expect((await call(second, 'GET', '/repo/gmail', 'graham')).status).toBe(
      404,
    );
    expect((await call(second, 'GET', '/repo/gmail', 'graham')).status).toBe(
      404,
    );

    const granted = await call(
      first,
      'PUT',
      '/repo/gmail/roles/graham',
      'larry',
      {
        role: 'contributor',
      },
    );
    expect(granted.status).toBe(201);
    const followedGrant = await until(second, 200);

    expect(
      (await call(first, 'DELETE', '/repo/gmail/roles/graham', 'larry')).status,
    ).toBe(204);
    const followedRevoke = await until(second, 404);
    // How long it took, for the record: the target is under a second.
    console.log(
      `the second instance followed the grant in ${followedGrant} ms, the revoke in ${followedRevoke} ms`,
    );
  });

  it('counts a push through the second in what the first serves', async () => {
    const [first, second] = urls;
    const before = await call(first, 'GET', '/repo/gmail', 'larry');
    const { pushCount } = (await before.json()) as { pushCount: number };
    expect(
      (await call(second, 'POST', '/repo/gmail/push', 'larry')).status,
    ).toBe(200);
    const start = Date.now();
    for (;;) {
      const seen = await call(first, 'GET', '/repo/gmail', 'larry');
      const shown = ((await seen.json()) as { pushCount: number }).pushCount;
      if (shown === pushCount + 1) break;
      expect(Date.now() - start).toBeLessThan(FOLLOW_WITHIN_MS);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
