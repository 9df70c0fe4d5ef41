import { DataSource } from 'typeorm';
import { Repository } from '../src/repositories/repository.entity';
import { Role } from '../src/users/role.entity';
import { User } from '../src/users/user.entity';
import { AccessModel, type Operation } from './helpers/access-model';
import { HttpClient } from './helpers/http-client';
import { REPOS, USERS } from './helpers/seed-access';
import { createTestApp, type TestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

// Ten times what the spec takes on an idle two-core machine: generous to a
// loaded one, and still a bound on a hang.
jest.setTimeout(120_000);

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
    testApp = await createTestApp({ policies: SEED_POLICIES });
    client = await HttpClient.listen(testApp.app);
  });
  afterAll(async () => {
    client.close();
    await testApp.close();
  });

  /**
   * Sends `size` random reads and pushes at once, with `changes` (role
   * changes, each checked to succeed) in the middle of them. A request may
   * have been served before or after the changes, so either model's answer
   * is right for it; without changes the two are the same model.
   */
  async function batch(
    size: number,
    changes: [string, Operation][] = [],
  ): Promise<number> {
    const requests: Request[] = Array.from({ length: size }, () => {
      const user = pick(USERS);
      if (pick([0, 1, 2, 3, 4, 5]) === 0) return { user, list: true as const };
      const kind = pick(['read', 'actions', 'roles', 'push', 'push'] as const);
      return { user, op: { kind, repo: pick([...REPOS, 'linux']) } };
    });
    const after = model.clone();
    for (const [user, op] of changes) {
      after.apply(user, op, model.expectedStatus(user, op));
    }
    const acceptable = (r: Request) =>
      [model, after].map((state) =>
        'list' in r
          ? { status: 200, names: state.readable(r.user) }
          : { status: state.expectedStatus(r.user, r.op) },
      );

    const half = Math.floor(size / 2);
    const sends = [
      ...requests.slice(0, half).map((r) => send(r)),
      ...changes.map(([user, op]) => client.send(user, op)),
      ...requests.slice(half).map((r) => send(r)),
    ];
    const all = await Promise.all(sends);
    const changed = all.splice(half, changes.length);
    const answers = all;

    changes.forEach(([user, op], i) => {
      expect(changed[i].status).toBe(model.expectedStatus(user, op));
    });
    const mismatches = answers.flatMap((answer, i) => {
      const names =
        'list' in requests[i]
          ? (answer.body as { items: { name: string }[] }).items.map(
              (item) => item.name,
            )
          : undefined;
      const got = JSON.stringify({
        status: answer.status,
        ...(names && { names }),
      });
      const wants = acceptable(requests[i]);
      return wants.some((want) => JSON.stringify(want) === got)
        ? []
        : [{ request: requests[i], wants, got }];
    });
    expect(mismatches).toEqual([]);

    for (const [user, op] of changes) model.apply(user, op, 200);
    requests.forEach((r, i) => {
      if (!('list' in r)) model.apply(r.user, r.op, answers[i].status);
    });
    return answers.length + changes.length;
  }

  function send(r: Request) {
    return 'list' in r
      ? client.call(r.user, 'GET', '/repos?limit=500')
      : client.send(r.user, r.op);
  }

  /** A role change between batches, checked on its own. */
  async function change(user: string, op: Operation) {
    const answer = await client.send(user, op);
    expect(answer.status).toBe(model.expectedStatus(user, op));
    model.apply(user, op, answer.status);
  }

  it('answers every request as the model says, with role changes in between', async () => {
    let sent = await batch(250);
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
    sent += await batch(250);
    await change('larry', {
      kind: 'grant',
      repo: 'gmail',
      target: 'anne',
      role: 'admin',
    });
    await change('anne', { kind: 'revoke', repo: 'gmail', target: 'larry' });
    sent += await batch(250);
    await change('anne', {
      kind: 'grant',
      repo: 'gmail',
      target: 'larry',
      role: 'contributor',
    });
    await change('larry', { kind: 'revoke', repo: 'react', target: 'larry' });
    sent += await batch(250);
    await change('graham', {
      kind: 'grant',
      repo: 'oso',
      target: 'anne',
      role: 'admin',
    });
    sent += await batch(250);
    // One burst, role changes among them. The client keeps 128 connections,
    // so the server has as many requests in flight as a larger burst gives.
    sent += await batch(1000, [
      [
        'anne',
        { kind: 'grant', repo: 'gmail', target: 'larry', role: 'maintainer' },
      ],
      ['graham', { kind: 'revoke', repo: 'oso', target: 'anne' }],
    ]);
    expect(sent).toBe(2252);

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
    const testApp = await createTestApp({ policies: SEED_POLICIES });
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
      client.close();
    } finally {
      await testApp.close();
    }
  });
});

describe('many concurrent pushes to one repository', () => {
  it('are all counted', async () => {
    const testApp = await createTestApp({ policies: SEED_POLICIES });
    const client = await HttpClient.listen(testApp.app);
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          client.send('larry', { kind: 'push', repo: 'gmail' }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(
        Array(50).fill(200),
      );
      const shown = await client.send('larry', { kind: 'read', repo: 'gmail' });
      expect(shown.body).toMatchObject({ pushCount: 50 });
    } finally {
      client.close();
      await testApp.close();
    }
  });
});

describe('writes racing the delete of their repository', () => {
  let testApp: TestApp;
  let client: HttpClient;
  beforeAll(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES });
    client = await HttpClient.listen(testApp.app);
  });
  afterAll(async () => {
    client.close();
    await testApp.close();
  });

  /** A repository of larry's, made for one round. */
  async function freshRepository(name: string): Promise<void> {
    const dataSource = testApp.app.get(DataSource);
    const repository = await dataSource
      .getRepository(Repository)
      .save({ name, isPublic: false });
    const larry = await dataSource
      .getRepository(User)
      .findOneByOrFail({ name: 'larry' });
    await dataSource
      .getRepository(Role)
      .save({ name: 'admin', user: larry, repository });
  }

  it('answer what the route answers when it is gone (404), never 5xx', async () => {
    const statuses = new Map<number, number>();
    for (let round = 0; round < 20; round += 1) {
      const repo = `race-${round}`;
      await freshRepository(repo);
      const writes: Operation[] = [
        ...['anne', 'graham'].flatMap((target) =>
          ['contributor', 'maintainer'].map((role): Operation => ({
            kind: 'grant',
            repo,
            target,
            role,
          })),
        ),
        { kind: 'revoke', repo, target: 'anne' },
        { kind: 'push', repo },
      ];
      const answers = await Promise.all([
        ...writes.flatMap((op) =>
          [1, 2, 3].map(() => client.send('larry', op)),
        ),
        client.send('larry', { kind: 'delete', repo }),
      ]);
      expect(answers.at(-1)?.status).toBe(204);
      for (const { status } of answers) {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual(
      expect.arrayContaining([204, 404]),
    );
    for (const status of statuses.keys()) {
      expect([200, 201, 204, 404]).toContain(status);
    }
  });
});
