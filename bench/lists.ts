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
/** Requests before measuring each list, to warm it up; answers checked, timings dropped. */
const WARMUP_REQUESTS = 8;
/** However slow a list, its median and p99 come from at least this many answers. */
const MIN_REQUESTS = 40;

export interface ListRow {
  name: string;
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
 * in a closed loop for `seconds` and at least {@link MIN_REQUESTS} answers,
 * the callers taking turns: every synthetic user for `GET /repos`, the
 * repository's readers for its issues. Latency is each answer's round trip,
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
    const requests: LoadRequest[] = list.callers.map((user) => ({
      path: list.path,
      headers: { accept: 'application/json', 'x-user': user },
      expect: 200,
      label: `GET ${list.path} as ${user}`,
    }));
    await runClosedLoop(base, requests, {
      connections: CONNECTIONS,
      seconds: 0,
      minRequests: WARMUP_REQUESTS,
    });
    const run = await runClosedLoop(base, requests, {
      connections: CONNECTIONS,
      seconds,
      minRequests: MIN_REQUESTS,
    });
    rows.push({
      name: list.name,
      path: list.path,
      callers: list.callers.length,
      requests: run.requests,
      seconds: run.seconds,
      rps: run.rps,
      medianMs: median(run.latenciesMs),
      p99Ms: percentile(run.latenciesMs, 99),
    });
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
