import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { NotFoundError } from 'oso';
import { DataSource } from 'typeorm';
import { Repository } from '../src/repositories/repository.entity';
import { RolesService } from '../src/roles/roles.service';
import type { Operation } from './helpers/access-model';
import { HttpClient } from './helpers/http-client';
import { send } from './helpers/send';
import { createTestApp, type TestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

describe('/repo/:name/roles', () => {
  let app: INestApplication<App>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await createTestApp({ policies: SEED_POLICIES }));
  });
  afterAll(() => close());

  const put = (body: string | object, user = 'larry', target = 'anne') => {
    const req = request(app.getHttpServer())
      .put(`/repo/gmail/roles/${target}`)
      .set('X-User', user)
      .set('Accept', 'application/json');
    return typeof body === 'string'
      ? req.set('Content-Type', 'application/json').send(body)
      : req.send(body);
  };

  it('lists who holds which role', async () => {
    const res = await request(app.getHttpServer())
      .get('/repo/react/roles')
      .set('X-User', 'anne');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ roles: [{ user: 'anne', role: 'maintainer' }] });
  });

  it.each([
    [
      'an unknown role',
      { role: 'owner' },
      /role must be one of the following values: contributor, maintainer, admin/,
    ],
    ['no role', {}, /role must be one of the following values/],
    ['a role that is not a string', { role: 7 }, /role must be one of/],
    [
      'an unknown field',
      { role: 'admin', expires: 'never' },
      /property expires should not exist/,
    ],
    ['malformed JSON', '{"role":', /JSON/],
    ['a JSON list', '["admin"]', /role must be one of/],
    [
      'a field every object inherits',
      '{"role":"admin","constructor":{"x":1}}',
      /property constructor should not exist/,
    ],
    [
      'a prototype',
      '{"role":"admin","__proto__":{"isAdmin":true}}',
      /property __proto__ should not exist/,
    ],
  ])('refuses %s with 400 and a message', async (_label, body, message) => {
    const res = await put(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((res.body as { message: string }).message).toMatch(message);
  });

  it('answers 404 for a user that does not exist', async () => {
    const res = await put({ role: 'admin' }, 'larry', 'mallory');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ message: 'User mallory was not found' });
  });

  it('checks the permission before the body: a maintainer gets 403, an outsider 404', async () => {
    const anneOnReact = await request(app.getHttpServer())
      .put('/repo/react/roles/graham')
      .set('X-User', 'anne')
      .set('Accept', 'application/json')
      .send({ role: 'nonsense' });
    expect(anneOnReact.status).toBe(403);
    expect((await put({ role: 'nonsense' }, 'graham')).status).toBe(404);
  });

  it('answers 404 when revoking a role the user does not hold', async () => {
    const res = await request(app.getHttpServer())
      .delete('/repo/gmail/roles/graham')
      .set('X-User', 'larry')
      .set('Accept', 'application/json');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      message: 'User graham has no role on repo gmail',
    });
  });
});

describe('PUT /repo/:name/roles/:user answers', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES });
  });
  afterAll(() => testApp.close());

  const grant = (target: string, role: string) =>
    send(testApp.app.getHttpServer(), 'larry', {
      kind: 'grant',
      repo: 'gmail',
      target,
      role,
    });

  it('201 for a role the user did not hold, 200 for a change or the same role again', async () => {
    const created = await grant('anne', 'contributor');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ user: 'anne', role: 'contributor' });
    const changed = await grant('anne', 'maintainer');
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ user: 'anne', role: 'maintainer' });
    expect((await grant('anne', 'maintainer')).status).toBe(200);
  });
});

