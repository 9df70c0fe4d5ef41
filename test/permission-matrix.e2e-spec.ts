import type { INestApplication } from '@nestjs/common';
import type { App } from 'supertest/types';
import { AccessModel, type Operation } from './helpers/access-model';
import { notFoundJson } from './helpers/pages';
import { REPOS, USERS } from './helpers/seed-access';
import { describeOperation, send } from './helpers/send';
import { createTestApp } from './helpers/test-app';
import { pinnedPolicies, POLICY_VARIANTS } from './helpers/policies';

/** Every user × repository, for each kind of request. */
const each = (
  make: (user: string, repo: string) => Operation,
): [string, Operation][] =>
  REPOS.flatMap((repo) =>
    USERS.map((user): [string, Operation] => [user, make(user, repo)]),
  );

/** Someone other than `user`, to grant a role to. */
const other = (user: string) => (user === 'anne' ? 'graham' : 'anne');

/**
 * Reads first, then pushes, role changes and deletes, so that later requests
 * run against the state the earlier ones left; the model follows along.
 */
const SEQUENCE: [string, Operation][] = [
  ...each((_, repo) => ({ kind: 'read', repo })),
  ...each((_, repo) => ({ kind: 'actions', repo })),
  ...each((_, repo) => ({ kind: 'roles', repo })),
  ...each((_, repo) => ({ kind: 'push', repo })),
  ...each((user, repo) => ({
    kind: 'grant',
    repo,
    target: other(user),
    role: 'contributor',
  })),
  ...each((_, repo) => ({
    kind: 'grant',
    repo,
    target: 'larry',
    role: 'owner',
  })),
  ...each((_, repo) => ({
    kind: 'grant',
    repo,
    target: 'mallory',
    role: 'admin',
  })),
  ...each((_, repo) => ({ kind: 'read', repo })),
  ...each((_, repo) => ({ kind: 'actions', repo })),
  ...each((user, repo) => ({ kind: 'revoke', repo, target: other(user) })),
  ...each((user, repo) => ({ kind: 'revoke', repo, target: other(user) })),
  ...each((_, repo) => ({ kind: 'push', repo })),
  ...each((_, repo) => ({ kind: 'delete', repo })),
  ...each((_, repo) => ({ kind: 'read', repo })),
  ...REPOS.map((repo): [string, Operation] => [
    'larry',
    { kind: 'delete', repo },
  ]),
];

describe.each(POLICY_VARIANTS)(
  'permission matrix with %s',
  (_policy, publicRule) => {
    let app: INestApplication<App>;
    let close: () => Promise<void>;
    const model = new AccessModel(publicRule);

    beforeAll(async () => {
      ({ app, close } = await createTestApp({
        policies: pinnedPolicies(publicRule),
      }));
    });
    afterAll(() => close());

    it.each(SEQUENCE.map(([user, op]) => [user, describeOperation(op), op]))(
      'as %s: %s',
      async (user, _label, op: Operation) => {
        const expected = model.expectedStatus(user, op);
        const hidden = !model.can(user, 'read', op.repo);
        const res = await send(app.getHttpServer(), user, op);
        expect(res.status).toBe(expected);
        if (hidden) expect(res.body).toEqual(notFoundJson(op.repo));
        model.apply(user, op, res.status);
        if (res.status !== 200) return;
        switch (op.kind) {
          case 'read':
            expect(res.body).toMatchObject({
              name: op.repo,
              pushCount: model.pushes(op.repo),
            });
            break;
          case 'actions':
            expect(res.body).toEqual({
              actions: model.permissions(user, op.repo),
            });
            break;
          case 'roles':
            expect(res.body).toEqual({ roles: model.rolesOn(op.repo) });
            break;
          case 'push':
            expect(res.body).toMatchObject({
              name: op.repo,
              pushCount: model.pushes(op.repo),
              lastPushedBy: user,
            });
            break;
          case 'grant':
            expect(res.body).toEqual({ user: op.target, role: op.role });
            break;
        }
      },
    );
  },
);
