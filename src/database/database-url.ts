import { InvalidConfigError } from '../config/app.config';

/** Where a `sqlite:<path>` DATABASE_URL points; the only kind supported so far. */
export function sqlitePathFromUrl(url: string): string {
  const match = /^sqlite:(.+)$/.exec(url);
  if (!match) {
    // Name only the scheme: a database URL may carry a password.
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
    throw new InvalidConfigError(
      `DATABASE_URL must look like "sqlite:<path>" (for example "sqlite:data/quickstart.sqlite"), got ${scheme ? `a "${scheme}:" URL` : 'no scheme'}`,
    );
  }
  return match[1];
}
