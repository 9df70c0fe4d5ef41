import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * TEST_DATABASE_URL: a PostgreSQL server (any database of it that the user
 * may connect to and create databases from) to run the suite on instead of
 * sqlite files. Unset, every app has a sqlite file.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** Whether the suite runs on PostgreSQL. */
export const ON_POSTGRES = TEST_DATABASE_URL !== undefined;

/** A database of one app's own: a sqlite file in its folder, or a PostgreSQL database. */
export interface TestDatabase {
  /** Its DATABASE_URL. */
  url: string;
  /** Removes it: the file goes with the folder; a PostgreSQL database is dropped. */
  drop: () => Promise<void>;
}

/** A new, empty database for an app whose files are in `dir`. */
export async function createTestDatabase(dir: string): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) {
    return { url: `sqlite:${join(dir, 'test.sqlite')}`, drop: async () => {} };
  }
  const name = `quickstart_test_${randomUUID().replaceAll('-', '')}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Runs `sql` on the server TEST_DATABASE_URL names, outside any app's database. */
async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
