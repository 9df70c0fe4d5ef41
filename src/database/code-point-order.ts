import type { DataSource } from 'typeorm';

/**
 * `column` as an ORDER BY term that sorts text the same on every database:
 * by code point, as sqlite's default (BINARY) collation does. PostgreSQL
 * sorts by its database's collation otherwise, and most (en_US.UTF-8, ICU)
 * put "apple" before "Banana" and weigh accents and punctuation last: a
 * list, and so what each of its pages holds, would differ by database.
 * `COLLATE "C"` compares UTF-8 bytes, which is code point order.
 */
export function byCodePoint(dataSource: DataSource, column: string): string {
  return dataSource.options.type === 'postgres'
    ? `${column} COLLATE "C"`
    : column;
}
