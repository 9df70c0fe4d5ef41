import autocannon from 'autocannon';

/** One autocannon run: a path hammered by 10 connections for a while. */
interface Scenario {
  name: string;
  path: string;
  status: 200 | 404;
}

export interface ThroughputRow {
  name: string;
  path: string;
  rps: number;
  p99Ms: number;
  /** req/s relative to the first scenario, the unguarded baseline. */
  vsBaseline: number;
}

export interface ThroughputResult {
  seconds: number;
  connections: number;
  user: string;
  rows: ThroughputRow[];
}

const CONNECTIONS = 10;
const USER = 'larry';

const SCENARIOS: Scenario[] = [
  {
    name: 'no policy check (baseline)',
    path: '/bench/repo/gmail',
    status: 200,
  },
  { name: 'GET /repo/gmail, allowed', path: '/repo/gmail', status: 200 },
  { name: 'GET /repo/oso, hidden: 404', path: '/repo/oso', status: 404 },
  { name: 'GET /repo/gmail/actions', path: '/repo/gmail/actions', status: 200 },
  { name: 'GET /repos, filtered in SQL', path: '/repos', status: 200 },
];

/**
 * What authorization costs on the request path: each scenario for `seconds`
 * on 10 connections. Throws when any answer is not the expected status.
 */
export async function runThroughput(
  base: string,
  seconds: number,
): Promise<ThroughputResult> {
  const rows: ThroughputRow[] = [];
  for (const scenario of SCENARIOS) {
    const result = await autocannon({
      url: `${base}${scenario.path}`,
      headers: { accept: 'application/json', 'x-user': USER },
      connections: CONNECTIONS,
      duration: seconds,
    });
    const expected = scenario.status === 200 ? result['2xx'] : result['4xx'];
    if (result.errors || expected !== result.requests.total) {
      throw new Error(
        `${scenario.name}: not every answer was ${scenario.status}`,
      );
    }
    rows.push({
      name: scenario.name,
      path: scenario.path,
      rps: result.requests.average,
      p99Ms: result.latency.p99,
      vsBaseline: 0,
    });
  }
  // autocannon drops its connections at the deadline; give the handlers of
  // the requests it abandoned a moment to finish before anything else runs.
  await new Promise((resolve) => setTimeout(resolve, 500));

  const baseline = rows[0].rps;
  for (const row of rows) row.vsBaseline = row.rps / baseline;
  return { seconds, connections: CONNECTIONS, user: USER, rows };
}
