import { Client } from 'pg';
import { databaseTarget } from '../../src/database/database-url';
import { closeSqlite, openSqlite, querySqlite } from './sqlite';

/** The app's tables: a lock on all of them stops every request that reads. */
const TABLES = ['users', 'repositories', 'roles', 'issues'];

/**
 * Another connection to the database at `url` that holds it locked until
 * released: sqlite's whole file (`BEGIN EXCLUSIVE`), or every table of the
 * app on PostgreSQL (`LOCK TABLE ... IN ACCESS EXCLUSIVE MODE`). The app's
 * statements wait for it: past sqlite's busy timeout, or PostgreSQL's
 * statement timeout (DB_QUERY_TIMEOUT_MS), they fail.
 */
export async function lockDatabase(
  url: string,
): Promise<{ release: () => Promise<void> }> {
  const target = databaseTarget(url);
  if (target.type === 'sqlite') {
    const db = await openSqlite(target.path);
    await querySqlite(db, 'BEGIN EXCLUSIVE');
    return {
      release: async () => {
        await querySqlite(db, 'ROLLBACK');
        await closeSqlite(db);
      },
    };
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query(
    `LOCK TABLE ${TABLES.map((table) => `"${table}"`).join(', ')} IN ACCESS EXCLUSIVE MODE`,
  );
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}
