import { AccessModel, type Operation } from './helpers/access-model';
import { HttpClient } from './helpers/http-client';
import { REPOS, USERS } from './helpers/seed-access';
import { createTestApp, type TestApp } from './helpers/test-app';

jest.setTimeout(60_000);

/** A small seeded generator, so a failing run can be repeated exactly. */
function seeded(seed: number) {
  let state = seed;
  return <T>(items: readonly T[]): T => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return items[state % items.length];
  };
}

type Request = { user: string; op: Operation } | { user: string; list: true };

describe('thousands of concurrent requests, checked against an independent model', () => {
  let testApp: TestApp;
  let client: HttpClient;
  const model = new AccessModel(false);
  const pick = seeded(20261128);

  beforeAll(async () => {
    testApp = await createTestApp();
    client = await HttpClient.listen(testApp.app);
  });
  afterAll(() => testApp.close());

  /**
   * Sends `size` requests at once. None of them changes who may do what
   * (pushes change counts only), so the model's answers hold for all of them.
   */
  async function batch(size: number): Promise<number> {
    const requests: Request[] = Array.from({ length: size }, () => {
      const user = pick(USERS);
      if (pick([0, 1, 2, 3, 4, 5]) === 0) return { user, list: true as const };
      const kind = pick(['read', 'actions', 'roles', 'push', 'push'] as const);
      return { user, op: { kind, repo: pick([...REPOS, 'linux']) } };
    });
    const expected = requests.map((r) =>
      'list' in r
        ? { status: 200, names: model.readable(r.user) }
        : { status: model.expectedStatus(r.user, r.op) },
    );
    const answers = await Promise.all(
      requests.map((r) =>
        'list' in r
          ? client.call(r.user, 'GET', '/repos?limit=500')
          : client.send(r.user, r.op),
      ),
    );
    const mismatches = answers.flatMap((answer, i) => {
      const want = expected[i];
      const names =
        'names' in want
          ? (answer.body as { items: { name: string }[] }).items.map(
              (item) => item.name,
            )
          : undefined;
      const wrong =
        answer.status !== want.status ||
        ('names' in want &&
          JSON.stringify(names) !== JSON.stringify(want.names));
      return wrong
        ? [
            {
              request: requests[i],
              want,
              got: { status: answer.status, names },
            },
          ]
        : [];
    });
    expect(mismatches).toEqual([]);
    requests.forEach((r, i) => {
      if (!('list' in r)) model.apply(r.user, r.op, answers[i].status);
    });
    return answers.length;
  }

  /** A role change between batches, checked on its own. */
  async function change(user: string, op: Operation) {
    const answer = await client.send(user, op);
    expect(answer.status).toBe(model.expectedStatus(user, op));
    model.apply(user, op, answer.status);
  }

  it('answers every request as the model says, with role changes in between', async () => {
    let sent = await batch(500);
    await change('larry', {
      kind: 'grant',
      repo: 'gmail',
      target: 'graham',
      role: 'maintainer',
    });
    await change('anne', {
      kind: 'grant',
      repo: 'react',
      target: 'larry',
      role: 'contributor',
    });
    sent += await batch(500);
    await change('larry', {
      kind: 'grant',
      repo: 'gmail',
      target: 'anne',
      role: 'admin',
    });
    await change('anne', { kind: 'revoke', repo: 'gmail', target: 'larry' });
    sent += await batch(500);
    await change('anne', {
      kind: 'grant',
      repo: 'gmail',
      target: 'larry',
      role: 'contributor',
    });
    await change('larry', { kind: 'revoke', repo: 'react', target: 'larry' });
    sent += await batch(500);
    await change('graham', {
      kind: 'grant',
      repo: 'oso',
      target: 'anne',
      role: 'admin',
    });
    sent += await batch(500);
    expect(sent).toBe(2500);

    // Every successful push was counted, none twice.
    for (const repo of REPOS) {
      const owner = USERS.find((user) => model.can(user, 'read', repo))!;
      expect(
        (await client.send(owner, { kind: 'read', repo })).body,
      ).toMatchObject({
        pushCount: model.pushes(repo),
      });
    }
  });
});

describe('many concurrent deletes of one repository', () => {
  it('let exactly one succeed; the rest find nothing', async () => {
    const testApp = await createTestApp();
    try {
      const client = await HttpClient.listen(testApp.app);
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          client.send('larry', { kind: 'delete', repo: 'gmail' }),
        ),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 204)).toHaveLength(1);
      expect(statuses.filter((status) => status !== 204)).toEqual(
        Array(49).fill(404),
      );
      expect(
        (await client.send('larry', { kind: 'roles', repo: 'gmail' })).status,
      ).toBe(404);
    } finally {
      await testApp.close();
    }
  });
});
