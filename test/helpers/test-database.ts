import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/database/database-options';
import { databaseTarget } from '../../src/database/database-url';
import { Issue } from '../../src/issues/issue.entity';
import { Repository } from '../../src/repositories/repository.entity';
import { Role } from '../../src/users/role.entity';
import { User } from '../../src/users/user.entity';

/**
 * TEST_DATABASE_URL: a PostgreSQL server (15 or later, with ICU; any
 * database of it that a user with CREATEDB may connect to) to run the suite
 * on instead of sqlite files. Unset, every app has a sqlite file.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** A database of one app's own: a sqlite file in its folder, or a PostgreSQL database. */
export interface TestDatabase {
  /** Its DATABASE_URL. */
  url: string;
  /** Removes it: the file goes with the folder; a PostgreSQL database is dropped. */
  drop: () => Promise<void>;
}

/**
 * A new, empty database of the run for an app, or a child process, whose
 * files are in `dir`: the sqlite file `file` there, or a PostgreSQL database
 * of its own on TEST_DATABASE_URL's server.
 *
 * A PostgreSQL database sorts text by a language's rules (ICU's en-US: "a"
 * before "B"), as most servers do, where sqlite sorts by code point
 * ("B" before "a"): the app must order its lists the same on both.
 */
export async function createTestDatabase(
  dir: string,
  file = 'test.sqlite',
): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) {
    return { url: `sqlite:${join(dir, file)}`, drop: async () => {} };
  }
  const name = `quickstart_test_${randomUUID().replaceAll('-', '')}`;
  await onServer(
    `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'`,
  );
  return {
    url: postgresUrl(name),
    drop: async () => {
      await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** TEST_DATABASE_URL, naming the database `name` of its server instead. */
export function postgresUrl(name: string): string {
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The name of the PostgreSQL database `url` names. */
export function postgresDatabaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Runs `sql` on the server TEST_DATABASE_URL names, outside any app's database. */
export async function onServer(
  sql: string,
  parameters: unknown[] = [],
): Promise<unknown[]> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, parameters)).rows as unknown[];
  } finally {
    await client.end();
  }
}

/**
 * A connection of its own to the database at `url`, as another process has
 * (the app's caches do not hear of its writes), with the app's entities:
 * to read what a child process wrote, or to write behind the app's back.
 * Its schema is whatever the database has; nothing is migrated.
 */
export async function openDatabase(url: string): Promise<DataSource> {
  const dataSource = new DataSource({
    ...databaseOptions(url),
    migrations: [],
    subscribers: [],
    entities: [User, Repository, Role, Issue],
  });
  return dataSource.initialize();
}

/** Runs `work` on {@link openDatabase}'s connection, then closes it. */
export async function withDatabase<T>(
  url: string,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = await openDatabase(url);
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The tables of the database at `url`: none where a sqlite file is not
 * there (it is not created to be asked).
 */
export async function tablesOf(url: string): Promise<string[]> {
  const target = databaseTarget(url);
  if (target.type === 'sqlite' && !existsSync(target.path)) return [];
  const sql =
    target.type === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
      : 'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename';
  const rows = await withDatabase(url, (db) =>
    db.query<{ name: string }[]>(sql),
  );
  return rows.map(({ name }) => name);
}

/** Which kind of database `url` names. */
export function databaseType(url: string): 'sqlite' | 'postgres' {
  return databaseTarget(url).type;
}
