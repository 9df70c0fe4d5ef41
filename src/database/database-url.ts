import { InvalidConfigError } from '../config/app.config';

/** Where a `sqlite:<path>` DATABASE_URL points; the only kind supported so far. */
export function sqlitePathFromUrl(url: string): string {
  const match = /^sqlite:(.+)$/.exec(url);
  if (!match) {
    throw new InvalidConfigError(
      `DATABASE_URL must look like "sqlite:<path>" (for example "sqlite:data/quickstart.sqlite"), got "${url}"`,
    );
  }
  return match[1];
}
