import type { ExistenceResult } from './existence';
import {
  ISSUES,
  type ListsResult,
  LIST_MEDIAN_TARGET_MS,
  LIST_P99_TARGET_MS,
  WARM_CALLERS,
} from './lists';
import { MEMORY_TARGET_MB, type MemoryReading, peakMemory } from './memory';
import {
  MANY_ROLES,
  ROLE_SCALE_TARGET,
  type RoleScaleResult,
} from './role-scale';
import { STARTUP_TARGET_MS, type StartupResult } from './startup';
import {
  type ThroughputResult,
  VS_BARE_TARGET,
  VS_QUICKSTART_TARGET,
} from './throughput';

/** Everything a run measured; a part is missing when its phase failed (see `errors`). */
export interface BenchResults {
  throughput?: ThroughputResult;
  roleScale?: RoleScaleResult;
  lists?: ListsResult;
  startup?: StartupResult;
  memory: MemoryReading[];
  existence: { on?: ExistenceResult; off?: ExistenceResult };
  errors: { phase: string; message: string }[];
}

/** One of issue 9's targets: what was measured, what it should be, and whether it is. */
export interface Target {
  id: string;
  name: string;
  figure: string;
  target: string;
  /** 'error' when the figure could not be measured. */
  verdict: 'met' | 'NOT MET' | 'error';
  value: number | null;
}

/** Issue 9's targets, in its order, from what the run measured. */
export function evaluateTargets(results: BenchResults): Target[] {
  const { throughput, roleScale, lists, startup, existence } = results;
  const peak = peakMemory(results.memory);
  const warm = lists?.rows.filter((row) => row.phase === 'warm');
  const reposList = warm?.[0];
  const issuesList = warm?.[1];
  return [
    atLeast(
      '1a',
      'GET /repo/:name req/s, app / bare route (mix)',
      throughput?.appVsBare.median,
      VS_BARE_TARGET,
      (v) => `${v.toFixed(2)}x`,
    ),
    atLeast(
      '1b',
      'GET /repo/:name req/s, app / Oso quickstart shape',
      throughput?.appVsQuickstart.median,
      VS_QUICKSTART_TARGET,
      (v) => `${v.toFixed(2)}x`,
    ),
    atMost(
      '2',
      `${MANY_ROLES.toLocaleString('en')} roles / 1 role, cold (AUTHZ_CACHE=off)`,
      roleScale?.ratio,
      ROLE_SCALE_TARGET,
      (v) => `${v.toFixed(2)}x`,
    ),
    atMost(
      '3a',
      `GET /repos?limit=50 (100k repos, ${WARM_CALLERS} callers), median`,
      reposList?.medianMs,
      LIST_MEDIAN_TARGET_MS,
      ms,
    ),
    atMost(
      '3b',
      'GET /repos?limit=50, p99',
      reposList?.p99Ms,
      LIST_P99_TARGET_MS,
      ms,
    ),
    atMost(
      '3c',
      `issue list (${ISSUES / 1000}k issues, ${WARM_CALLERS} callers), median`,
      issuesList?.medianMs,
      LIST_MEDIAN_TARGET_MS,
      ms,
    ),
    atMost('3d', 'issue list, p99', issuesList?.p99Ms, LIST_P99_TARGET_MS, ms),
    atMost(
      '4a',
      'startup to first 200 (median)',
      startup?.medianMs,
      STARTUP_TARGET_MS,
      (v) => `${(v / 1000).toFixed(2)} s`,
    ),
    atMost(
      '4b',
      'resident memory after load (peak)',
      peak,
      MEMORY_TARGET_MB,
      (v) => `${v.toFixed(0)} MB`,
    ),
    withinNoise('5a', 'existence, caches on', existence.on),
    withinNoise('5b', 'existence, AUTHZ_CACHE=off', existence.off),
  ];
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

function atLeast(
  id: string,
  name: string,
  value: number | undefined,
  target: number,
  show: (value: number) => string,
): Target {
  return compare(
    id,
    name,
    value,
    `>= ${show(target)}`,
    (v) => v >= target,
    show,
  );
}

function atMost(
  id: string,
  name: string,
  value: number | undefined,
  target: number,
  show: (value: number) => string,
): Target {
  return compare(
    id,
    name,
    value,
    `<= ${show(target)}`,
    (v) => v <= target,
    show,
  );
}

function compare(
  id: string,
  name: string,
  value: number | undefined,
  target: string,
  met: (value: number) => boolean,
  show: (value: number) => string,
): Target {
  if (value === undefined || !Number.isFinite(value)) {
    return {
      id,
      name,
      figure: 'not measured',
      target,
      verdict: 'error',
      value: null,
    };
  }
  return {
    id,
    name,
    figure: show(value),
    target,
    verdict: met(value) ? 'met' : 'NOT MET',
    value,
  };
}

function withinNoise(
  id: string,
  name: string,
  result: ExistenceResult | undefined,
): Target {
  const target = 'all within noise';
  if (!result) {
    return {
      id,
      name,
      figure: 'not measured',
      target,
      verdict: 'error',
      value: null,
    };
  }
  const within = result.rows.filter((row) => row.withinNoise).length;
  return {
    id,
    name,
    figure: `${within}/${result.rows.length} routes within noise`,
    target,
    verdict: within === result.rows.length ? 'met' : 'NOT MET',
    value: within / result.rows.length,
  };
}
