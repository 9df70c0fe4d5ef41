import request from 'supertest';
import { DataSource } from 'typeorm';
import { Repository } from '../src/repositories/repository.entity';
import { Role } from '../src/users/role.entity';
import { User } from '../src/users/user.entity';
import { SEED_POLICIES } from './helpers/policies';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Names that a language's collation (PostgreSQL's usual en_US, or ICU)
 * sorts otherwise than their code points do: case, accents, punctuation,
 * spaces, and a character past U+FFFF (which UTF-16, JavaScript's own
 * string order, puts before U+FF5A).
 */
const NAMES = [
  'banana',
  'Zebra',
  'apple',
  '_under',
  'Éclair',
  'eclair',
  'a b',
  'ab',
  'B',
  '\u{1F389}party',
  '\uFF5Afull',
];

/** Sorted by code point, as sqlite's BINARY collation sorts UTF-8 text. */
const byCodePoint = (names: string[]) =>
  [...names].sort((a, b) => {
    const [x, y] = [a, b].map((name) =>
      Array.from(name, (char) => char.codePointAt(0)!),
    );
    for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
      if (x[i] !== y[i]) return x[i] - y[i];
    }
    return x.length - y.length;
  });

// What a list shows, and so what each of its pages holds, must not depend
// on the database the app runs on: the suite's PostgreSQL databases sort
// text by ICU's en-US, sqlite by code point.
describe('lists ordered by name, on any database', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES });
    const db = testApp.app.get(DataSource);
    const larry = await db.getRepository(User).findOneByOrFail({
      name: 'larry',
    });
    const gmail = await db.getRepository(Repository).findOneByOrFail({
      name: 'gmail',
    });
    for (const name of NAMES) {
      // A repository larry holds, and a user holding a role on gmail.
      const repository = await db.getRepository(Repository).save({ name });
      const user = await db.getRepository(User).save({ name });
      await db.getRepository(Role).insert([
        { name: 'admin', userId: larry.id, repositoryId: repository.id },
        { name: 'contributor', userId: user.id, repositoryId: gmail.id },
      ]);
    }
  });
  afterAll(() => testApp.close());

  const get = (path: string) =>
    request(testApp.app.getHttpServer())
      .get(path)
      .set('X-User', 'larry')
      .set('Accept', 'application/json');

  it('lists repositories by code point, page after page', async () => {
    const expected = byCodePoint([...NAMES, 'gmail']);
    const all = await get('/repos');
    expect(
      (all.body as { items: { name: string }[] }).items.map(({ name }) => name),
    ).toEqual(expected);
    const paged: string[] = [];
    for (let offset = 0; offset < expected.length; offset += 5) {
      const page = await get(`/repos?limit=5&offset=${offset}`);
      paged.push(
        ...(page.body as { items: { name: string }[] }).items.map(
          ({ name }) => name,
        ),
      );
    }
    expect(paged).toEqual(expected);
  });

  it("lists a repository's roles by the user's name, by code point", async () => {
    const res = await get('/repo/gmail/roles');
    expect(res.status).toBe(200);
    expect(
      (res.body as { roles: { user: string }[] }).roles.map(({ user }) => user),
    ).toEqual(byCodePoint([...NAMES, 'larry']));
  });

  it("shows the policy explorer's users by code point", async () => {
    const res = await request(testApp.app.getHttpServer()).get(
      '/authz/matrix?type=Repository',
    );
    expect(res.status).toBe(200);
    const users = [...res.text.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map(
      ([, user]) => user,
    );
    expect(users).toEqual(byCodePoint([...NAMES, 'larry', 'anne', 'graham']));
  });
});
