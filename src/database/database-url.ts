import { InvalidConfigError } from '../config/app.config';

/** Where DATABASE_URL points: a sqlite file, or a PostgreSQL server's database. */
export type DatabaseTarget =
  { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

/**
 * Reads DATABASE_URL: `sqlite:<path>`, or `postgres://user:pass@host:port/db`
 * (`postgresql://` too) for the `pg` driver.
 */
export function databaseTarget(url: string): DatabaseTarget {
  const sqlite = /^sqlite:(.+)$/.exec(url);
  if (sqlite) return { type: 'sqlite', path: sqlite[1] };
  if (/^postgres(ql)?:\/\/[^/]/.test(url)) {
    const problem = postgresUrlProblem(url);
    if (problem) {
      // Never the URL itself: it may carry a password.
      throw new InvalidConfigError(
        `DATABASE_URL is not a PostgreSQL URL the app can use: ${problem}. Percent-encode special characters in the user and password (@ as %40, # as %23, / as %2F, % as %25)`,
      );
    }
    return { type: 'postgres', url };
  }
  // Name only the scheme: a database URL may carry a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new InvalidConfigError(
    `DATABASE_URL must look like "sqlite:<path>" (for example "sqlite:data/quickstart.sqlite") or "postgres://user:password@host:5432/database", got ${scheme ? `a "${scheme}:" URL` : 'no scheme'}`,
  );
}

/** What makes a `postgres://` URL unusable, if anything: found before a connection is tried. */
function postgresUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'it does not parse';
  }
  if (!parsed.hostname) return 'it names no host';
  if (parsed.hash) return 'it holds a "#"';
  if (parsed.pathname.length <= 1) return 'it names no database (…/database)';
  try {
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
    decodeURIComponent(parsed.pathname);
  } catch {
    return 'it holds a "%" that is no escape';
  }
  return undefined;
}
