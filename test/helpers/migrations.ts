import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const MIGRATIONS_DIR = join(__dirname, '../../src/database/migrations');

/** The timestamp of each migration file in src/database/migrations, in order. */
export function migrationTimestamps(): number[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => Number(/^(\d+)-/.exec(name)?.[1]))
    .sort((a, b) => a - b);
}

/**
 * What a database's `migrations` table records, as {@link migrationTimestamps}
 * lists them; `query` runs SQL on that database and answers its rows.
 */
export async function recordedMigrations(
  query: (sql: string) => Promise<unknown[]>,
): Promise<number[]> {
  const rows = (await query(
    'SELECT "timestamp" FROM "migrations" ORDER BY "timestamp"',
  )) as { timestamp: number | string }[];
  return rows.map((row) => Number(row.timestamp));
}
