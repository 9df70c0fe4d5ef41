import type { ExistenceResult } from './existence';
import type { ListsResult } from './lists';
import type { MemoryReading } from './memory';
import type { RoleScaleResult } from './role-scale';
import type { StartupResult } from './startup';
import type { Target } from './targets';
import type { ThroughputResult } from './throughput';

/** Issue 9's targets, one line each: the summary of the whole run. */
export function targetsTable(targets: readonly Target[]): string[] {
  const rows = [
    ['#', 'measure', 'figure', 'target', 'verdict'],
    ...targets.map((t) => [t.id, t.name, t.figure, t.target, t.verdict]),
  ];
  const widths = rows[0].map((_, c) =>
    Math.max(...rows.map((row) => row[c].length)),
  );
  return [
    "issue 9's targets",
    '',
    ...rows.map((row) =>
      row
        .map((cell, c) => (c < row.length - 1 ? cell.padEnd(widths[c]) : cell))
        .join('  '),
    ),
  ];
}

/** Target 1: req/s per server and round, and the app's ratios. */
export function throughputTable(result: ThroughputResult): string[] {
  const { mix } = result;
  const row = (name: string, perRound: string[], median: string) =>
    `${name.padEnd(28)} ${perRound.map((v) => v.padStart(7)).join(' ')}   ${median}`;
  const rps = (values: number[]) => values.map((v) => v.toFixed(0));
  const ratios = (values: number[]) => values.map((v) => v.toFixed(2));
  return [
    `target 1: GET /repo/:name, ${mix.requests} requests rotating (${mix.callers} callers: ${mix.allowed} allowed, ${mix.hidden} hidden, ${mix.missing} missing), ${result.connections} connections, ${result.rounds} rounds of ${result.secondsPerRun} s per server, order rotating`,
    '',
    row(
      'req/s',
      result.rps.app.perRound.map((_, i) => `round ${i + 1}`),
      'median',
    ),
    row(
      'app (node dist/main)',
      rps(result.rps.app.perRound),
      result.rps.app.median.toFixed(0),
    ),
    row(
      'bare route (Express+TypeORM)',
      rps(result.rps.bare.perRound),
      result.rps.bare.median.toFixed(0),
    ),
    row(
      'Oso quickstart shape',
      rps(result.rps.quickstart.perRound),
      result.rps.quickstart.median.toFixed(0),
    ),
    row(
      'app / bare route',
      ratios(result.appVsBare.perRound),
      `${result.appVsBare.median.toFixed(2)}x`,
    ),
    row(
      'app / quickstart shape',
      ratios(result.appVsQuickstart.perRound),
      `${result.appVsQuickstart.median.toFixed(2)}x`,
    ),
  ];
}

/** Target 3: latency of each list under concurrent callers. */
export function listsTable(result: ListsResult): string[] {
  const row = (cells: string[]) =>
    [
      cells[0].padEnd(26),
      ...cells.slice(1).map((cell) => cell.padStart(10)),
    ].join(' ');
  return [
    `target 3: a page of 50, ${result.connections} connections in a closed loop; the tutorial's public-read rule on`,
    `warm: callers taking turns, each asked before, for ${result.secondsPerList} s and at least ${result.minRequests} answers (the target); cold: each request by a caller not asked before (no cache holds its answer; no target)`,
    '',
    row([
      'list',
      'phase',
      'callers',
      'requests',
      'seconds',
      'req/s',
      'median ms',
      'p99 ms',
    ]),
    ...result.rows.map((r) =>
      row([
        r.name,
        r.phase,
        String(r.callers),
        String(r.requests),
        r.seconds.toFixed(1),
        r.rps.toFixed(1),
        r.medianMs.toFixed(1),
        r.p99Ms.toFixed(1),
      ]),
    ),
  ];
}

/** Target 4: each start of the app, and each process's memory after its load. */
export function startupMemoryTable(
  startup: StartupResult | undefined,
  memory: readonly MemoryReading[],
): string[] {
  const lines = [
    'target 4: startup (spawn to first 200) and resident memory (VmRSS of node)',
    '',
  ];
  if (startup) {
    lines.push(
      `startups: ${startup.samplesMs.map((v) => `${(v / 1000).toFixed(2)} s`).join(', ')}; median ${(startup.medianMs / 1000).toFixed(2)} s, max ${(startup.maxMs / 1000).toFixed(2)} s`,
    );
  }
  for (const { process, rssMb } of memory) {
    lines.push(
      `${(rssMb === undefined ? 'n/a' : `${rssMb.toFixed(0)} MB`).padStart(7)}  ${process}`,
    );
  }
  return lines;
}

/** The existence table: hidden against missing, route by route. */
export function existenceTable(result: ExistenceResult): string[] {
  const { thresholds: t } = result;
  const lines = [
    `target 5, AUTHZ_CACHE=${result.cache}: routes from the startup log (${result.routesFrom.startupLog}) and /docs-json (${result.routesFrom.openApi})`,
    `hidden (${result.hidden}) vs missing (${result.missing}): ${result.requestsPerSide} requests a side per route, ABBA/BAAB, one at a time on ${result.connections === 1 ? 'one kept-alive connection' : `${result.connections} connections`}, as ${result.user}; all 404`,
    `diff = hidden - missing; noise = the same between odd and even hidden samples; within noise when |diff| < ${t.ms} ms or < ${t.percent}% of the median`,
    '',
    'route                                hidden ms  missing ms   diff ms   diff %  noise ms  verdict',
  ];
  for (const row of result.rows) {
    lines.push(
      [
        `${row.method} ${row.route}`.padEnd(36),
        ms(row.medianHiddenMs).padStart(9),
        ms(row.medianMissingMs).padStart(11),
        signed(row.diffMs, 3).padStart(9),
        `${signed(row.diffPercent, 1)}%`.padStart(8),
        signed(row.noiseMs, 3).padStart(9),
        ` ${row.withinNoise ? 'within noise' : 'DIFFERS'}`,
      ].join(' '),
    );
  }
  return lines;
}

function ms(value: number): string {
  return value.toFixed(3);
}

function signed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return value >= 0 ? `+${text}` : text;
}

/** One role against many: issue 9's target 2 is a ratio of at most 2. */
export function roleScaleTable(result: RoleScaleResult): string[] {
  const row = (caller: string, value: string) =>
    `${caller.padEnd(42)} ${value}`;
  return [
    `target 2: a check for a caller with ${result.roles} roles against one with 1, AUTHZ_CACHE=off: ${result.requestsPerSide} requests a side, alternating, one at a time`,
    '',
    row('caller', 'median ms'),
    row('larry, 1 role, GET /repo/gmail', ms(result.medianOneRoleMs)),
    row(
      `user1, ${result.roles} roles, GET /repo/repo1`,
      ms(result.medianManyRolesMs),
    ),
    row('ratio (target: at most 2x)', `${result.ratio.toFixed(2)}x`),
  ];
}
