import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * PostgreSQL advisory lock keys: instances that start at once migrate, and
 * seed, one after the other. Any 64-bit numbers no other app on the
 * database uses.
 */
export const MIGRATE_LOCK = 7_021_101;
const SEED_LOCK = 7_021_102;

const isPostgres = (dataSource: DataSource) =>
  dataSource.options.type === 'postgres';

/** How long a sqlite instance waits for another's migrations, in tries 100 ms apart. */
const SQLITE_TRIES = 100;

/**
 * Runs `work` on `runner`'s connection while it holds the migration lock.
 * sqlite has no such lock: a second process that migrates at the same
 * moment fails on what the first created (or on its lock), and tries again,
 * to find the work done.
 */
export async function withMigrationLock<T>(
  runner: QueryRunner,
  work: () => Promise<T>,
): Promise<T> {
  if (!isPostgres(runner.connection)) {
    for (let tries = 1; ; tries += 1) {
      try {
        return await work();
      } catch (error) {
        if (tries >= SQLITE_TRIES || !isMigrationRace(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
  // Waiting for another instance's migrations, and running them, may take
  // longer than DB_QUERY_TIMEOUT_MS allows a request's statement.
  await runner.query('SET statement_timeout = 0');
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]);
    }
  } finally {
    await runner.query('RESET statement_timeout');
  }
}

/**
 * Takes the seed lock until `manager`'s transaction ends. On sqlite, a
 * write that changes nothing: it takes the file's write lock at once, so a
 * second process waits here (the busy timeout) rather than reading the
 * database empty too and failing to write after the first.
 */
export async function takeSeedLock(manager: EntityManager): Promise<void> {
  await (isPostgres(manager.connection)
    ? manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK])
    : manager.query('UPDATE "users" SET "id" = "id" WHERE 0 = 1'));
}

/** Whether `error` is another sqlite process migrating at the same moment. */
function isMigrationRace(error: unknown): boolean {
  const { code, message } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
  };
  return (
    code === 'SQLITE_BUSY' ||
    (code === 'SQLITE_ERROR' && /already exists/.test(String(message))) ||
    (code === 'SQLITE_CONSTRAINT' && /migrations/.test(String(message)))
  );
}
