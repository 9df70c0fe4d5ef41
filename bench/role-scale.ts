import { medianMs } from './median';
import { TimedClient } from './timed-client';

/** How many roles the many-roles caller holds (issue 9's target 2). */
export const MANY_ROLES = 10_000;
/** Issue 9's target 2: the many-roles check costs at most this many times the one-role check. */
export const ROLE_SCALE_TARGET = 2;
/**
 * Its own database, `db:seed`'s data set: user1 holds {@link MANY_ROLES}
 * roles, on repo1 … repo10000, nobody else any; the quickstart's larry holds one.
 */
export const ROLE_SCALE_DATA = [
  '--repos',
  String(MANY_ROLES),
  '--users',
  '1',
  '--roles-per-user',
  String(MANY_ROLES),
  '--public-share',
  '0',
];
/** Requests per side before measuring; their timings are dropped. */
const WARMUP = 4;

export interface RoleScaleResult {
  roles: number;
  requestsPerSide: number;
  /** larry, one role, reading gmail. */
  medianOneRoleMs: number;
  /** user1, {@link MANY_ROLES} roles, reading repo1. */
  medianManyRolesMs: number;
  /** many / one: the target is at most {@link ROLE_SCALE_TARGET}. */
  ratio: number;
}

/**
 * Does a check cost more for a caller with many roles? On the app started
 * with AUTHZ_CACHE=off, so that every check is cold, `GET /repo/repo1` as
 * user1 and `GET /repo/gmail` as larry alternate one at a time, each on a
 * kept-alive connection of its own. Every answer must be a 200.
 */
export async function runRoleScale(
  base: string,
  requestsPerSide: number,
): Promise<RoleScaleResult> {
  const headers = { Accept: 'application/json' };
  const one = new TimedClient(base, { ...headers, 'X-User': 'larry' });
  const many = new TimedClient(base, { ...headers, 'X-User': 'user1' });
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
