import type { EntityManager, QueryResult } from 'typeorm';

/**
 * Runs one SQL statement with `:name` parameters and answers how many rows it
 * changed: in `manager`'s transaction if it has one. For writes whose
 * condition must hold at the moment they happen: one statement is atomic, a
 * read and then a write are not.
 */
export async function runStatement(
  manager: EntityManager,
  sql: string,
  parameters: Record<string, unknown>,
): Promise<number> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(
    sql,
    parameters,
    {},
  );
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result: QueryResult = await runner.query(query, values, true);
    return result.affected ?? 0;
  } finally {
    if (runner !== manager.queryRunner) await runner.release();
  }
}
