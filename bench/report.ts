import type { ExistenceResult } from './existence';
import type { RoleScaleResult } from './role-scale';
import type { ThroughputResult } from './throughput';

/** The throughput table: req/s and p99 per scenario, against the baseline. */
export function throughputTable(result: ThroughputResult): string[] {
  return [
    `${result.seconds} s each, ${result.connections} connections, as ${result.user}`,
    '',
    'scenario                       req/s   p99 ms   vs baseline',
    ...result.rows.map(
      ({ name, rps, p99Ms, vsBaseline }) =>
        `${name.padEnd(30)} ${rps.toFixed(0).padStart(6)} ${String(p99Ms).padStart(8)}   ${vsBaseline.toFixed(2)}x`,
    ),
  ];
}

/** The existence table: hidden against missing, route by route. */
export function existenceTable(result: ExistenceResult): string[] {
  const { thresholds: t } = result;
  const lines = [
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
    `a check for a caller with ${result.roles} roles against one with 1: ${result.requestsPerSide} requests a side, alternating, one at a time`,
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
