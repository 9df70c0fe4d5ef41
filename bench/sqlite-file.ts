import sqlite3 from 'sqlite3';

/** A connection of the bench's own to a database file, beside any server's. */
export interface SqliteFile {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
}

/** Opens `file`, runs `use` on it, and closes it again, even on failure. */
export async function withSqlite<T>(
  file: string,
  use: (db: SqliteFile) => Promise<T>,
): Promise<T> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(file, (error) =>
      error ? reject(error) : resolve(opened),
    );
  });
  try {
    return await use({
      all: <R>(sql: string, params: unknown[] = []) =>
        new Promise<R[]>((resolve, reject) =>
          db.all<R>(sql, params, (error, rows) =>
            error ? reject(error) : resolve(rows),
          ),
        ),
      run: (sql: string, params: unknown[] = []) =>
        new Promise<void>((resolve, reject) =>
          db.run(sql, params, (error) => (error ? reject(error) : resolve())),
        ),
    });
  } finally {
    await new Promise<void>((resolve, reject) =>
      db.close((error) => (error ? reject(error) : resolve())),
    );
  }
}
