import type { DataSource, QueryResult } from 'typeorm';

/**
 * Runs one SQL statement with `:name` parameters and answers how many rows it
 * changed. For writes whose condition must hold at the moment they happen:
 * one statement is atomic, a read and then a write are not.
 */
export async function runStatement(
  dataSource: DataSource,
  sql: string,
  parameters: Record<string, unknown>,
): Promise<number> {
  const [query, values] = dataSource.driver.escapeQueryWithParameters(
    sql,
    parameters,
    {},
  );
  const runner = dataSource.createQueryRunner();
  try {
    const result: QueryResult = await runner.query(query, values, true);
    return result.affected ?? 0;
  } finally {
    await runner.release();
  }
}
