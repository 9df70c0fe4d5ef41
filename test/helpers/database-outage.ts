import { renameSync } from 'node:fs';
import { DataSource } from 'typeorm';
import type { TestApp } from './test-app';
import { databaseType, onServer, postgresDatabaseName } from './test-database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the app's database away under it, and resolves with a function that
 * brings it back, as it was. Until then, whatever the app tries finds no
 * database:
 *
 * - sqlite: the file is moved first, so the reconnector cannot reopen it,
 *   then the app's connection is closed;
 * - PostgreSQL: the database refuses new connections, every session on it
 *   (the app's pool) is ended, and it is renamed, so that each connection
 *   the pool opens finds no database of its name (3D000), as a sqlite file
 *   gone missing. The shared server keeps running.
 */
export async function takeDatabaseAway(
  testApp: TestApp,
): Promise<() => Promise<void>> {
  if (databaseType(testApp.databaseUrl) === 'sqlite') {
    const dataSource = testApp.app.get(DataSource);
    const file = dataSource.options.database as string;
    renameSync(file, `${file}.away`);
    await dataSource.destroy();
    return () => Promise.resolve(renameSync(`${file}.away`, file));
  }
  const name = postgresDatabaseName(testApp.databaseUrl);
  const away = `${name}_away`;
  await onServer(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
  // Ended sessions take a moment to go; a rename waits for none.
  for (let tries = 0; ; tries += 1) {
    await onServer(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    try {
      await onServer(`ALTER DATABASE "${name}" RENAME TO "${away}"`);
      break;
    } catch (error) {
      // 55006: "database is being accessed by other users".
      if ((error as { code?: string }).code !== '55006' || tries > 100) {
        throw error;
      }
      await sleep(50);
    }
  }
  return async () => {
    await onServer(`ALTER DATABASE "${away}" RENAME TO "${name}"`);
    await onServer(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
  };
}
