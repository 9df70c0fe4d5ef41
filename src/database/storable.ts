/**
 * What a caller may send that a column can hold on every database the app
 * runs on: a value none can hold names no row, so a lookup by it answers
 * "not found" without asking the database, the answer any name or key no
 * row has gets. Asked, PostgreSQL would fail the statement instead (a 500).
 */

/**
 * Text without U+0000: PostgreSQL stores no NUL in text (`invalid byte
 * sequence for encoding "UTF8": 0x00`), and the app writes no name with one
 * on sqlite either.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000');
}

/** The largest value of an `integer` column: PostgreSQL's is 32 bits. */
export const MAX_STORABLE_INTEGER = 2 ** 31 - 1;

/** A whole number an `integer` column (a key, an id) can hold. */
export function isStorableInteger(value: number): boolean {
  return (
    Number.isInteger(value) &&
    value >= -MAX_STORABLE_INTEGER - 1 &&
    value <= MAX_STORABLE_INTEGER
  );
}
