import { BODY_LIMIT_BYTES } from '../src/http/body-limit';
import { MAX_JSON_DEPTH } from '../src/http/json-depth';
import {
  type ApiRequest,
  type CheckedAnswer,
  DescriptionCheck,
  type ServedDocument,
} from './helpers/api-conformance';
import {
  LIVE_POLICIES,
  PUBLIC_READ_RULE,
  readPolicies,
} from './helpers/policies';
import { QUICKSTART_SEED } from '../src/database/quickstart-seed';
import { takeDatabaseAway } from './helpers/database-outage';
import { createTestApp, type TestApp } from './helpers/test-app';

// Six apps and about two thousand requests.
jest.setTimeout(180_000);

const JSON_TYPE = 'application/json';
const BROWSER = 'text/html,application/xhtml+xml,*/*;q=0.8';
/** The ways a client asks: JSON, plain or with a charset, as a browser, and not at all. */
const ACCEPTS = [JSON_TYPE, `${JSON_TYPE}; charset=utf-8`, BROWSER, undefined];

/** The seed's users, one the app does not know, and no X-User at all. */
const CALLERS = ['larry', 'anne', 'graham', 'mallory', undefined];
/** The seed's repositories (readable, hidden or public, by caller) and one that is missing. */
const REPOS = ['gmail', 'react', 'oso', 'nope'];
/** Each repository's issue ids, as the seed numbers them, and one that is missing. */
const ISSUES: Record<string, number[]> = Object.fromEntries(
  REPOS.map((repo) => [
    repo,
    [
      ...QUICKSTART_SEED.issues.flatMap(({ repository }, index) =>
        repository === repo ? [index + 1] : [],
      ),
      999,
    ],
  ]),
);

/** Every operation once, on `repo` and its issue `issue`, with a body where it takes one. */
function everyOperation(repo: string, issue = ISSUES[repo][0]): ApiRequest[] {
  const base = `/repo/${repo}`;
  return [
    { method: 'GET', path: base },
    { method: 'POST', path: `${base}/push` },
    { method: 'GET', path: `${base}/actions` },
    { method: 'GET', path: '/repos' },
    { method: 'GET', path: `${base}/roles` },
    {
      method: 'PUT',
      path: `${base}/roles/anne`,
      body: { role: 'contributor' },
    },
    { method: 'DELETE', path: `${base}/roles/anne` },
    { method: 'GET', path: `${base}/issues` },
    {
      method: 'POST',
      path: `${base}/issues`,
      body: { title: 'From the suite' },
    },
    { method: 'GET', path: `${base}/issues/${issue}` },
    { method: 'POST', path: `${base}/issues/${issue}/close` },
    { method: 'DELETE', path: base },
  ];
}

/** Whether the operation `sent` names takes a JSON body. */
const takesBody = (sent: ApiRequest) => sent.body !== undefined;

/**
 * Reads of every repository and issue, as every caller, asked every way;
 * then writes as every caller, deletions last; then what a careless or
 * hostile client sends.
 */
async function driveAll(check: DescriptionCheck): Promise<void> {
  const reads: ApiRequest[] = REPOS.flatMap((repo) => [
    { method: 'GET', path: `/repo/${repo}` },
    { method: 'GET', path: `/repo/${repo}/actions` },
    { method: 'GET', path: `/repo/${repo}/roles` },
    { method: 'GET', path: `/repo/${repo}/issues` },
    ...ISSUES[repo].map((id): ApiRequest => ({
      method: 'GET',
      path: `/repo/${repo}/issues/${id}`,
    })),
  ]);
  reads.push({ method: 'GET', path: '/repos?limit=2&offset=1' });
  // What a cache revalidating an answer sends.
  reads.push(
    ...reads.map((sent) => ({ ...sent, headers: { 'If-None-Match': '*' } })),
  );
  for (const user of CALLERS) {
    for (const accept of ACCEPTS) {
      for (const sent of reads) await check.send({ ...sent, user, accept });
    }
  }

  const json = { accept: JSON_TYPE };
  for (const user of CALLERS) {
    for (const repo of REPOS) {
      const target = user === 'anne' ? 'graham' : 'anne';
      for (const sent of [
        { method: 'POST', path: `/repo/${repo}/push` },
        {
          method: 'POST',
          path: `/repo/${repo}/issues`,
          body: { title: `Opened by ${user ?? 'the default user'}` },
        },
        ...ISSUES[repo].map((id) => ({
          method: 'POST',
          path: `/repo/${repo}/issues/${id}/close`,
        })),
        {
          method: 'PUT',
          path: `/repo/${repo}/roles/${target}`,
          body: { role: 'contributor' },
        },
        {
          method: 'PUT',
          path: `/repo/${repo}/roles/${target}`,
          body: { role: 'maintainer' },
        },
        { method: 'DELETE', path: `/repo/${repo}/roles/${target}` },
      ] as ApiRequest[]) {
        await check.send({ ...sent, user, ...json });
      }
    }
  }

  // Roles: a user the app does not know, one with no role, the last admin.
  for (const sent of [
    {
      method: 'PUT',
      path: '/repo/gmail/roles/nobody',
      body: { role: 'admin' },
    },
    { method: 'DELETE', path: '/repo/gmail/roles/nobody' },
    { method: 'DELETE', path: '/repo/gmail/roles/graham' },
    {
      method: 'PUT',
      path: '/repo/gmail/roles/larry',
      body: { role: 'contributor' },
    },
    { method: 'DELETE', path: '/repo/gmail/roles/larry' },
  ] as ApiRequest[]) {
    await check.send({ ...sent, user: 'larry', ...json });
  }

  await driveBadInput(check);

  // Deletions last, the admin's last of all; then the deleted repository.
  for (const user of ['mallory', 'graham', 'anne', 'larry']) {
    for (const repo of REPOS) {
      await check.send({
        method: 'DELETE',
        path: `/repo/${repo}`,
        user,
        ...json,
      });
    }
  }
  for (const sent of everyOperation('gmail', 1)) {
    await check.send({ ...sent, user: 'larry', ...json });
  }
}

