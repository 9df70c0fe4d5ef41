import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * PostgreSQL advisory lock keys: instances that start at once migrate, and
 * seed, one after the other. Any 64-bit numbers no other app on the
 * database uses.
 */
const MIGRATE_LOCK = 7_021_101;
const SEED_LOCK = 7_021_102;

const isPostgres = (dataSource: DataSource) =>
  dataSource.options.type === 'postgres';

/**
 * Runs `work` on `runner`'s connection while it holds the migration lock.
 * sqlite needs none: its one connection takes turns already.
 */
export async function withMigrationLock<T>(
  runner: QueryRunner,
  work: () => Promise<T>,
): Promise<T> {
  if (!isPostgres(runner.connection)) return work();
  await runner.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
  try {
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]);
  }
}

/** Takes the seed lock until `manager`'s transaction ends. */
export async function takeSeedLock(manager: EntityManager): Promise<void> {
  if (!isPostgres(manager.connection)) return;
  await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
}
