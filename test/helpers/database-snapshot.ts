import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type QueryRunner } from 'typeorm';

/**
 * Copies the app's database as it is now, and resolves with a function that
 * puts every table back to that copy through the app's own connection: a
 * fresh state in milliseconds, where a new app takes a second. Call the
 * function only while no request is in flight.
 */
export async function snapshotDatabase(
  app: INestApplication,
): Promise<() => Promise<void>> {
  const dataSource = app.get(DataSource);
  return dataSource.options.type === 'postgres'
    ? snapshotPostgres(dataSource)
    : snapshotSqlite(dataSource);
}

/** sqlite: a copy of the file, attached to refill the tables from. */
async function snapshotSqlite(
  dataSource: DataSource,
): Promise<() => Promise<void>> {
  const copy = `${String(dataSource.options.database)}.snapshot`;
  await dataSource.query('VACUUM INTO ?', [copy]);
  return async () => {
    const runner = dataSource.createQueryRunner();
    // Tables are refilled in any order, which foreign keys would refuse
    // midway; the copy is consistent as a whole. (Not settable in a transaction.)
    await runner.query('PRAGMA foreign_keys = OFF');
    await runner.query('ATTACH DATABASE ? AS snapshot', [copy]);
    try {
      const tables = (await runner.query(
        "SELECT name FROM snapshot.sqlite_master WHERE type = 'table'",
      )) as { name: string }[];
      await inTransaction(runner, async () => {
        for (const { name } of tables) {
          const table = quote(name);
          await runner.query(`DELETE FROM main.${table}`);
          await runner.query(
            `INSERT INTO main.${table} SELECT * FROM snapshot.${table}`,
          );
        }
      });
    } finally {
      await runner.query('DETACH DATABASE snapshot');
      await runner.query('PRAGMA foreign_keys = ON');
      await runner.release();
    }
  };
}

/**
 * PostgreSQL: a copy of every table in a schema of its own, in the same
 * database; restored by emptying the tables in one TRUNCATE, refilling them
 * parents first (foreign keys are checked row by row), and setting each
 * sequence back, so new rows get the ids they got after the copy.
 */
async function snapshotPostgres(
  dataSource: DataSource,
): Promise<() => Promise<void>> {
  const schema = quote(`snapshot_${randomUUID().replaceAll('-', '')}`);
  const tables = (
    await dataSource.query<{ tablename: string }[]>(
      'SELECT tablename FROM pg_tables WHERE schemaname = current_schema()',
    )
  ).map(({ tablename }) => tablename);
  const references = await dataSource.query<
    { child: string; parent: string }[]
  >(
    `SELECT child.relname AS child, parent.relname AS parent
       FROM pg_constraint
       JOIN pg_class child ON child.oid = pg_constraint.conrelid
       JOIN pg_class parent ON parent.oid = pg_constraint.confrelid
      WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`,
  );
  const sequences = await dataSource.query<
    { sequencename: string; start_value: string; last_value: string | null }[]
  >(
    `SELECT sequencename, start_value, last_value FROM pg_sequences
      WHERE schemaname = current_schema()`,
  );
  await dataSource.query(`CREATE SCHEMA ${schema}`);
  for (const table of tables) {
    await dataSource.query(
      `CREATE TABLE ${schema}.${quote(table)} AS TABLE ${quote(table)}`,
    );
  }
  const ordered = parentsFirst(tables, references);
  return async () => {
    const runner = dataSource.createQueryRunner();
    try {
      await inTransaction(runner, async () => {
        await runner.query(`TRUNCATE ${tables.map(quote).join(', ')}`);
        for (const table of ordered) {
          await runner.query(
            `INSERT INTO ${quote(table)} SELECT * FROM ${schema}.${quote(table)}`,
          );
        }
        for (const { sequencename, start_value, last_value } of sequences) {
          await runner.query('SELECT setval($1, $2, $3)', [
            quote(sequencename),
            last_value ?? start_value,
            last_value !== null,
          ]);
        }
      });
    } finally {
      await runner.release();
    }
  };
}

/** `tables` ordered so that each comes after every table it references. */
function parentsFirst(
  tables: string[],
  references: { child: string; parent: string }[],
): string[] {
  const ordered: string[] = [];
  const visit = (table: string, path: string[]) => {
    if (ordered.includes(table)) return;
    if (path.includes(table)) {
      throw new Error(
        `Foreign keys go round: ${[...path, table].join(' -> ')}`,
      );
    }
    for (const { child, parent } of references) {
      if (child === table && parent !== table) visit(parent, [...path, table]);
    }
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

async function inTransaction(
  runner: QueryRunner,
  work: () => Promise<void>,
): Promise<void> {
  await runner.startTransaction();
  try {
    await work();
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
