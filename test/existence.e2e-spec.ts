import { Oso } from 'oso';
import { DataSource } from 'typeorm';
import { RouteReportService } from '../src/authorization';
import { Issue } from '../src/issues/issue.entity';
import { captureSql } from './helpers/capture-sql';
import { comparableAnswer } from './helpers/invariants';
import { sendRoute } from './helpers/send';
import { REPOS, SEED_ROLES, USERS } from './helpers/seed-access';
import { createTestApp, type TestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

/**
 * On every route that names a repository, the ones the app has now and any
 * added later (the list comes from the app itself), a repository the caller
 * may not read answers exactly like one that does not exist. A route that
 * also names an issue asks for one that exists on the hidden repository.
 */
describe('existence is never leaked', () => {
  let testApp: TestApp;
  /** repository name -> the id of an issue on it */
  const issueOn = new Map<string, number>();
  beforeAll(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES });
    const issues = await testApp.app
      .get(DataSource)
      .getRepository(Issue)
      .find({ relations: { repository: true } });
    for (const issue of issues) issueOn.set(issue.repository.name, issue.id);
  });
  afterAll(() => testApp.close());

  const routes = () =>
    testApp.app
      .get(RouteReportService)
      .routes()
      .filter((route) => route.path.includes(':name'));

  /** `name` is asked about; its issue is `issueOf`'s, for hidden and missing alike. */
  const call = (
    method: string,
    path: string,
    name: string,
    user: string,
    accept: string,
    issueOf = name,
  ) => {
    const url = path
      .replace(':name', encodeURIComponent(name))
      .replace(':user', 'anne')
      .replace(':id', String(issueOn.get(issueOf)));
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
          const missing = await call(
            method,
            path,
            `no-${repo}`,
            user,
            accept,
            repo,
          );
          expect(seen.status).toBe(404);
          expect(comparableAnswer(seen, repo)).toEqual(
            comparableAnswer(missing, `no-${repo}`),
          );
        }
      }
    },
  );

  // Timing follows work: a missing repository must cost the policy queries
  // and the SQL statements a hidden one does. Oso is watched, not changed:
  // every call goes through.
  it.each(hidden)(
    'as %s, %s takes the same policy queries and statements as a missing one on every such route',
    async (user, repo) => {
      const queries = jest.spyOn(Oso.prototype, 'queryRuleOnce');
      const asked = async (method: string, path: string, name: string) => {
        queries.mockClear();
        const sql = captureSql(testApp.app);
        const res = await call(method, path, name, user, '*/*', repo);
        expect(res.status).toBe(404);
        return {
          policy: queries.mock.calls.map(([rule, , action, resource]) => [
            rule,
            action,
            (resource as object).constructor.name,
          ]),
          statements: sql.length,
        };
      };
      try {
        for (const { method, path } of routes()) {
          const seen = await asked(method, path, repo);
          expect(seen.policy.length).toBeGreaterThan(0);
          expect(await asked(method, path, `${repo}x`)).toEqual(seen);
        }
      } finally {
        queries.mockRestore();
      }
    },
  );
});
