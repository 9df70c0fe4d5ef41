import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { insertSyntheticData } from '../src/database/synthetic-data';
import { medianMs } from './median';
import { TimedClient } from './timed-client';

/** How many roles the many-roles caller holds (issue 9's target 2). */
export const MANY_ROLES = 10_000;
/** Requests per side before measuring; their timings are dropped. */
const WARMUP = 4;

export interface RoleScaleResult {
  roles: number;
  requestsPerSide: number;
  /** larry, one role, reading gmail. */
  medianOneRoleMs: number;
  /** user1, {@link MANY_ROLES} roles, reading repo1. */
  medianManyRolesMs: number;
  /** many / one: the target is at most 2. */
  ratio: number;
}

/**
 * Does a check cost more for a caller with many roles? user1 gets
 * {@link MANY_ROLES} roles (on repo1 … repo10000, added with `db:seed`'s
 * generator), then `GET /repo/repo1` as user1 and `GET /repo/gmail` as
 * larry, who holds one role, alternate one at a time. Every answer must be a
 * 200. Run last: the data it adds stays in the bench's database.
 */
export async function runRoleScale(
  app: INestApplication,
  base: string,
  requestsPerSide: number,
): Promise<RoleScaleResult> {
  await app.get(DataSource).transaction((manager) =>
    insertSyntheticData(manager, {
      repos: MANY_ROLES,
      users: 1,
      rolesPerUser: MANY_ROLES,
      publicShare: 0,
      issuesPerRepo: 0,
    }),
  );
  const one = new TimedClient(base, { 'X-User': 'larry' });
  const many = new TimedClient(base, { 'X-User': 'user1' });
  const samples = { one: [] as bigint[], many: [] as bigint[] };
  try {
    for (let i = 0; i < WARMUP + requestsPerSide; i += 1) {
      for (const side of i % 2
        ? (['one', 'many'] as const)
        : (['many', 'one'] as const)) {
        const answer =
          side === 'one'
            ? await one.send('GET', '/repo/gmail')
            : await many.send('GET', '/repo/repo1');
        if (answer.status !== 200) {
          throw new Error(
            `Role scale: ${side === 'one' ? 'larry on gmail' : 'user1 on repo1'} answered ${answer.status}, not 200`,
          );
        }
        if (i >= WARMUP) samples[side].push(answer.nanoseconds);
      }
    }
  } finally {
    one.close();
    many.close();
  }
  const medianOneRoleMs = medianMs(samples.one);
  const medianManyRolesMs = medianMs(samples.many);
  return {
    roles: MANY_ROLES,
    requestsPerSide,
    medianOneRoleMs,
    medianManyRolesMs,
    ratio: medianManyRolesMs / medianOneRoleMs,
  };
}
