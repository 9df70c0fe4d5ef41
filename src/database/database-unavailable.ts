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

/**
 * PostgreSQL's SQLSTATEs for a server that cannot serve now: class 08 (the
 * connection failed or broke), the server shutting down or starting
 * (57P01-57P03), out of connections (53300), the database gone (3D000, as a
 * sqlite file gone missing), the app's login refused (28000, 28P01: a
 * password rotated, a role disabled), the database read-only (25006: a
 * standby, or writes switched off), and a statement cancelled at the query
 * timeout (57014): the database could not answer in time. A query that is
 * wrong (class 42) or a constraint it breaks (class 23) is not among them.
 */
const UNAVAILABLE_POSTGRES =
  /^(08[0-9A-Z]{3}|57P0[123]|53300|3D000|28000|28P01|25006|57014)$/;

/**
 * 55000 (object not in prerequisite state) is an outage only for a database
 * that refuses connections (`ALLOW_CONNECTIONS false`); it also names errors
 * of the app's own.
 */
const NOT_ACCEPTING = /not currently accepting connections/;

/**
 * node-postgres's own errors, which carry no code, for a connection that
 * broke, or could not be opened or taken from the pool in time.
 */
const UNAVAILABLE_PG_CLIENT = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/** Whether `error` says the database is unavailable, rather than the query wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (NOT_CONNECTED.some((type) => error instanceof type)) return true;
  // TypeORM's QueryFailedError copies the driver error's code and message.
  const { code, message } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string') {
    return (
      UNAVAILABLE_SQLITE.test(code) ||
      UNAVAILABLE_POSTGRES.test(code) ||
      (code === '55000' && NOT_ACCEPTING.test(String(message))) ||
      UNREACHABLE.has(code)
    );
  }
  return typeof message === 'string' && UNAVAILABLE_PG_CLIENT.includes(message);
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
