import fc from 'fast-check';
import { AccessModel, type Operation } from './helpers/access-model';
import { comparableAnswer, expectSafeAnswer } from './helpers/invariants';
import { REPOS, USERS } from './helpers/seed-access';
import { send } from './helpers/send';
import { snapshotDatabase } from './helpers/database-snapshot';
import { createTestApp, type TestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

jest.setTimeout(120_000);

const BROWSER =
  'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/**
 * Repository names: the real ones, near misses, hostile text, any unicode.
 * Mostly real ones, so that sequences change what later requests see.
 */
const name = fc.oneof(
  { arbitrary: fc.constantFrom(...REPOS), weight: 3 },
  fc.constantFrom(
    'GMAIL',
    'gmail ',
    'oso\u0000',
    '../gmail',
    "' OR '1'='1",
    '<b>x</b>',
    '%00',
    'x'.repeat(3000),
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
);

/** Callers: mostly the seed's users, or any header-safe text (HTTP trims the ends). */
const user = fc.oneof(
  { arbitrary: fc.constantFrom(...USERS), weight: 3 },
  fc.stringMatching(/^[!-~](?:[ -~]{0,30}[!-~])?$/),
);

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom<'read' | 'actions' | 'roles' | 'push' | 'delete'>(
      'read',
      'actions',
      'roles',
      'push',
      'delete',
    ),
    repo: name,
  }),
  fc.record({
    kind: fc.constant('grant' as const),
    repo: name,
    target: fc.oneof(fc.constantFrom(...USERS), name),
    role: fc.constantFrom('contributor', 'maintainer', 'admin', 'owner', ''),
  }),
  fc.record({
    kind: fc.constant('revoke' as const),
    repo: name,
    target: fc.oneof(fc.constantFrom(...USERS), name),
  }),
);

const accept = fc.oneof(
  fc.constantFrom('*/*', 'application/json', 'text/html', BROWSER),
  fc.stringMatching(/^[!-~]{1,40}$/),
);

/** One request: who sends it, what, and the Accept header. */
const step = fc.tuple(user, operation, accept);

describe('random request sequences against the invariants', () => {
  let testApp: TestApp;
  let restoreSeed: () => Promise<void>;
  beforeAll(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES });
    restoreSeed = await snapshotDatabase(testApp.app);
  });
  afterAll(() => testApp.close());

  /** Sends one request and checks its answer against `model`, which then follows it. */
  async function check(
    model: AccessModel,
    [caller, op, type]: [string, Operation, string],
  ) {
    const server = testApp.app.getHttpServer();
    const res = await send(server, caller, op).set('Accept', type);
    expectSafeAnswer(res);

    const known = (USERS as readonly string[]).includes(caller);
    if (!known) {
      expect(res.status).toBe(401);
      return;
    }
    expect(res.status).toBe(model.expectedStatus(caller, op));
    model.apply(caller, op, res.status);

    if (
      res.status === 404 &&
      REPOS.includes(op.repo as never) &&
      !model.can(caller, 'read', op.repo)
    ) {
      const twin = `zz-missing-${op.repo}`;
      const missing = await send(server, caller, { ...op, repo: twin }).set(
        'Accept',
        type,
      );
      expect(comparableAnswer(res, op.repo)).toEqual(
        comparableAnswer(missing, twin),
      );
    }
  }

  // Each run starts from the seed, app and model alike, so a failure
  // shrinks to a short sequence that fails on its own.
  it('never 5xx, never leak, agree with the model, and hide what may not be read', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 20 }),
        async (steps) => {
          await restoreSeed();
          const model = new AccessModel(false);
          for (const request of steps) await check(model, request);
        },
      ),
      { numRuns: 150 },
    );
  });
});
