import { runClosedLoop } from './closed-loop';
import type { LoadRequest } from './load';
import { median, percentile } from './median';
import { withSqlite } from './sqlite-file';

/** The lists' database, `db:seed`'s data set: 100,000 repositories, a tenth public, 1,000 users of 100 roles each. */
export const LISTS_DATA = [
  '--repos',
  '100000',
  '--users',
  '1000',
  '--roles-per-user',
  '100',
  '--public-share',
  '0.1',
];
/**
 * The repository the bench gives {@link ISSUES} issues: not public (every
 * tenth is), so its readers are the hundred users who hold a role on it.
 */
export const ISSUES_REPO = 'repo101';
export const ISSUES = 100_000;
/** Issue 9's target 3, for each list. */
export const LIST_MEDIAN_TARGET_MS = 25;
export const LIST_P99_TARGET_MS = 100;

const LIMIT = 50;
const CONNECTIONS = 4;
/**
 * Callers taking turns in the measured, warm phase: each asked once before
 * it (answers checked, timings dropped), so the caches hold their filters,
 * as they do for the users of a running app.
 */
export const WARM_CALLERS = 16;
/** Requests of the cold phase, each by a caller not asked before (at most). */
const COLD_REQUESTS = 80;
/** However slow a list, its median and p99 come from at least this many answers. */
const MIN_REQUESTS = 40;

export interface ListRow {
  name: string;
  /**
   * warm: {@link WARM_CALLERS} callers taking turns, each asked before (the
   * target); cold: each request by a caller not asked before, so no cache
   * holds its answer (shown, no target).
   */
  phase: 'warm' | 'cold';
  path: string;
  /** How many callers take turns. */
  callers: number;
  requests: number;
  /** How long it took: `seconds`, or more when the list is too slow for MIN_REQUESTS in that time. */
  seconds: number;
  rps: number;
  medianMs: number;
  p99Ms: number;
}

export interface ListsResult {
  connections: number;
  /** BENCH_SECONDS: each list's least duration. */
  secondsPerList: number;
  /** Each list's least number of answers. */
  minRequests: number;
  rows: ListRow[];
}

/** user1 … userN of the lists' database, by id. */
export function syntheticUsers(file: string): Promise<string[]> {
  return withSqlite(file, async (db) =>
    (
      await db.all<{ name: string }>(
        `SELECT "name" FROM "users" WHERE "name" LIKE 'user%' ORDER BY "id"`,
      )
    ).map(({ name }) => name),
  );
}

/**
 * A page of {@link LIMIT} from each list, {@link CONNECTIONS} connections
 * in a closed loop: warm, {@link WARM_CALLERS} callers taking turns for
 * `seconds` and at least {@link MIN_REQUESTS} answers; then cold, up to
 * {@link COLD_REQUESTS} callers not asked before, once each. The callers
 * are synthetic users for `GET /repos`, the repository's readers for its
 * issues. Latency is each answer's round trip,
 * timed here to the nanosecond; every answer must be a 200, and a first
 * one, checked before the load, a full page.
 */
export async function runLists(
  base: string,
  callers: { repos: string[]; issues: string[] },
  seconds: number,
  progress: (line: string) => void,
): Promise<ListsResult> {
  const lists = [
    {
      name: 'GET /repos',
      path: `/repos?limit=${LIMIT}`,
      callers: callers.repos,
    },
    {
      name: `GET /repo/${ISSUES_REPO}/issues`,
      path: `/repo/${ISSUES_REPO}/issues?limit=${LIMIT}`,
      callers: callers.issues,
    },
  ];
  const rows: ListRow[] = [];
  for (const list of lists) {
    progress(
      `lists: ${list.path}, ${list.callers.length} callers, ${CONNECTIONS} connections, ${seconds} s`,
    );
    await checkFullPage(base, list.path, list.callers[0]);
    const requests = (users: string[]): LoadRequest[] =>
      users.map((user) => ({
        path: list.path,
        headers: { accept: 'application/json', 'x-user': user },
        expect: 200,
        label: `GET ${list.path} as ${user}`,
      }));
    const warm = requests(list.callers.slice(0, WARM_CALLERS));
    await runClosedLoop(base, warm, {
      connections: CONNECTIONS,
      seconds: 0,
      minRequests: warm.length,
    });
    const warmRun = await runClosedLoop(base, warm, {
      connections: CONNECTIONS,
      seconds,
      minRequests: MIN_REQUESTS,
    });
    const cold = requests(
      list.callers.slice(WARM_CALLERS, WARM_CALLERS + COLD_REQUESTS),
    );
    const coldRun = await runClosedLoop(base, cold, {
      connections: CONNECTIONS,
      seconds: 0,
      minRequests: cold.length,
    });
    for (const [phase, run, callers] of [
      ['warm', warmRun, warm.length],
      ['cold', coldRun, cold.length],
    ] as const) {
      rows.push({
        name: list.name,
        phase,
        path: list.path,
        callers,
        requests: run.requests,
        seconds: run.seconds,
        rps: run.rps,
        medianMs: median(run.latenciesMs),
        p99Ms: percentile(run.latenciesMs, 99),
      });
    }
  }
  return {
    connections: CONNECTIONS,
    secondsPerList: seconds,
    minRequests: MIN_REQUESTS,
    rows,
  };
}

/** A list that answers an empty page fast measures nothing: the first page must be full. */
async function checkFullPage(
  base: string,
  path: string,
  user: string,
): Promise<void> {
  const response = await fetch(`${base}${path}`, {
    headers: { accept: 'application/json', 'x-user': user },
  });
  const body = (await response.json()) as { items?: unknown[] };
  if (response.status !== 200 || body.items?.length !== LIMIT) {
    throw new Error(
      `GET ${path} as ${user} answered ${response.status} with ${body.items?.length ?? 'no'} items, expected 200 and ${LIMIT}`,
    );
  }
}
