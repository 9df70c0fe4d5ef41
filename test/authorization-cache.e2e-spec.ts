import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { OsoService } from '../src/authorization';
import { Repository } from '../src/repositories/repository.entity';
import { Role } from '../src/users/role.entity';
import { User } from '../src/users/user.entity';
import { captureSql } from './helpers/capture-sql';
import {
  readPolicies,
  SEED_POLICIES,
  TUTORIAL_POLICIES,
} from './helpers/policies';
import { createTestApp, type TestApp } from './helpers/test-app';
import { withDatabase } from './helpers/test-database';

// The caches (decisions, list filters, the caller and the repository looked
// up by name) are on, as in the app by default: every spec asks once to warm
// them, changes something, and expects the very next answer to follow.
describe('the authorization caches are never wrong', () => {
  let testApp: TestApp;
  const as = (user: string) => ({
    get: (path: string) =>
      request(testApp.app.getHttpServer())
        .get(path)
        .set('X-User', user)
        .set('Accept', 'application/json'),
    put: (path: string, body: object) =>
      request(testApp.app.getHttpServer())
        .put(path)
        .set('X-User', user)
        .set('Accept', 'application/json')
        .send(body),
    delete: (path: string) =>
      request(testApp.app.getHttpServer())
        .delete(path)
        .set('X-User', user)
        .set('Accept', 'application/json'),
  });
  /** Answers twice the same: the second from the caches. */
  const twice = async (user: string, path: string) => {
    const first = await as(user).get(path);
    const again = await as(user).get(path);
    expect(again.status).toBe(first.status);
    return first.status;
  };

  beforeEach(async () => {
    testApp = await createTestApp({
      policies: readPolicies(SEED_POLICIES),
    });
  });
  afterEach(() => testApp.close());

  it('answers a repeated request without a database query', async () => {
    expect(await twice('larry', '/repo/gmail')).toBe(200);
    expect(await twice('larry', '/repo/oso')).toBe(404);
    expect(await twice('larry', '/repo/osx')).toBe(404);
    const sql = captureSql(testApp.app);
    expect((await as('larry').get('/repo/gmail')).status).toBe(200);
    expect((await as('larry').get('/repo/oso')).status).toBe(404);
    expect((await as('larry').get('/repo/osx')).status).toBe(404);
    expect(sql).toEqual([]);
  });

  it("keeps each caller's lookups apart: another's requests warm none of them", async () => {
    expect(await twice('graham', '/repo/oso')).toBe(200);
    expect(await twice('larry', '/repo/gmail')).toBe(200);
    const statements = async (path: string) => {
      const sql = captureSql(testApp.app);
      expect((await as('larry').get(path)).status).toBe(404);
      return sql.length;
    };
    expect(await statements('/repo/oso')).toBe(await statements('/repo/osx'));
  });

  it('keeps no unknown caller: a name anyone may send crowds out nothing', async () => {
    const oso = testApp.app.get(OsoService);
    const before = oso.cachedAnswers;
    for (let i = 0; i < 20; i += 1) {
      expect((await as(`nobody${i}`).get('/repo/gmail')).status).toBe(401);
    }
    expect(oso.cachedAnswers).toBe(before);
    const sql = captureSql(testApp.app);
    await as('nobody0').get('/repo/gmail');
    expect(sql.some((statement) => /FROM "users"/.test(statement))).toBe(true);
  });

  it('follows a role granted, then revoked, on the very next request', async () => {
    expect(await twice('anne', '/repo/gmail')).toBe(404);
    expect(await twice('anne', '/repos')).toBe(200);
    expect(
      (await as('larry').put('/repo/gmail/roles/anne', { role: 'maintainer' }))
        .status,
    ).toBe(201);
    expect((await as('anne').get('/repo/gmail')).status).toBe(200);
    expect((await as('anne').get('/repo/gmail/actions')).body).toEqual({
      actions: ['push', 'read'],
    });
    const names = (await as('anne').get('/repos')).body as {
      items: { name: string }[];
    };
    expect(names.items.map((r) => r.name)).toContain('gmail');

    expect((await as('larry').delete('/repo/gmail/roles/anne')).status).toBe(
      204,
    );
    expect((await as('anne').get('/repo/gmail')).status).toBe(404);
    const after = (await as('anne').get('/repos')).body as {
      items: { name: string }[];
    };
    expect(after.items.map((r) => r.name)).not.toContain('gmail');
  });

  it('follows a repository deleted, with its roles, on the very next request', async () => {
    expect(await twice('larry', '/repo/gmail')).toBe(200);
    expect(await twice('larry', '/repo/gmail/actions')).toBe(200);
    expect(await twice('larry', '/repo/gmail/roles')).toBe(200);
    expect((await as('larry').delete('/repo/gmail')).status).toBe(204);
    expect((await as('larry').get('/repo/gmail')).status).toBe(404);
    expect((await as('larry').get('/repo/gmail/actions')).status).toBe(404);
    expect((await as('larry').get('/repo/gmail/roles')).status).toBe(404);
    const names = (await as('larry').get('/repos')).body as {
      items: unknown[];
    };
    expect(names.items).toEqual([]);
  });

  it('follows a user removed on the very next request: 401', async () => {
    const db = testApp.app.get(DataSource);
    const dora = await db.getRepository(User).save({ name: 'dora' });
    const oso = await db.getRepository(Repository).findOneByOrFail({
      name: 'oso',
    });
    await db
      .getRepository(Role)
      .insert({ name: 'admin', userId: dora.id, repositoryId: oso.id });
    expect(await twice('dora', '/repo/oso')).toBe(200);
    await db.getRepository(User).delete({ name: 'dora' });
    expect((await as('dora').get('/repo/oso')).status).toBe(401);
  });

  it('follows the policy reloaded, at once', async () => {
    expect(await twice('larry', '/repo/react')).toBe(404);
    expect(await twice('larry', '/repos')).toBe(200);
    const policyDir = join(testApp.dir, 'policies');
    for (const [name, text] of Object.entries(
      readPolicies(TUTORIAL_POLICIES),
    )) {
      writeFileSync(join(policyDir, name), text);
    }
    await testApp.app.get(OsoService).reload();
    expect((await as('larry').get('/repo/react')).status).toBe(200);
    const names = (await as('larry').get('/repos')).body as {
      items: { name: string }[];
    };
    expect(names.items.map((r) => r.name)).toEqual(['gmail', 'react']);
  });

  it('follows a write it was not told of once the TTL has passed', async () => {
    await testApp.close();
    testApp = await createTestApp({
      policies: readPolicies(SEED_POLICIES),
      env: { AUTHZ_CACHE_TTL_MS: '100' },
    });
    expect(await twice('anne', '/repo/gmail')).toBe(404);
    // Another process's write: a connection of its own, unseen by the app.
    await withDatabase(testApp.databaseUrl, (other) =>
      other.query(
        `INSERT INTO "roles" ("name", "userId", "repositoryId") SELECT 'contributor', "users"."id", "repositories"."id" FROM "users", "repositories" WHERE "users"."name" = 'anne' AND "repositories"."name" = 'gmail'`,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await as('anne').get('/repo/gmail')).status).toBe(200);
  });

  it('never keeps more answers than AUTHZ_CACHE_MAX', async () => {
    await testApp.close();
    testApp = await createTestApp({
      policies: readPolicies(SEED_POLICIES),
      env: { AUTHZ_CACHE_MAX: '5' },
    });
    const oso = testApp.app.get(OsoService);
    let most = 0;
    for (const user of ['larry', 'anne', 'graham']) {
      for (const repo of ['gmail', 'react', 'oso', 'nope']) {
        await as(user).get(`/repo/${repo}`);
        await as(user).get(`/repo/${repo}/actions`);
        most = Math.max(most, oso.cachedAnswers);
      }
    }
    expect(most).toBe(5);
  });
});
