import sqlite3 from 'sqlite3';

/**
 * A second connection to an app's sqlite file, beside the app's own: to hold
 * a lock on it, or to read what the app wrote.
 */
export function openSqlite(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) =>
      error ? reject(error) : resolve(db),
    );
  });
}

/** Runs `sql` and resolves with the rows it returns. */
export function querySqlite(
  db: sqlite3.Database,
  sql: string,
): Promise<unknown[]> {
  return new Promise((resolve, reject) =>
    db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows))),
  );
}

export function closeSqlite(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) =>
    db.close((error) => (error ? reject(error) : resolve())),
  );
}
