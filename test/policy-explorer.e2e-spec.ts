import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { OsoService } from '../src/authorization';
import { Repository } from '../src/repositories/repository.entity';
import { Role } from '../src/users/role.entity';
import { PERMISSIONS_BY_ROLE } from './helpers/access-model';
import { captureSql } from './helpers/capture-sql';
import { lockDatabase } from './helpers/database-lock';
import {
  PUBLIC_READ_RULE,
  readPolicies,
  SEED_POLICIES,
} from './helpers/policies';
import { REPOS, SEED_ROLES, USERS } from './helpers/seed-access';
import { createTestApp, type TestApp } from './helpers/test-app';

/** The table of a matrix page as text: header row, then a row per user. */
function tableOf(html: string): string[][] {
  const table = /<table id="matrix">([\s\S]*?)<\/table>/.exec(html)![1];
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
    [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) =>
      cell
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

/** The cells a matrix page marks as changed, each as `user: cell`. */
function changedCells(html: string): string[] {
  return [
    ...html.matchAll(/<tr><th scope="row">(\w+)<\/th>(.*?)<\/tr>/g),
  ].flatMap(([, user, cells]) =>
    [...cells.matchAll(/<td class="changed">(.*?)<\/td>/g)].map(
      ([, cell]) => `${user}: ${cell}`,
    ),
  );
}

/** What the tutorial's rule changes in the seed's matrix: react, readable to all. */
const PUBLIC_READ_CHANGES = [
  'graham: <a class="gained" href="/authz/why?user=graham&amp;action=read&amp;resource=Repository%3A2">read</a>',
  'larry: <a class="gained" href="/authz/why?user=larry&amp;action=read&amp;resource=Repository%3A2">read</a>',
];

describe('the policy explorer pages, in development', () => {
  let testApp: TestApp;
  const get = (path: string, user?: string) => {
    const call = request(testApp.app.getHttpServer()).get(path);
    return user ? call.set('X-User', user) : call;
  };

  beforeAll(async () => {
    testApp = await createTestApp({ policies: readPolicies(SEED_POLICIES) });
  });
  afterAll(() => testApp.close());

  it('GET /authz/matrix: users down, repositories across, the permitted actions in each cell', async () => {
    const res = await get('/authz/matrix');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const expected = [
      ['user', ...REPOS],
      ...[...USERS]
        .sort()
        .map((user) => [
          user,
          ...REPOS.map((repo) =>
            SEED_ROLES[user].repo === repo
              ? PERMISSIONS_BY_ROLE[SEED_ROLES[user].role].join(' ')
              : '-',
          ),
        ]),
    ];
    expect(tableOf(res.text)).toEqual(expected);
  });

  it('names the policy answering: its version and when it was loaded', async () => {
    const { version, loadedAt } = testApp.app.get(OsoService).policyVersion;
    const { text } = await get('/authz/matrix');
    expect(text).toContain(`<code id="policy-version">${version}</code>`);
    expect(text).toContain(`datetime="${loadedAt.toISOString()}"`);
  });

  it('links each action to its explanation', async () => {
    const { text } = await get('/authz/matrix');
    expect(text).toContain(
      '<a href="/authz/why?user=anne&amp;action=push&amp;resource=Repository%3A2">push</a>',
    );
    const why = await get('/authz/why?user=anne&action=push&resource=react');
    expect(why.status).toBe(200);
    expect(why.headers['cache-control']).toBe('no-store');
    expect(why.text).toContain('<p id="decision" class="holds">allowed</p>');
    expect(why.text).toContain(
      '<code>has_role(User:2, &quot;maintainer&quot;, Repository:2)</code> <span class="holds">holds</span>',
    );
    expect(why.text).toContain(
      'role = Role:2 {name: &quot;maintainer&quot;, userId: 2, repositoryId: 2}',
    );
  });

  it('explains a denial, and a resource of any class as Type:key', async () => {
    const denied = await get(
      '/authz/why?user=anne&action=delete&resource=react',
    );
    expect(denied.text).toContain('<p id="decision" class="fails">denied</p>');
    expect(denied.text).toContain(
      'fails at: <code>role_name = role.name</code>',
    );
    const issues = await get('/authz/matrix?type=Issue');
    expect(issues.status).toBe(200);
    expect(tableOf(issues.text)[0]).toEqual(
      expect.arrayContaining(['user', 'Issue:1 Login page is blank']),
    );
  });

  it.each([
    ['/authz/matrix?type=Document', 404, 'No class Document in the policy'],
    [
      '/authz/why?user=mallory&action=read&resource=gmail',
      404,
      'No user named mallory',
    ],
    [
      '/authz/why?user=anne&action=read&resource=nope',
      404,
      'No repository named nope',
    ],
    [
      '/authz/why?user=anne&action=read&resource=Repository:abc',
      404,
      'No Repository with id abc',
    ],
    [
      '/authz/why?user=anne&action=read&resource=Repository:2147483648',
      404,
      'No Repository with id 2147483648',
    ],
    [
      '/authz/why?user=anne%00&action=read&resource=gmail',
      404,
      'No user named anne\\u0000',
    ],
    [
      '/authz/why?user=anne&action=read&resource=gmail%00',
      404,
      'No repository named gmail\\u0000',
    ],
    ['/authz/why?user=anne&action=read', 400, 'resource must be a string'],
    [
      '/authz/why?user=anne&action=&resource=gmail',
      400,
      'action should not be empty',
    ],
    [
      '/authz/matrix?type=Issue&limit=5',
      400,
      'property limit should not exist',
    ],
  ])('GET %s answers %i: %s', async (path, status, message) => {
    const res = await get(path).set('Accept', 'application/json');
    expect(res.status).toBe(status);
    expect(JSON.stringify(res.body)).toContain(message);
  });

  it('escapes names it shows, in the table and in the links', async () => {
    await testApp.app
      .get(DataSource)
      .getRepository(Repository)
      .insert({ name: '<b>x</b>&"y' });
    const { text } = await get('/authz/matrix');
    expect(text).not.toContain('<b>x</b>');
    expect(text).toContain(
      '<th scope="col">&lt;b&gt;x&lt;/b&gt;&amp;&quot;y</th>',
    );
  });

  it('marks what a policy edit changed, until the next edit', async () => {
    const oso = testApp.app.get(OsoService);
    const before = oso.policyVersion.version;
    await get('/authz/matrix');
    appendFileSync(
      join(testApp.dir, 'policies', 'main.polar'),
      `\n${PUBLIC_READ_RULE}`,
    );
    await oso.reload();
    for (let refresh = 0; refresh < 2; refresh += 1) {
      const { text } = await get('/authz/matrix');
      expect(oso.policyVersion.version).not.toBe(before);
      expect(text).toContain(
        `cells that changed since policy <code>${before}</code>`,
      );
      expect(changedCells(text)).toEqual(PUBLIC_READ_CHANGES);
    }
  });
});

describe('the policy explorer, in combination', () => {
  it('marks what a policy edit changed when it lands while a matrix is being drawn', async () => {
    const testApp = await createTestApp({
      policies: readPolicies(SEED_POLICIES),
    });
    try {
      const server = testApp.app.getHttpServer();
      const oso = testApp.app.get(OsoService);
      const before = oso.policyVersion.version;
      // The matrix under the policy as it is; the caller's lookup is kept.
      expect((await request(server).get('/authz/matrix')).status).toBe(200);
      const sql = captureSql(testApp.app);
      const lock = await lockDatabase(testApp.databaseUrl);
      let drawn: Promise<request.Response>;
      try {
        drawn = request(server)
          .get('/authz/matrix')
          .then((res) => res);
        // The page has read the policy's version and waits for the database.
        for (let waited = 0; !sql.some((q) => /FROM "repositories"/.test(q));) {
          if ((waited += 10) > 10_000) throw new Error('No matrix query');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        appendFileSync(
          join(testApp.dir, 'policies', 'main.polar'),
          `\n${PUBLIC_READ_RULE}`,
        );
        await oso.reload();
      } finally {
        await lock.release();
      }
      const after = oso.policyVersion.version;
      expect(after).not.toBe(before);
      for (const page of [
        await drawn,
        await request(server).get('/authz/matrix'),
      ]) {
        expect(page.status).toBe(200);
        expect(page.text).toContain(
          `<code id="policy-version">${after}</code>`,
        );
        expect(page.text).toContain(
          `cells that changed since policy <code>${before}</code>`,
        );
        expect(changedCells(page.text)).toEqual(PUBLIC_READ_CHANGES);
      }
    } finally {
      await testApp.close();
    }
  });

  it('needs a caller: with anonymous requests refused, it refuses them as guarded routes do', async () => {
    const testApp = await createTestApp({
      policies: SEED_POLICIES,
      env: { DEFAULT_USER: '' },
    });
    try {
      const server = testApp.app.getHttpServer();
      const guarded = await request(server).get('/repo/gmail');
      expect(guarded.status).toBe(401);
      for (const path of [
        '/authz/matrix',
        '/authz/why?user=larry&action=read&resource=gmail',
      ]) {
        const res = await request(server).get(path);
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe(
          guarded.headers['www-authenticate'],
        );
        const asLarry = await request(server).get(path).set('X-User', 'anne');
        expect(asLarry.status).toBe(200);
      }
    } finally {
      await testApp.close();
    }
  });

  it('names a resource by its key: a repository named like another’s key is never taken for it', async () => {
    const testApp = await createTestApp({ policies: SEED_POLICIES });
    try {
      const dataSource = testApp.app.get(DataSource);
      const { id } = await dataSource
        .getRepository(Repository)
        .save({ name: 'Repository:1' });
      await dataSource
        .getRepository(Role)
        .insert({ name: 'admin', userId: 2, repositoryId: id });
      const server = testApp.app.getHttpServer();
      const { text } = await request(server).get('/authz/matrix');
      expect(text).toContain(
        `<a href="/authz/why?user=anne&amp;action=delete&amp;resource=Repository%3A${id}">delete</a>`,
      );
      const why = await request(server).get(
        `/authz/why?user=anne&action=delete&resource=Repository:${id}`,
      );
      expect(why.text).toContain('<p id="decision" class="holds">allowed</p>');
      const ambiguous = await request(server)
        .get('/authz/why?user=anne&action=delete&resource=Repository:1')
        .set('Accept', 'application/json');
      expect(ambiguous.status).toBe(404);
      expect((ambiguous.body as { message: string }).message).toBe(
        `Repository:1 is a repository's name and a Repository's key: name the repository Repository:${id}`,
      );
    } finally {
      await testApp.close();
    }
  });

  it('shows a policy that fails while deciding on the page, cell by cell, not as a 500', async () => {
    const testApp = await createTestApp({
      policies: {
        ...readPolicies(SEED_POLICIES),
        'public.polar':
          'has_permission(_actor: User, "read", repository: Repository) if\n  repository.is_public;\n',
      },
    });
    try {
      const res = await request(testApp.app.getHttpServer()).get(
        '/authz/matrix',
      );
      expect(res.status).toBe(200);
      expect(res.text).toContain(
        'is_public not found on Repository (did you mean isPublic?)',
      );
      expect(tableOf(res.text)[1]).toEqual(['anne', 'error', 'error', 'error']);
    } finally {
      await testApp.close();
    }
  });
});

describe('the policy explorer, under NODE_ENV=production', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({
      policies: SEED_POLICIES,
      env: { NODE_ENV: 'production' },
    });
  });
  afterAll(() => testApp.close());

  const answer = async (path: string, user?: string, accept = 'text/html') => {
    const call = request(testApp.app.getHttpServer())
      .get(path)
      .set('Accept', accept);
    const res = await (user ? call.set('X-User', user) : call);
    return {
      status: res.status,
      // Nest's own 404 names the path asked for: the rest must be alike.
      body: res.text.replace(/Cannot GET [^<"]+/, 'Cannot GET <path>'),
      type: res.headers['content-type'],
    };
  };

  it.each([undefined, 'larry', 'anne', 'graham', 'mallory'])(
    'answers as a route that does not exist, to %s',
    async (user) => {
      for (const accept of ['text/html', 'application/json']) {
        const missing = await answer('/authz/nothing-here', user, accept);
        expect(missing.status).toBe(user === 'mallory' ? 401 : 404);
        for (const path of [
          '/authz/matrix',
          '/authz/matrix/',
          '/AUTHZ/MATRIX',
          '/authz/matrix?type=Issue',
          '/authz/why?user=larry&action=read&resource=gmail',
        ]) {
          expect(await answer(path, user, accept)).toEqual(missing);
        }
      }
    },
  );
});
