import { ServiceUnavailableException } from '@nestjs/common';
import { TypeORMError } from 'typeorm';

/**
 * A 503 for a request that needed the database when it failed: not connected,
 * locked, unreadable, or any query error. Never a 200 or a misleading 404:
 * whatever the request would have found is unknown.
 */
export function databaseUnavailableException(
  error: unknown,
): ServiceUnavailableException | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const fromDatabase =
    error instanceof TypeORMError ||
    (typeof code === 'string' && code.startsWith('SQLITE_'));
  if (!fromDatabase) return undefined;
  return new ServiceUnavailableException(
    'The database is unavailable; try again shortly',
    { cause: error },
  );
}