/** What a careless or hostile client sends to each operation. */
async function driveBadInput(check: DescriptionCheck): Promise<void> {
  const as = { user: 'larry', accept: JSON_TYPE };
  for (const sent of everyOperation('gmail')) {
    const variants: ApiRequest[] = [
      { ...sent, body: '{"role":', contentType: JSON_TYPE },
      {
        ...sent,
        body: '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1),
        contentType: JSON_TYPE,
      },
      {
        ...sent,
        body: 'x'.repeat(BODY_LIMIT_BYTES + 1),
        contentType: 'text/plain',
      },
      takesBody(sent)
        ? { ...sent, body: 'role=admin', contentType: 'text/plain' }
        : { ...sent, body: {} },
      {
        ...sent,
        body: Buffer.from('{}', 'utf16le'),
        contentType: `${JSON_TYPE}; charset=utf-16le`,
      },
    ];
    if (sent.path.startsWith('/repo/')) {
      variants.push({ ...sent, path: sent.path.replace('gmail', '%ZZ') });
    }
    for (const variant of variants) {
      await check.send({ ...variant, ...as });
      await check.send({ ...variant, user: 'larry', accept: BROWSER });
    }
  }
  for (const sent of [
    { method: 'GET', path: '/repos?limit=0' },
    { method: 'GET', path: '/repos?limit=501&offset=-1' },
    { method: 'GET', path: '/repos?order=name' },
    { method: 'GET', path: '/repo/gmail/issues?offset=x' },
    { method: 'PUT', path: '/repo/gmail/roles/anne', body: { role: 'owner' } },
    { method: 'PUT', path: '/repo/gmail/roles/anne', body: {} },
    {
      method: 'PUT',
      path: '/repo/gmail/roles/anne',
      body: { role: 'admin', isAdmin: true },
    },
    { method: 'POST', path: '/repo/gmail/issues', body: { title: '' } },
    {
      method: 'POST',
      path: '/repo/gmail/issues',
      body: { title: 'x'.repeat(201) },
    },
  ] as ApiRequest[]) {
    await check.send({ ...sent, ...as });
  }
}

/** Every operation as larry, asked as a client and as a browser. */
async function driveOnce(
  check: DescriptionCheck,
  user: string | undefined = 'larry',
): Promise<void> {
  for (const accept of [JSON_TYPE, BROWSER]) {
    for (const sent of everyOperation('gmail')) {
      await check.send({ ...sent, user, accept });
    }
  }
}

/**
 * Every operation and every status it documents, against the description
 * the app serves: the request suite runs once, before the specs read what
 * it found.
 */
