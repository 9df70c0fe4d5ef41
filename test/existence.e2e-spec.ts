import { Oso } from 'oso';
import { RouteReportService } from '../src/authorization';
import { comparableAnswer } from './helpers/invariants';
import { sendRoute } from './helpers/send';
import { REPOS, SEED_ROLES, USERS } from './helpers/seed-access';
import { createTestApp, type TestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

/**
 * On every route that names a repository, the ones the app has now and any
 * added later (the list comes from the app itself), a repository the caller
 * may not read answers exactly like one that does not exist.
 */
describe('existence is never leaked', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES });
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
    const req = sendRoute(testApp.app.getHttpServer(), method, url);
    return req.set('X-User', user).set('Accept', accept);
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
          expect(comparableAnswer(seen, repo)).toEqual(
            comparableAnswer(missing, `no-${repo}`),
          );
        }
      }
    },
  );

  // Timing follows work: a missing repository must cost the policy queries a
  // hidden one does. Oso is watched, not changed: every call goes through.
  it.each(hidden)(
    'as %s, %s takes the same policy queries as a missing one on every such route',
    async (user, repo) => {
      const queries = jest.spyOn(Oso.prototype, 'queryRuleOnce');
      const asked = async (method: string, path: string, name: string) => {
        queries.mockClear();
        expect((await call(method, path, name, user, '*/*')).status).toBe(404);
        return queries.mock.calls.map(([rule, , action, resource]) => [
          rule,
          action,
          (resource as object).constructor.name,
        ]);
      };
      try {
        for (const { method, path } of routes()) {
          const seen = await asked(method, path, repo);
          expect(seen.length).toBeGreaterThan(0);
          expect(await asked(method, path, `${repo}x`)).toEqual(seen);
        }
      } finally {
        queries.mockRestore();
      }
    },
  );
});
