import { Oso } from 'oso';
import { DataSource } from 'typeorm';
import { RouteReportService } from '../../src/authorization';
import { Issue } from '../../src/issues/issue.entity';
import { captureSql } from './capture-sql';
import { comparableAnswer } from './invariants';
import { sendRoute } from './send';
import { REPOS } from './seed-access';
import { createTestApp, type TestApp } from './test-app';
import type { Policies } from './policies';

/**
 * What a route's parameters besides :name stand for, given the repository
 * it names: the latest thing on it, so a hidden repository's route is
 * asked about a real thing. A new route with a parameter not listed here
 * fails the spec, naming it.
 */
const PARAMS: Record<
  string,
  (db: DataSource, repo: string) => Promise<string>
> = {
  user: () => Promise.resolve('anne'),
  id: async (db, repo) => {
    const issue = await db.getRepository(Issue).findOneOrFail({
      where: { repository: { name: repo } },
      order: { id: 'DESC' },
    });
    return String(issue.id);
  },
};

/**
 * Specs that on every route that names a repository, the ones the app has
 * now and any added later (the list comes from the app itself), a
 * repository the caller may not read answers exactly like one that does not
 * exist: the same answer, the same policy queries, the same SQL statements.
 */
export function existenceSpecs({
  policies,
  prepare,
  hidden,
}: {
  policies?: Policies;
  /** Requests that set the scene, before the parameters are looked up. */
  prepare?: (app: TestApp['app']) => Promise<void>;
  /** [user, repository] pairs, the repository hidden from the user. */
  hidden: (readonly [string, string])[];
}) {
  let testApp: TestApp;
  /** `${param} ${repo}` -> its value on that repository */
  const values = new Map<string, string>();
  beforeAll(async () => {
    testApp = await createTestApp({ policies });
    await prepare?.(testApp.app);
    const params = routes().flatMap(({ path }) =>
      [...path.matchAll(/:(\w+)/g)].map(([, param]) => param),
    );
    for (const param of new Set(params.filter((p) => p !== 'name'))) {
      const value = PARAMS[param];
      if (!value) {
        throw new Error(`No value for :${param}: add one to PARAMS here`);
      }
      for (const repo of REPOS) {
        values.set(
          `${param} ${repo}`,
          await value(testApp.app.get(DataSource), repo),
        );
      }
    }
  });
  afterAll(() => testApp.close());

  const routes = () =>
    testApp.app
      .get(RouteReportService)
      .routes()
      .filter((route) => route.path.includes(':name'));

  /** Asks about `name`, the other parameters those of `paramsOf`, hidden and missing alike. */
  const call = (
    method: string,
    path: string,
    name: string,
    user: string,
    accept: string,
    paramsOf: string,
  ) => {
    const url = path.replace(/:(\w+)/g, (_, param: string) =>
      encodeURIComponent(
        param === 'name' ? name : values.get(`${param} ${paramsOf}`)!,
      ),
    );
    const req = sendRoute(testApp.app.getHttpServer(), method, url);
    return req.set('X-User', user).set('Accept', accept);
  };

  it('covers every route that names a repository', () => {
    expect(routes().length).toBeGreaterThanOrEqual(7);
  });

  it.each(hidden)(
    'as %s, %s looks missing on every such route, in HTML and JSON',
    async (user, repo) => {
      for (const { method, path } of routes()) {
        for (const accept of ['*/*', 'application/json']) {
          const seen = await call(method, path, repo, user, accept, repo);
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
  // and the SQL statements a hidden one does, asked first (after a write,
  // which empties every cache) and asked again (answered from the caches).
  // Oso is watched, not changed: every call goes through.
  it.each(hidden)(
    'as %s, %s takes the same policy queries and statements as a missing one on every such route, asked first and again',
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
      const firstAndAgain = async (
        method: string,
        path: string,
        name: string,
      ) => {
        await testApp.app
          .get(DataSource)
          .query('DELETE FROM "roles" WHERE 1 = 0');
        const first = await asked(method, path, name);
        return { first, again: await asked(method, path, name) };
      };
      try {
        for (const { method, path } of routes()) {
          const seen = await firstAndAgain(method, path, repo);
          expect(seen.first.policy.length).toBeGreaterThan(0);
          expect(await firstAndAgain(method, path, `${repo}x`)).toEqual(seen);
        }
      } finally {
        queries.mockRestore();
      }
    },
  );
}
