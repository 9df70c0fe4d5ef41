import cliDataSource from '../database/data-source';
import { runPendingMigrations } from '../database/migrate';

/**
 * `npm run migration:run` (built: `node dist/cli/migrate`): the pending
 * migrations of the database DATABASE_URL names, in one transaction, under
 * the lock instances take when they migrate at startup, so a release step
 * and an instance starting meanwhile never run them both.
 */
async function main(): Promise<void> {
  const dataSource = await (await cliDataSource).initialize();
  try {
    const ran = await runPendingMigrations(dataSource);
    console.log(
      ran.length
        ? `Ran ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}`
        : 'No migrations are pending',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(
    `Cannot migrate: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
