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
  if (/^postgres(ql)?:\/\/[^/]/.test(url)) return { type: 'postgres', url };
  // Name only the scheme: a database URL may carry a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new InvalidConfigError(
    `DATABASE_URL must look like "sqlite:<path>" (for example "sqlite:data/quickstart.sqlite") or "postgres://user:password@host:5432/database", got ${scheme ? `a "${scheme}:" URL` : 'no scheme'}`,
  );
}