describe('every answer of the API, against its description', () => {
  const checks: DescriptionCheck[] = [];
  const apps: TestApp[] = [];

  /** A new app, under `policies` and `env`, and a check of its own description. */
  async function start(
    options: Parameters<typeof createTestApp>[0],
  ): Promise<{ testApp: TestApp; check: DescriptionCheck }> {
    const testApp = await createTestApp(options);
    apps.push(testApp);
    const check = await DescriptionCheck.of(testApp.app.getHttpServer());
    checks.push(check);
    return { testApp, check };
  }

  beforeAll(async () => {
    // The app's own policy, as it is and with the tutorial's rule: 403s
    // for readers of a public repository need the latter.
    const live = readPolicies(LIVE_POLICIES);
    for (const policies of [
      live,
      { ...live, 'public.polar': PUBLIC_READ_RULE },
    ]) {
      const { check } = await start({ policies });
      await driveAll(check);
    }

    // No default caller: a request without X-User is refused.
    const strict = await start({
      policies: live,
      env: { DEFAULT_USER: '' },
    });
    await driveOnce(strict.check, undefined);

    // A policy that fails on every check: a field no class has.
    const failing = await start({
      policies: {
        ...live,
        'main.polar': `allow(_actor, _action, resource) if resource.missing;\n${live['main.polar']}`,
      },
    });
    await driveOnce(failing.check);

    // The database taken away before any request: nothing is cached.
    const down = await start({ policies: live });
    const bringBack = await takeDatabaseAway(down.testApp);
    try {
      await driveOnce(down.check);
    } finally {
      await bringBack();
    }
  });
  afterAll(() => Promise.all(apps.map((testApp) => testApp.close())));

  const answers = (): CheckedAnswer[] =>
    checks.flatMap((check) => check.answers);

  it('finds every answer as described: its status, content type and body', () => {
    expect(answers().length).toBeGreaterThan(1000);
    expect(
      answers()
        .filter((answer) => answer.operationId === undefined || answer.problem)
        .map(
          ({ label, problem }) =>
            `${label}: ${problem ?? 'no operation of the description'}`,
        ),
    ).toEqual([]);
  });

  it('answers JSON to a client that asks for it; its HTML page and every error page to a browser, or to a request without Accept', () => {
    const html = (accept: string | undefined) =>
      accept === undefined || accept === BROWSER;
    const wrong = answers().filter(({ accept, operationId, status, type }) => {
      if (type === undefined) return false;
      if (!html(accept)) return type !== JSON_TYPE;
      const page =
        status >= 400 || (operationId === 'getRepository' && status === 200);
      return page !== (type === 'text/html');
    });
    expect(answers().some(({ type }) => type === 'text/html')).toBe(true);
    expect(
      wrong.map(({ label, status, type }) => `${label}: ${status} ${type}`),
    ).toEqual([]);
  });

  it('gets every status each operation documents, so none is documented that it cannot give', () => {
    const answered = new Set(
      answers().map(({ operationId, status }) => `${operationId} ${status}`),
    );
    const [check] = checks;
    expect(check.operations.length).toBeGreaterThan(0);
    expect(
      check.operations.flatMap(({ operationId, statuses }) =>
        statuses
          .filter((status) => !answered.has(`${operationId} ${status}`))
          .map((status) => `${operationId} never answered ${status}`),
      ),
    ).toEqual([]);
  });
});

describe('the check of answers against the description', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ policies: LIVE_POLICIES });
  });
  afterAll(() => testApp.close());

  /** What the check finds in the answer to `sent`, after `edit` changed the description. */
  async function problemOf(
    edit: (document: ServedDocument) => void,
    sent: ApiRequest,
  ): Promise<string | undefined> {
    const check = await DescriptionCheck.of(testApp.app.getHttpServer(), edit);
    await check.send({ user: 'larry', accept: JSON_TYPE, ...sent });
    return check.answers[0].problem;
  }
  const getRepository = (document: ServedDocument) =>
    document.paths['/repo/{name}'].get;

  it('finds nothing wrong with the description as served', async () => {
    expect(
      await problemOf(() => {}, { method: 'GET', path: '/repo/gmail' }),
    ).toBeUndefined();
  });

  it('refuses a status the operation does not document', async () => {
    const problem = await problemOf(
      (document) => delete getRepository(document).responses['404'],
      { method: 'GET', path: '/repo/nope' },
    );
    expect(problem).toMatch(/Unsupported Response Status Code \(404/);
  });

  it('refuses a content type the status does not declare, and a body where none is declared', async () => {
    const html = await problemOf(
      (document) =>
        delete getRepository(document).responses['200'].content?.['text/html'],
      { method: 'GET', path: '/repo/gmail', accept: BROWSER },
    );
    expect(html).toMatch(/Unsupported Response Media Type \(200, text\/html/);
    const body = await problemOf(
      (document) => delete getRepository(document).responses['200'].content,
      { method: 'GET', path: '/repo/gmail' },
    );
    expect(body).toMatch(
      /Unsupported Response Media Type \(200, application\/json/,
    );
  });

  it('refuses a body its schema does not allow: a field of another type, or one it does not name', async () => {
    const repository = (document: ServedDocument) =>
      document.components.schemas.Repository;
    const typed = await problemOf(
      (document) =>
        (repository(document).properties.pushCount = { type: 'string' }),
      { method: 'GET', path: '/repo/gmail' },
    );
    expect(typed).toMatch(/Schema validation error .*pushCount/);
    const unnamed = await problemOf(
      (document) => {
        const schema = repository(document);
        delete schema.properties.lastPushedBy;
        schema.required = schema.required?.filter(
          (name) => name !== 'lastPushedBy',
        );
      },
      { method: 'GET', path: '/repo/gmail' },
    );
    expect(unnamed).toMatch(/Schema validation error .*lastPushedBy/);
  });

  it('refuses an answer without a header its status requires', async () => {
    const problem = await problemOf(
      (document) =>
        (getRepository(document).responses['404'].headers = {
          'X-Trace': { required: true, schema: { type: 'string' } },
        }),
      { method: 'GET', path: '/repo/nope' },
    );
    expect(problem).toMatch(/Schema validation error \(404.*x-trace/i);
  });

  it('refuses an answer to a route the description does not have', async () => {
    const check = await DescriptionCheck.of(testApp.app.getHttpServer());
    await check.send({ method: 'GET', path: '/nowhere', user: 'larry' });
    expect(check.answers[0].operationId).toBeUndefined();
  });
});
