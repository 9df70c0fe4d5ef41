import { sqlitePathFromUrl } from './database-url';

describe('sqlitePathFromUrl', () => {
  it.each([
    ['sqlite:data/quickstart.sqlite', 'data/quickstart.sqlite'],
    ['sqlite:/var/lib/app.sqlite', '/var/lib/app.sqlite'],
    ['sqlite::memory:', ':memory:'],
  ])('reads %s', (url, path) => {
    expect(sqlitePathFromUrl(url)).toBe(path);
  });

  it.each(['postgres://localhost/app', 'sqlite:', 'data/app.sqlite'])(
    'rejects %s with the expected form',
    (url) => {
      expect(() => sqlitePathFromUrl(url)).toThrow(
        /DATABASE_URL must look like "sqlite:<path>"/,
      );
    },
  );
});
