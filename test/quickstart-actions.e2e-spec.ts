import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { Role } from '../src/users/role.entity';
import { send } from './helpers/send';
import { createTestApp, type TestApp } from './helpers/test-app';
import { SEED_POLICIES, TUTORIAL_POLICIES } from './helpers/policies';

const names = (res: request.Response) =>
  (res.body as { items: { name: string }[] }).items.map((item) => item.name);

describe('the actions beyond read, as the issue walks through them', () => {
  let testApp: TestApp;
  let app: INestApplication<App>;
  beforeEach(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES });
    app = testApp.app;
  });
  afterEach(() => testApp.close());

  const as = (user: string) => ({
    push: (repo: string) =>
      send(app.getHttpServer(), user, { kind: 'push', repo }),
    delete: (repo: string) =>
      send(app.getHttpServer(), user, { kind: 'delete', repo }),
    read: (repo: string) =>
      send(app.getHttpServer(), user, { kind: 'read', repo }),
    list: () => request(app.getHttpServer()).get('/repos').set('X-User', user),
  });

  it('larry pushes and deletes gmail, and cannot see react to push it', async () => {
    expect((await as('larry').push('gmail')).status).toBe(200);
    expect((await as('larry').push('react')).status).toBe(404);
    expect((await as('larry').delete('gmail')).status).toBe(204);
  });

  it('anne pushes react but may not delete it; graham may not push oso', async () => {
    expect((await as('anne').push('react')).status).toBe(200);
    expect((await as('anne').delete('react')).status).toBe(403);
    expect((await as('graham').push('oso')).status).toBe(403);
  });

  it('each user lists exactly the repo they hold a role on', async () => {
    expect(names(await as('larry').list())).toEqual(['gmail']);
    expect(names(await as('anne').list())).toEqual(['react']);
    expect(names(await as('graham').list())).toEqual(['oso']);
  });

  it('larry grants graham maintainer on gmail, and graham can push it at once', async () => {
    expect((await as('graham').push('gmail')).status).toBe(404);
    const grant = await send(app.getHttpServer(), 'larry', {
      kind: 'grant',
      repo: 'gmail',
      target: 'graham',
      role: 'maintainer',
    });
    expect(grant.status).toBe(201);
    expect((await as('graham').push('gmail')).status).toBe(200);
    expect(names(await as('graham').list())).toEqual(['gmail', 'oso']);
  });

  it('a role change and a revoke take effect on the next request', async () => {
    const grant = (role: string) =>
      send(app.getHttpServer(), 'larry', {
        kind: 'grant',
        repo: 'gmail',
        target: 'anne',
        role,
      });
    expect((await grant('maintainer')).status).toBe(201);
    expect((await as('anne').push('gmail')).status).toBe(200);
    expect((await grant('contributor')).status).toBe(200);
    expect((await as('anne').push('gmail')).status).toBe(403);
    const revoke = await send(app.getHttpServer(), 'larry', {
      kind: 'revoke',
      repo: 'gmail',
      target: 'anne',
    });
    expect(revoke.status).toBe(204);
    expect((await as('anne').read('gmail')).status).toBe(404);
  });

  it('a push is recorded: count, time and who, kept across a restart', async () => {
    const before = Date.now();
    await as('larry').push('gmail');
    const second = await as('larry').push('gmail');
    expect(second.body).toMatchObject({
      name: 'gmail',
      pushCount: 2,
      lastPushedBy: 'larry',
    });
    const at = Date.parse(
      (second.body as { lastPushedAt: string }).lastPushedAt,
    );
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);

    app = await testApp.restart();
    const after = await as('larry').read('gmail');
    expect(after.body).toEqual(second.body);
  });

  it('counts every one of many concurrent pushes', async () => {
    const pushes = await Promise.all(
      Array.from({ length: 25 }, () => as('anne').push('react')),
    );
    expect(pushes.map((res) => res.status)).toEqual(Array(25).fill(200));
    expect((await as('anne').read('react')).body).toMatchObject({
      pushCount: 25,
    });
  });

  it('delete removes the repository and its roles, and only those', async () => {
    const roles = app.get(DataSource).getRepository(Role);
    expect(await roles.count()).toBe(3);
    expect((await as('larry').delete('gmail')).status).toBe(204);
    expect(await roles.count()).toBe(2);
    expect(await roles.countBy({ repository: { name: 'gmail' } })).toBe(0);
    expect((await as('larry').delete('gmail')).status).toBe(404);
    expect((await as('larry').read('gmail')).status).toBe(404);
    expect(names(await as('larry').list())).toEqual([]);
  });
});

describe('the tutorial rule in the list', () => {
  it('adds react for every user, without code changes', async () => {
    const { app, close } = await createTestApp({
      policies: TUTORIAL_POLICIES,
    });
    try {
      for (const [user, expected] of [
        ['larry', ['gmail', 'react']],
        ['anne', ['react']],
        ['graham', ['oso', 'react']],
      ] as const) {
        const res = await request(app.getHttpServer())
          .get('/repos')
          .set('X-User', user);
        expect(names(res)).toEqual(expected);
      }
    } finally {
      await close();
    }
  });
});
