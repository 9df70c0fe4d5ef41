import request from 'supertest';
import { DataSource } from 'typeorm';
import { Issue } from '../src/issues/issue.entity';
import { captureSql } from './helpers/capture-sql';
import { createTestApp, type TestApp } from './helpers/test-app';

// With the authorization caches on, as the app runs: each spec asks once to
// warm them, changes something, and expects the very next answer to follow.
describe('issues under the authorization caches', () => {
  let testApp: TestApp;
  const as = (user: string) => {
    const server = () => testApp.app.getHttpServer();
    const set = (req: request.Test) =>
      req.set('X-User', user).set('Accept', 'application/json');
    return {
      get: (path: string) => set(request(server()).get(path)),
      post: (path: string, body?: object) =>
        body
          ? set(request(server()).post(path)).send(body)
          : set(request(server()).post(path)),
      put: (path: string, body: object) =>
        set(request(server()).put(path)).send(body),
      delete: (path: string) => set(request(server()).delete(path)),
    };
  };
  /** Asks twice: the second answer comes from the caches. */
  const twice = async (user: string, path: string) => {
    const first = await as(user).get(path);
    expect((await as(user).get(path)).status).toBe(first.status);
    return first.status;
  };
  const open = async (user: string, repo: string) => {
    const res = await as(user).post(`/repo/${repo}/issues`, {
      title: 'Cached',
    });
    expect(res.status).toBe(201);
    return `/repo/${repo}/issues/${(res.body as { id: number }).id}`;
  };

  beforeEach(async () => {
    testApp = await createTestApp();
  });
  afterEach(() => testApp.close());

  it('answers a hidden issue asked again, and a missing one, without a database query', async () => {
    const hidden = await open('larry', 'gmail');
    const missing = `/repo/gmail/issues/${Number(hidden.split('/').pop()) + 1000}`;
    expect(await twice('anne', hidden)).toBe(404);
    expect(await twice('anne', missing)).toBe(404);
    const sql = captureSql(testApp.app);
    expect((await as('anne').get(hidden)).status).toBe(404);
    expect((await as('anne').get(missing)).status).toBe(404);
    expect(sql).toEqual([]);
  });

  it('follows the repository deleted, its issues going with it, on the very next request', async () => {
    const issue = await open('larry', 'gmail');
    expect(await twice('larry', issue)).toBe(200);
    expect(await twice('larry', '/repo/gmail/issues')).toBe(200);
    expect((await as('larry').delete('/repo/gmail')).status).toBe(204);
    expect((await as('larry').get(issue)).status).toBe(404);
    expect((await as('larry').get('/repo/gmail/issues')).status).toBe(404);
  });

  it('follows an issue deleted in SQL on the very next request', async () => {
    const issue = await open('larry', 'gmail');
    expect(await twice('larry', issue)).toBe(200);
    await testApp.app
      .get(DataSource)
      .getRepository(Issue)
      .delete({ id: Number(issue.split('/').pop()) });
    expect((await as('larry').get(issue)).status).toBe(404);
    const list = (await as('larry').get('/repo/gmail/issues')).body as {
      items: { id: number }[];
    };
    expect(
      list.items.map(({ id }) => `/repo/gmail/issues/${id}`),
    ).not.toContain(issue);
  });

  it("follows the creator's role revoked: their issue is hidden on the very next request", async () => {
    expect(
      (
        await as('larry').put('/repo/gmail/roles/graham', {
          role: 'contributor',
        })
      ).status,
    ).toBe(201);
    const issue = await open('graham', 'gmail');
    expect(await twice('graham', issue)).toBe(200);
    expect(await twice('graham', '/repo/gmail/issues')).toBe(200);
    expect((await as('larry').delete('/repo/gmail/roles/graham')).status).toBe(
      204,
    );
    expect((await as('graham').get(issue)).status).toBe(404);
    expect((await as('graham').post(`${issue}/close`)).status).toBe(404);
    expect((await as('graham').get('/repo/gmail/issues')).status).toBe(404);
  });
});