describe('the last admin of a repository', () => {
  let testApp: TestApp;
  beforeEach(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES });
  });
  afterEach(() => testApp.close());

  const as = (user: string, op: Operation) =>
    send(testApp.app.getHttpServer(), user, op);
  const rolesOnGmail = async (by = 'larry') =>
    (await as(by, { kind: 'roles', repo: 'gmail' })).body as {
      roles: { user: string; role: string }[];
    };
  const LAST_ADMIN = {
    statusCode: 409,
    error: 'Conflict',
    message:
      'User larry is the last admin of repo gmail: make another user admin first',
  };

  it.each([
    ['revoke the role', { kind: 'revoke', repo: 'gmail', target: 'larry' }],
    [
      'demote to maintainer',
      { kind: 'grant', repo: 'gmail', target: 'larry', role: 'maintainer' },
    ],
  ] as const)(
    'cannot %s of itself: 409, and nothing changes',
    async (_label, op) => {
      const res = await as('larry', op);
      expect(res.status).toBe(409);
      expect(res.body).toEqual(LAST_ADMIN);
      expect(await rolesOnGmail()).toEqual({
        roles: [{ user: 'larry', role: 'admin' }],
      });
    },
  );

  it('can step down once another user is admin, who then cannot', async () => {
    const op = (target: string, role?: string): Operation =>
      role
        ? { kind: 'grant', repo: 'gmail', target, role }
        : { kind: 'revoke', repo: 'gmail', target };
    expect((await as('larry', op('anne', 'admin'))).status).toBe(201);
    expect((await as('larry', op('larry', 'contributor'))).status).toBe(200);
    expect((await as('anne', op('larry'))).status).toBe(204);
    const anne = await as('anne', op('anne', 'maintainer'));
    expect(anne.status).toBe(409);
    expect(anne.body).toMatchObject({
      message:
        'User anne is the last admin of repo gmail: make another user admin first',
    });
    expect(await rolesOnGmail('anne')).toEqual({
      roles: [{ user: 'anne', role: 'admin' }],
    });
  });

  it('can still delete the repository', async () => {
    expect((await as('larry', { kind: 'delete', repo: 'gmail' })).status).toBe(
      204,
    );
    expect((await as('larry', { kind: 'read', repo: 'gmail' })).status).toBe(
      404,
    );
  });

  it('is never lost when two admins demote each other at the same moment', async () => {
    const client = await HttpClient.listen(testApp.app);
    try {
      for (let round = 0; round < 20; round += 1) {
        const grant = (by: string, target: string, role: string) =>
          client.send(by, { kind: 'grant', repo: 'gmail', target, role });
        await grant('larry', 'anne', 'admin');
        await grant('anne', 'larry', 'admin');
        const [larry, anne] = await Promise.all([
          grant('larry', 'anne', 'contributor'),
          grant('anne', 'larry', 'contributor'),
        ]);
        const statuses = [larry.status, anne.status].sort();
        // One wins; the other finds itself demoted (403) or its target the last admin (409).
        expect([
          [200, 403],
          [200, 409],
        ]).toContainEqual(statuses);
        const roles = (await client.call('larry', 'GET', '/repo/gmail/roles'))
          .body as { roles: { role: string }[] };
        expect(roles.roles.filter((r) => r.role === 'admin')).toHaveLength(1);
        const admin = larry.status === 200 ? 'larry' : 'anne';
        await grant(admin, admin === 'larry' ? 'anne' : 'larry', 'admin');
      }
    } finally {
      client.close();
    }
  });
});

describe('a role write whose repository was deleted after the guard found it', () => {
  let testApp: TestApp;
  beforeEach(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES });
  });
  afterEach(() => testApp.close());

  /** gmail as the guard loaded it, then deleted under the request. */
  async function deletedGmail(): Promise<Repository> {
    const repositories = testApp.app.get(DataSource).getRepository(Repository);
    const gmail = await repositories.findOneByOrFail({ name: 'gmail' });
    await repositories.delete({ id: gmail.id });
    return gmail;
  }

  it.each([
    [
      'a grant',
      (roles: RolesService, gmail: Repository) =>
        roles.grant(gmail, 'anne', 'contributor'),
    ],
    [
      'a revoke',
      (roles: RolesService, gmail: Repository) => roles.revoke(gmail, 'anne'),
    ],
  ])("is oso's NotFoundError, the route's 404: %s", async (_label, write) => {
    const gmail = await deletedGmail();
    await expect(
      write(testApp.app.get(RolesService), gmail),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
