import dataSourceReady from './data-source';
import { runPendingMigrations } from './migrate';
import { SeedService } from './seed.service';
import {
  insertSyntheticData,
  parseSyntheticData,
  SyntheticDataRefusedError,
  SyntheticDataUsageError,
} from './synthetic-data';

/**
 * `npm run db:seed -- --repos N --users N --roles-per-user N --public-share F
 * [--issues-per-repo N]`: brings the database DATABASE_URL names to the
 * current schema, gives it the quickstart's data when it is empty, then adds
 * the synthetic data set in one transaction.
 */
async function main(args: string[]): Promise<void> {
  const data = parseSyntheticData(args);
  const dataSource = await dataSourceReady;
  await dataSource.initialize();
  try {
    // Under the migration lock, as the app migrates: one may be starting.
    await runPendingMigrations(dataSource);
    await new SeedService(dataSource).onApplicationBootstrap();
    const started = performance.now();
    await dataSource.transaction((manager) =>
      insertSyntheticData(manager, data),
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `db:seed: ${data.repos} repos, ${data.users} users, ${data.rolesPerUser} roles each, ` +
        `${data.issuesPerRepo} issues a repo, ${data.publicShare * 100} % public, in ${seconds} s`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (
    error instanceof SyntheticDataUsageError ||
    error instanceof SyntheticDataRefusedError
  ) {
    console.error(error.message);
    process.exitCode = error instanceof SyntheticDataUsageError ? 2 : 1;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
