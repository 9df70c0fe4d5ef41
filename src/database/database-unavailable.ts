import { ServiceUnavailableException } from '@nestjs/common';
import {
  CannotExecuteNotConnectedError,
  CannotGetEntityManagerNotConnectedError,
  ConnectionIsNotSetError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

/**
 * What a 503 tells a client to wait, in seconds (Retry-After): the app tries
 * to reconnect every second.
 */
export const RETRY_AFTER_SECONDS = 1;

/** TypeORM's errors for a connection that is not there (closed, never opened). */
const NOT_CONNECTED = [
  CannotExecuteNotConnectedError,
  CannotGetEntityManagerNotConnectedError,
  ConnectionIsNotSetError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
];

/**
 * sqlite's result codes for a database that cannot serve now: locked past the
 * busy timeout, closed, unopenable, unreadable or unwritable. A query that is
 * wrong (SQLITE_ERROR) or a constraint it breaks (SQLITE_CONSTRAINT) is not
 * among them: those are the app's to answer, not an outage.
 */
const UNAVAILABLE_SQLITE =
  /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|MISUSE|NOMEM|FULL|READONLY|CORRUPT|NOTADB|PROTOCOL|INTERRUPT)\b/;

/** The network's errors for a database server that cannot be reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** Whether `error` says the database is unavailable, rather than the query wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (NOT_CONNECTED.some((type) => error instanceof type)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return UNAVAILABLE_SQLITE.test(code) || UNREACHABLE.has(code);
}

/**
 * A 503 for a request that needed the database while it was unavailable:
 * never a 200 or a misleading 404, since what the request would have found is
 * unknown. Any other database error is a bug of the app's, a 500.
 */
export function databaseUnavailableException(
  error: unknown,
): ServiceUnavailableException | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return new ServiceUnavailableException(
    'The database is unavailable; try again shortly',
    { cause: error },
  );
}
