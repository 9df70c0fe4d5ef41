import request from 'supertest';
import { DataSource } from 'typeorm';
import { captureSql } from './helpers/capture-sql';
import { SEED_POLICIES } from './helpers/policies';
import { createTestApp, type TestApp } from './helpers/test-app';

// A check reads the caller's role on the one repository, by both keys (the
// unique index): what it costs does not grow with the roles a repository
// or a caller hold, and a hidden repository costs what a missing one does.
describe("a check looks up the caller's role on one repository", () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({
      policies: SEED_POLICIES,
      env: { AUTHZ_CACHE: 'off' },
    });
    // Fifty more members of oso, and larry a member of fifty more repos.
    await testApp.app.get(DataSource).query(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
       INSERT INTO "users" ("name") SELECT 'member' || i FROM n`,
    );
    await testApp.app.get(DataSource).query(
      `INSERT INTO "roles" ("name", "userId", "repositoryId")
       SELECT 'contributor', "users"."id", "repositories"."id" FROM "users", "repositories"
       WHERE "users"."name" LIKE 'member%' AND "repositories"."name" = 'oso'`,
    );
  });
  afterAll(() => testApp.close());

  const rolesRead = async (user: string, repo: string) => {
    const sql = captureSql(testApp.app);
    const res = await request(testApp.app.getHttpServer())
      .get(`/repo/${repo}`)
      .set('X-User', user)
      .set('Accept', 'application/json');
    return {
      status: res.status,
      roles: sql.filter((statement) => /FROM "roles"/.test(statement)),
    };
  };

  it.each([
    ['larry', 'gmail', 200],
    ['larry', 'oso', 404],
    ['member1', 'oso', 200],
    ['larry', 'osx', 404],
  ])(
    'as %s on %s (%i): every roles query names the caller',
    async (user, repo, status) => {
      const seen = await rolesRead(user, repo);
      expect(seen.status).toBe(status);
      expect(seen.roles.length).toBeGreaterThan(0);
      for (const statement of seen.roles) {
        expect(statement).toMatch(/"Role"\."userId" (=|IS)/);
        expect(statement).toMatch(/"Role"\."repositoryId" (=|IS)/);
      }
    },
  );

  it('asks the same of a hidden repository with 50 members as of a missing one', async () => {
    // Up to the keys: the missing repository's is null. A key is a
    // parameter ($1) on PostgreSQL, written into the statement on sqlite.
    const shape = (statements: string[]) =>
      statements.map((statement) =>
        statement
          .replace(/ IS NULL/g, ' = N')
          .replace(/\$\d+|\?|\b\d+\b/g, 'N'),
      );
    const hidden = await rolesRead('larry', 'oso');
    const missing = await rolesRead('larry', 'osx');
    expect(shape(missing.roles)).toEqual(shape(hidden.roles));
  });
});
