import { withSqlite } from './sqlite-file';

/** Rows per INSERT: 3 parameters each, well under sqlite's limit. */
const BATCH = 500;

/**
 * Adds `count` issues to repository `repository` of the database `file`, in
 * one transaction, their creators taking turns among the users who hold a
 * role on it (`db:seed` spreads issues over every repository; the lists'
 * target wants them all on one). Returns those users' names: the callers
 * who can read the repository, by id.
 */
export function addIssues(
  file: string,
  repository: string,
  count: number,
): Promise<string[]> {
  return withSqlite(file, async (db) => {
    const [repo] = await db.all<{ id: number }>(
      'SELECT "id" FROM "repositories" WHERE "name" = ?',
      [repository],
    );
    if (!repo) throw new Error(`No repository ${repository} to add issues to`);
    const holders = await db.all<{ id: number; name: string }>(
      'SELECT "users"."id", "users"."name" FROM "roles" JOIN "users" ON "users"."id" = "roles"."userId" WHERE "roles"."repositoryId" = ? ORDER BY "users"."id"',
      [repo.id],
    );
    if (holders.length === 0) {
      throw new Error(`Nobody holds a role on ${repository}`);
    }
    await db.run('BEGIN');
    try {
      for (let start = 0; start < count; start += BATCH) {
        const size = Math.min(BATCH, count - start);
        const params: unknown[] = [];
        for (let i = start; i < start + size; i += 1) {
          params.push(
            `Bench issue ${i + 1}`,
            repo.id,
            holders[i % holders.length].id,
          );
        }
        await db.run(
          `INSERT INTO "issues" ("title", "repositoryId", "creatorId") VALUES ${Array(size).fill('(?, ?, ?)').join(', ')}`,
          params,
        );
      }
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK');
      throw error;
    }
    return holders.map(({ name }) => name);
  });
}
