import { sqlitePathFromUrl } from './database-url';

describe('sqlitePathFromUrl', () => {
  it.each([
    ['sqlite:data/quickstart.sqlite', 'data/quickstart.sqlite'],
    ['sqlite:/var/lib/app.sqlite', '/var/lib/app.sqlite'],
    ['sqlite::memory:', ':memory:'],
  ])('reads %s', (url, path) => {
    expect(sqlitePathFromUrl(url)).toBe(path);
  });

  it.each([
    ['postgres://app:s3cret@localhost/app', 'got a "postgres:" URL'],
    ['sqlite:', 'got a "sqlite:" URL'],
    ['data/app.sqlite', 'got no scheme'],
  ])('rejects %s with the expected form', (url, got) => {
    expect(() => sqlitePathFromUrl(url)).toThrow(
      `DATABASE_URL must look like "sqlite:<path>" (for example "sqlite:data/quickstart.sqlite"), ${got}`,
    );
  });
});
