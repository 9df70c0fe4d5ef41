import request from 'supertest';
import { RouteReportService } from '../src/authorization';
import { REPOS, SEED_ROLES, USERS } from './helpers/seed-access';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * On every route that names a repository, the ones the app has now and any
 * added later (the list comes from the app itself), a repository the caller
 * may not read answers exactly like one that does not exist.
 */
describe('existence is never leaked', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  const routes = () =>
    testApp.app
      .get(RouteReportService)
      .routes()
      .filter((route) => route.path.includes(':name'));

  const call = (
    method: string,
    path: string,
    name: string,
    user: string,
    accept: string,
  ) => {
    const url = path
      .replace(':name', encodeURIComponent(name))
      .replace(':user', 'anne');
    const agent = request(testApp.app.getHttpServer());
    const req = (() => {
      switch (method) {
        case 'GET':
          return agent.get(url);
        case 'POST':
          return agent.post(url);
        case 'PUT':
          return agent.put(url).send({ role: 'contributor' });
        case 'DELETE':
          return agent.delete(url);
        default:
          throw new Error(`no test for ${method}`);
      }
    })();
    return req.set('X-User', user).set('Accept', accept);
  };

  /** The answer with what may differ taken out: these headers, and the name. */
  const comparable = (res: request.Response, name: string) => {
    const headers = { ...res.headers };
    for (const header of ['date', 'content-length', 'etag'])
      delete headers[header];
    return {
      status: res.status,
      headers,
      body: res.text.split(name).join('<name>'),
    };
  };

  it('covers every route that names a repository', () => {
    expect(routes().length).toBeGreaterThanOrEqual(7);
  });

  const hidden = USERS.flatMap((user) =>
    REPOS.filter((repo) => SEED_ROLES[user].repo !== repo).map((repo) => [
      user,
      repo,
    ]),
  );

  it.each(hidden)(
    'as %s, %s looks missing on every such route, in HTML and JSON',
    async (user, repo) => {
      for (const { method, path } of routes()) {
        for (const accept of ['*/*', 'application/json']) {
          const seen = await call(method, path, repo, user, accept);
          const missing = await call(method, path, `no-${repo}`, user, accept);
          expect(seen.status).toBe(404);
          expect(comparable(seen, repo)).toEqual(
            comparable(missing, `no-${repo}`),
          );
        }
      }
    },
  );
});
