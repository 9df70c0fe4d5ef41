import request from 'supertest';
import { readPolicies, SEED_POLICIES } from './helpers/policies';
import { REPOS, USERS } from './helpers/seed-access';
import { createTestApp, type TestApp } from './helpers/test-app';

// A filtered list holds exactly what single checks allow: also where a rule
// compares a nullable column (null in the seed until a push: Polar's
// `nil != "x"` holds, SQL's `NULL != 'x'` does not, and the list must follow
// Polar), and where a rule only asks that a related row exists (a branch
// oso's merged filter would carry without any condition).
const RULES = [
  'r.lastPushedBy != "mallory"',
  'r.lastPushedBy = nil',
  'r.lastPushedBy != nil',
  'r.lastPushedBy = "larry"',
  'r.lastPushedBy != "larry"',
  '_role in r.roles',
  '_role in r.roles and r.isPublic = false',
];

describe.each(RULES)(
  'GET /repos agrees with GET /repo/:name under %s',
  (rule) => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await createTestApp({
        policies: {
          ...readPolicies(SEED_POLICIES),
          'rule.polar': `has_permission(_: User, "read", r: Repository) if ${rule};\n`,
        },
      });
      // larry pushes to gmail: one repository with a pusher, two without.
      const push = await request(testApp.app.getHttpServer())
        .post('/repo/gmail/push')
        .set('X-User', 'larry');
      expect(push.status).toBe(200);
    });
    afterAll(() => testApp.close());

    it.each(USERS)('as %s', async (user) => {
      const as = (path: string) =>
        request(testApp.app.getHttpServer())
          .get(path)
          .set('X-User', user)
          .set('Accept', 'application/json');
      const readable: string[] = [];
      for (const repo of REPOS) {
        if ((await as(`/repo/${repo}`)).status === 200) readable.push(repo);
      }
      const listed = (await as('/repos')).body as { items: { name: string }[] };
      expect(listed.items.map(({ name }) => name)).toEqual(readable.sort());
    });
  },
);
