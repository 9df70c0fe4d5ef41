import { ServiceUnavailableException } from '@nestjs/common';
import { DatabaseError } from 'pg';
import {
  CannotExecuteNotConnectedError,
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
} from 'typeorm';
import {
  databaseUnavailableException,
  isDatabaseUnavailable,
} from './database-unavailable';

/** An error as node-postgres reports the server's, with its SQLSTATE. */
function postgresError(code: string, message = `error ${code}`): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code });
}

/** An error as sqlite3 reports one. */
function sqliteError(code: string): Error {
  return Object.assign(new Error(`${code}: something`), { code });
}

/** The driver's error as a statement's failure reaches the app. */
const failed = (driverError: Error) =>
  new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['08000', 'connection exception'],
    ['08003', 'connection does not exist'],
    ['08006', 'connection failure'],
    ['08001', 'the client could not establish a connection'],
    ['08004', 'the server rejected the connection'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash shutdown'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'too many connections'],
    ['3D000', 'database "app" does not exist'],
    ['57014', 'canceling statement due to statement timeout'],
    ['28P01', 'password authentication failed for user "app"'],
    ['28000', 'role "app" is not permitted to log in'],
    ['25006', 'cannot execute UPDATE in a read-only transaction'],
    ['55000', 'database "app" is not currently accepting connections'],
  ])('takes PostgreSQL’s %s (%s) for an outage', (code, message) => {
    expect(isDatabaseUnavailable(postgresError(code, message))).toBe(true);
    expect(isDatabaseUnavailable(failed(postgresError(code, message)))).toBe(
      true,
    );
  });

  it.each([
    ['42601', 'syntax error'],
    ['42P01', 'relation "nope" does not exist'],
    ['42703', 'column "nope" does not exist'],
    ['42804', 'column "isPublic" is of type boolean'],
    ['22P02', 'invalid input syntax for type integer: "NaN"'],
    ['22003', 'value out of range for type integer'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['23505', 'duplicate key value violates unique constraint'],
    ['23503', 'insert or update violates foreign key constraint'],
    ['23502', 'null value violates not-null constraint'],
    ['40001', 'could not serialize access'],
    ['40P01', 'deadlock detected'],
    ['55000', 'object not in prerequisite state'],
  ])('takes PostgreSQL’s %s (%s) for the app’s own error', (code, message) => {
    expect(isDatabaseUnavailable(postgresError(code, message))).toBe(false);
    expect(isDatabaseUnavailable(failed(postgresError(code, message)))).toBe(
      false,
    );
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
  ])('takes node-postgres’s “%s” for an outage', (message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(true);
    expect(isDatabaseUnavailable(failed(new Error(message)))).toBe(true);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND'])(
    'takes the network’s %s for an outage',
    (code) => {
      const error = Object.assign(new Error(`connect ${code}`), { code });
      expect(isDatabaseUnavailable(error)).toBe(true);
    },
  );

  it.each([
    'SQLITE_BUSY',
    'SQLITE_CANTOPEN',
    'SQLITE_IOERR',
    'SQLITE_READONLY',
  ])('takes sqlite’s %s for an outage', (code) => {
    expect(isDatabaseUnavailable(failed(sqliteError(code)))).toBe(true);
  });

  it.each(['SQLITE_ERROR', 'SQLITE_CONSTRAINT', 'SQLITE_MISMATCH'])(
    'takes sqlite’s %s for the app’s own error',
    (code) => {
      expect(isDatabaseUnavailable(failed(sqliteError(code)))).toBe(false);
    },
  );

  it('takes TypeORM’s errors for a connection that is not there for an outage', () => {
    expect(
      isDatabaseUnavailable(new CannotExecuteNotConnectedError('default')),
    ).toBe(true);
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(
      true,
    );
  });

  it.each([
    ['an error without a code', new Error('Connection terminated')],
    ['a TypeError', new TypeError('x is undefined')],
    ['null', null],
    ['a string', 'ECONNREFUSED'],
    ['a number code', Object.assign(new Error('x'), { code: 8006 })],
  ])('takes %s for no outage', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('databaseUnavailableException', () => {
  it('is a 503 that keeps the cause, for an outage', () => {
    const cause = postgresError('57P01');
    const exception = databaseUnavailableException(cause);
    expect(exception).toBeInstanceOf(ServiceUnavailableException);
    expect(exception?.message).toBe(
      'The database is unavailable; try again shortly',
    );
    expect(exception?.cause).toBe(cause);
  });

  it('is nothing for any other error, which stays a 500', () => {
    expect(databaseUnavailableException(postgresError('42601'))).toBe(
      undefined,
    );
  });
});
