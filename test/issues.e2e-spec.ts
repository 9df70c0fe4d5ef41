import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { captureSql } from './helpers/capture-sql';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * The issue routes against the live policy (policies/*.polar). Who may do
 * what is the policy tests' business (policies/*.test.yaml); these callers'
 * access comes from their roles on private repositories, which the README's
 * tutorial leaves as it is.
 */
describe('issues on a repository', () => {
  let testApp: TestApp;
  let app: INestApplication<App>;

  beforeEach(async () => {
    testApp = await createTestApp();
    app = testApp.app;
  });
  afterEach(() => testApp.close());

  const as = (user: string) => {
    const agent = request(app.getHttpServer());
    const json = (req: request.Test) =>
      req.set('X-User', user).set('Accept', 'application/json');
    return {
      open: (repo: string, body: object) =>
        json(agent.post(`/repo/${repo}/issues`)).send(body),
      show: (repo: string, id: number | string) =>
        json(agent.get(`/repo/${repo}/issues/${id}`)),
      close: (repo: string, id: number | string) =>
        json(agent.post(`/repo/${repo}/issues/${id}/close`)),
      list: (repo: string, query = '') =>
        json(agent.get(`/repo/${repo}/issues${query}`)),
      grant: (repo: string, user: string, role: string) =>
        json(agent.put(`/repo/${repo}/roles/${user}`)).send({ role }),
    };
  };

  const notFound = (repo: string, id: number | string) => ({
    statusCode: 404,
    error: 'Not Found',
    message: `Issue ${id} of repo ${repo} was not found`,
  });

  async function open(user: string, repo: string, title: string) {
    const res = await as(user).open(repo, { title });
    expect(res.status).toBe(201);
    return res.body as { id: number };
  }

  it('graham opens an issue on oso, reads it and closes it', async () => {
    const opened = await as('graham').open('oso', { title: 'Docs typo' });
    expect(opened.status).toBe(201);
    const issue = {
      id: expect.any(Number) as number,
      title: 'Docs typo',
      closed: false,
      repository: 'oso',
      creator: 'graham',
    };
    expect(opened.body).toEqual(issue);
    const { id } = opened.body as { id: number };

    const shown = await as('graham').show('oso', id);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ ...issue, id });

    const closed = await as('graham').close('oso', id);
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual({ ...issue, id, closed: true });
    expect((await as('graham').show('oso', id)).body).toMatchObject({
      closed: true,
    });
  });

  it('anne, who cannot read oso, gets the 404 of a missing issue for it', async () => {
    const { id } = await open('graham', 'oso', 'Hidden from anne');
    const missing = id + 1000;
    for (const [res, asked] of [
      [await as('anne').show('oso', id), id],
      [await as('anne').close('oso', id), id],
      [await as('anne').show('oso', missing), missing],
      [await as('anne').close('oso', missing), missing],
    ] as const) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(notFound('oso', asked));
    }
    expect((await as('anne').list('oso')).status).toBe(404);
    expect((await as('anne').open('oso', { title: 'x' })).status).toBe(404);
    expect((await as('graham').show('oso', id)).body).toMatchObject({
      closed: false,
    });
  });

  it('larry, admin of gmail, closes any issue on it; a contributor only their own', async () => {
    expect(
      (await as('larry').grant('gmail', 'graham', 'contributor')).status,
    ).toBe(201);
    const mine = await open('graham', 'gmail', 'Graham on gmail');
    const larrys = await open('larry', 'gmail', 'Larry on gmail');

    expect((await as('graham').close('gmail', larrys.id)).status).toBe(403);
    expect((await as('larry').close('gmail', mine.id)).status).toBe(200);
    expect((await as('graham').close('gmail', larrys.id)).status).toBe(403);
    expect((await as('larry').close('gmail', larrys.id)).status).toBe(200);
  });

  it('a creator who loses the repository loses the issue too', async () => {
    expect(
      (await as('larry').grant('gmail', 'graham', 'contributor')).status,
    ).toBe(201);
    const { id } = await open('graham', 'gmail', 'Soon out of reach');
    const revoked = await request(app.getHttpServer())
      .delete('/repo/gmail/roles/graham')
      .set('X-User', 'larry');
    expect(revoked.status).toBe(204);
    const res = await as('graham').close('gmail', id);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(notFound('gmail', id));
  });

  it('goes with its repository', async () => {
    await open('larry', 'gmail', 'Soon gone');
    const deleted = await request(app.getHttpServer())
      .delete('/repo/gmail')
      .set('X-User', 'larry');
    expect(deleted.status).toBe(204);
    expect((await as('larry').list('gmail')).status).toBe(404);
  });

  it('finds an issue only under its own repository', async () => {
    const { id } = await open('graham', 'oso', 'On oso');
    expect((await as('graham').show('oso', id)).status).toBe(200);
    for (const repo of ['gmail', 'react', 'nope']) {
      const res = await as('larry').show(repo, id);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(notFound(repo, id));
    }
  });

  it('lists exactly the issues of the repository, in order of opening', async () => {
    const { id } = await open('graham', 'oso', 'Second on oso');
    const res = await as('graham').list('oso');
    expect(res.status).toBe(200);
    const { items, total } = res.body as {
      items: { id: number; repository: string }[];
      total: number;
    };
    expect(items.every((issue) => issue.repository === 'oso')).toBe(true);
    expect(items.at(-1)).toMatchObject({ id, title: 'Second on oso' });
    expect(total).toBe(items.length);
    expect(items.map((issue) => issue.id)).toEqual(
      [...items.map((issue) => issue.id)].sort((a, b) => a - b),
    );
  });

  it('pages the list in the database: the same statements for 5 issues or 30', async () => {
    // Statements up to the numbers in them (ids and row counts differ) and
    // the order of their words (Polar does not fix the order of its terms).
    const statementsFor = async () => {
      const sql = captureSql(app);
      const res = await as('larry').list('gmail', '?limit=2&offset=1');
      expect(res.status).toBe(200);
      const words = (statement: string) =>
        statement
          .replace(/\d+/g, 'N')
          .split(/[\s()]+/)
          .sort()
          .join(' ');
      return {
        sql,
        shapes: sql.map(words),
        body: res.body as { items: unknown[]; total: number },
      };
    };
    const openMany = async (count: number) => {
      for (let i = 0; i < count; i += 1) await open('larry', 'gmail', `#${i}`);
    };
    await openMany(3);
    const before = await statementsFor();
    await openMany(25);
    const after = await statementsFor();

    expect(after.body.total).toBe(before.body.total + 25);
    expect(after.body.items).toHaveLength(2);
    expect(after.shapes).toEqual(before.shapes);
    expect(after.sql.filter((sql) => /FROM "issues"/.test(sql))).toHaveLength(
      2,
    );
  });
});
