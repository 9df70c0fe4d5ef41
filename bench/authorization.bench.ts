/**
 * Two measurements on one app (the real AppModule on a temp sqlite file with
 * the quickstart's seed), as larry. Read the ratios and differences, not the
 * absolute figures: the machine is shared and noisy.
 *
 * 1. Throughput: what authorization costs on the request path. The same
 *    repository lookup served by a @Public() route (no policy check) and by
 *    the real guarded routes, each for BENCH_SECONDS on 10 connections:
 *    req/s, p99 latency in ms, and req/s relative to the unguarded baseline.
 *
 * 2. Existence: whether a 404's timing tells a hidden repository from a
 *    missing one. For every route of the app whose path has :name (taken
 *    from RouteReportService, so new routes are measured too), larry asks
 *    about `oso` (exists, hidden from him) and `osx` (does not exist),
 *    BENCH_EXISTENCE_REQUESTS times each, interleaved ABBA/BAAB, one at a time
 *    on one kept-alive connection, after a discarded warm-up. Per route: the
 *    median round trip of each side, their difference (hidden - missing) in
 *    ms and as % of the median of all samples, and a verdict: within noise
 *    when |diff| < 0.2 ms or < 5% of that median. For scale, `noise` is the
 *    same difference between the odd and even hidden samples (halves of the
 *    data, so it runs about 1.4x wider than the real comparison's noise).
 *
 * The run exits non-zero when any answer has an unexpected status (every
 * existence answer must be a 404); it never fails on timing: it reports.
 *
 * 3. Role scale: a check for a caller holding 10,000 roles against one for a
 *    caller holding one (BENCH_ROLE_REQUESTS a side, default 20), run last.
 *
 *   npm run bench                            5 s per scenario, 2000 a side
 *   BENCH_SECONDS=15 BENCH_EXISTENCE_REQUESTS=5000 npm run bench
 *   npm run bench -- --json                  one JSON object on stdout
 */
import 'reflect-metadata';
import { startBenchApp } from './bench-app';
import { type ExistenceResult, runExistence } from './existence';
import { parseOptions } from './options';
import { existenceTable, roleScaleTable, throughputTable } from './report';
import { MANY_ROLES, type RoleScaleResult, runRoleScale } from './role-scale';
import { runThroughput, type ThroughputResult } from './throughput';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const started = process.hrtime.bigint();
  // Progress goes to stderr, so that stdout holds only the result.
  const progress = (line: string) => process.stderr.write(`${line}\n`);

  const bench = await startBenchApp();
  let throughput: ThroughputResult;
  let existence: ExistenceResult;
  let roleScale: RoleScaleResult;
  try {
    progress(`throughput: ${options.seconds} s per scenario`);
    throughput = await runThroughput(bench.base, options.seconds);
    existence = await runExistence(
      bench.app,
      bench.base,
      options.existenceRequests,
      progress,
    );
    progress(`role scale: one role against ${MANY_ROLES}`);
    roleScale = await runRoleScale(bench.app, bench.base, options.roleRequests);
  } finally {
    await bench.close();
  }
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ throughput, existence, roleScale, elapsedSeconds }, null, 2)}\n`,
    );
    return;
  }
  console.log(
    [
      '',
      ...throughputTable(throughput),
      '',
      ...existenceTable(existence),
      '',
      ...roleScaleTable(roleScale),
      '',
      `whole run: ${elapsedSeconds.toFixed(0)} s`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
