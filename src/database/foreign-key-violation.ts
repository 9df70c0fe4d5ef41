/**
 * Whether `error` is a write refused because a row it references is gone
 * (sqlite's FOREIGN KEY constraint, PostgreSQL's 23503): a concurrent delete,
 * to be answered as the route answers for a missing thing, not as an outage.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
  };
  return (
    code === '23503' ||
    (code === 'SQLITE_CONSTRAINT' && /FOREIGN KEY/.test(String(message)))
  );
}
