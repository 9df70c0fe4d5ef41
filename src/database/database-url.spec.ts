import { databaseTarget } from './database-url';

describe('databaseTarget', () => {
  it.each([
    ['sqlite:data/quickstart.sqlite', 'data/quickstart.sqlite'],
    ['sqlite:/var/lib/app.sqlite', '/var/lib/app.sqlite'],
    ['sqlite::memory:', ':memory:'],
  ])('reads %s as a sqlite file', (url, path) => {
    expect(databaseTarget(url)).toEqual({ type: 'sqlite', path });
  });

  it.each([
    'postgres://app:s3cret@localhost:5432/app',
    'postgresql://app@db.internal/app?sslmode=require',
  ])('reads %s as a PostgreSQL database', (url) => {
    expect(databaseTarget(url)).toEqual({ type: 'postgres', url });
  });

  it.each([
    ['mysql://app:s3cret@localhost/app', 'got a "mysql:" URL'],
    ['postgres://', 'got a "postgres:" URL'],
    ['sqlite:', 'got a "sqlite:" URL'],
    ['data/app.sqlite', 'got no scheme'],
  ])(
    'rejects %s with the forms it takes, and never echoes the URL',
    (url, got) => {
      expect(() => databaseTarget(url)).toThrow(
        `DATABASE_URL must look like "sqlite:<path>" (for example "sqlite:data/quickstart.sqlite") or "postgres://user:password@host:5432/database", ${got}`,
      );
    },
  );

  it.each([
    ['postgres://app:p@ss#wo/rd@localhost:5432/app', 'it holds a "#"'],
    [
      'postgres://app:s3cret@localhost:5432',
      'it names no database (…/database)',
    ],
    [
      'postgres://app:pa%ZZ@localhost:5432/app',
      'it holds a "%" that is no escape',
    ],
    ['postgres://app@localhost:notaport/app', 'it does not parse'],
  ])(
    'refuses %s before connecting, saying why, and never echoes it',
    (url, problem) => {
      const attempt = () => databaseTarget(url);
      expect(attempt).toThrow(
        `DATABASE_URL is not a PostgreSQL URL the app can use: ${problem}. Percent-encode special characters in the user and password (@ as %40, # as %23, / as %2F, % as %25)`,
      );
      expect(attempt).not.toThrow(/s3cret|p@ss|pa%ZZ/);
    },
  );
});
