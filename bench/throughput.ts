import type { ChildServer } from './child-server';
import { type LoadRequest, runLoad } from './load';
import { median } from './median';
import type { MixRequest } from './request-mix';

/** Issue 9's target 1: at least this share of the bare route's req/s... */
export const VS_BARE_TARGET = 0.8;
/** ...and at least this multiple of the Oso quickstart shape's. */
export const VS_QUICKSTART_TARGET = 1.5;

const CONNECTIONS = 16;
/** Each server's first run, to warm it up; its answers are checked, its figures dropped. */
const WARMUP_SECONDS = 2;

/** The three servers of target 1, each a process of its own. */
export interface ThroughputServers {
  app: ChildServer;
  bare: ChildServer;
  quickstart: ChildServer;
}

type Side = keyof ThroughputServers;
const SIDES: Side[] = ['app', 'bare', 'quickstart'];

export interface ThroughputResult {
  secondsPerRun: number;
  rounds: number;
  connections: number;
  mix: {
    requests: number;
    callers: number;
    allowed: number;
    hidden: number;
    missing: number;
  };
  /** req/s of each server in each round, and their medians. */
  rps: Record<Side, { perRound: number[]; median: number }>;
  /** app / bare and app / quickstart, round by round (same minutes), and their medians. */
  appVsBare: { perRound: number[]; median: number };
  appVsQuickstart: { perRound: number[]; median: number };
}

/**
 * `GET /repo/:name` under the same rotating mix of callers and repositories
 * on all three servers, {@link CONNECTIONS} connections, `seconds` a run, in
 * `rounds` rounds whose order rotates (app bare quickstart, bare quickstart
 * app, ...), so a drift of the machine touches every server alike. Ratios
 * are taken within a round, then their median. Every answer's status is
 * checked against what its request must answer on that server.
 */
export async function runThroughput(
  servers: ThroughputServers,
  mix: readonly MixRequest[],
  { seconds, rounds }: { seconds: number; rounds: number },
  progress: (line: string) => void,
): Promise<ThroughputResult> {
  const requests: Record<Side, LoadRequest[]> = {
    app: loadRequests(mix, 'authorizedStatus'),
    quickstart: loadRequests(mix, 'authorizedStatus'),
    bare: loadRequests(mix, 'existsStatus'),
  };
  const run = (side: Side, duration: number) =>
    runLoad(servers[side].base, requests[side], {
      connections: CONNECTIONS,
      seconds: duration,
    });

  progress(`throughput: warm-up, ${WARMUP_SECONDS} s per server`);
  for (const side of SIDES) await run(side, WARMUP_SECONDS);

  const perRound: Record<Side, number[]> = {
    app: [],
    bare: [],
    quickstart: [],
  };
  for (let round = 0; round < rounds; round += 1) {
    const order = SIDES.map((_, i) => SIDES[(i + round) % SIDES.length]);
    progress(
      `throughput: round ${round + 1}/${rounds}: ${order.join(', ')}, ${seconds} s each`,
    );
    for (const side of order)
      perRound[side].push((await run(side, seconds)).rps);
  }

  const ratio = (over: Side) => {
    const values = perRound.app.map((rps, i) => rps / perRound[over][i]);
    return { perRound: values, median: median(values) };
  };
  const rps = Object.fromEntries(
    SIDES.map((side) => [
      side,
      { perRound: perRound[side], median: median(perRound[side]) },
    ]),
  ) as ThroughputResult['rps'];
  return {
    secondsPerRun: seconds,
    rounds,
    connections: CONNECTIONS,
    mix: {
      requests: mix.length,
      callers: new Set(mix.map(({ user }) => user)).size,
      allowed: mix.filter(({ kind }) => kind === 'allowed').length,
      hidden: mix.filter(({ kind }) => kind === 'hidden').length,
      missing: mix.filter(({ kind }) => kind === 'missing').length,
    },
    rps,
    appVsBare: ratio('bare'),
    appVsQuickstart: ratio('quickstart'),
  };
}

/** The mix as requests to one server, expecting its kind of status. */
function loadRequests(
  mix: readonly MixRequest[],
  status: 'authorizedStatus' | 'existsStatus',
): LoadRequest[] {
  return mix.map((request) => ({
    path: `/repo/${encodeURIComponent(request.repo)}`,
    headers: { accept: 'application/json', 'x-user': request.user },
    expect: request[status],
    label: `GET /repo/${request.repo} as ${request.user} (${request.kind})`,
  }));
}
