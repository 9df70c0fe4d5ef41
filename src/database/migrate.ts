import { type DataSource, type Migration, MigrationExecutor } from 'typeorm';
import { withMigrationLock } from './schema-lock';

/** Pending migrations where the app was told not to run them (DB_MIGRATE=false). */
export class PendingMigrationsError extends Error {
  override name = 'PendingMigrationsError';
}

/**
 * Brings the database to the current schema: every pending migration, all
 * in one transaction, on one connection that holds the migration lock, so a
 * second instance starting at the same moment waits and then finds nothing
 * to do.
 */
export async function runPendingMigrations(
  dataSource: DataSource,
): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  try {
    return await withMigrationLock(runner, () =>
      new MigrationExecutor(dataSource, runner).executePendingMigrations(),
    );
  } finally {
    await runner.release();
  }
}

/** Refuses to serve a database whose schema is behind the code's. */
export async function refusePendingMigrations(
  dataSource: DataSource,
): Promise<void> {
  const pending = await new MigrationExecutor(
    dataSource,
  ).getPendingMigrations();
  if (pending.length === 0) return;
  throw new PendingMigrationsError(
    `The database lacks ${pending.length} migration(s) (${pending.map((m) => m.name).join(', ')}) and DB_MIGRATE=false: run npm run migration:run first`,
  );
}
