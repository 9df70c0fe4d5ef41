import type { INestApplication } from '@nestjs/common';
import {
  type RouteAuthorization,
  RouteReportService,
} from '../src/authorization';
import { DataSource } from 'typeorm';
import { Issue } from '../src/issues/issue.entity';
import { RepositoriesService } from '../src/repositories/repositories.service';
import { BENCH_PREFIX } from './bench-app';
import { medianMs } from './median';
import { TimedClient } from './timed-client';

/**
 * Does a repository that does not exist answer 404 as fast as one that exists
 * but is hidden from the caller? For every route of the app that names a
 * repository, larry asks about `oso` (exists, larry holds no role on it) and
 * `osx` (does not exist, same name length, so the same bytes on the wire),
 * interleaved ABBA/BAAB so slow drift of the machine cancels out, one request
 * at a time on one kept-alive connection. Every answer must be a 404.
 */

export const HIDDEN = 'oso';
export const MISSING = 'osx';
const USER = 'larry';
/**
 * Filled in for the routes' other parameters; `id` (an issue) is one on the
 * hidden repository, asked about under both names.
 */
const PARAMS: Record<string, string> = { user: 'anne' };
/** Bodies of routes that take one; any other route is sent none. */
const BODIES: Record<string, object> = {
  'PUT /repo/:name/roles/:user': { role: 'contributor' },
  'POST /repo/:name/issues': { title: 'bench' },
};
/** Requests per route before measuring, half a side; their timings are dropped. */
export const WARMUP_PER_ROUTE = 300;
/** A difference below either threshold is within noise. */
export const NOISE_MS = 0.2;
export const NOISE_FRACTION = 0.05;

export interface ExistenceRow {
  method: string;
  route: string;
  hiddenPath: string;
  missingPath: string;
  samplesPerSide: number;
  medianHiddenMs: number;
  medianMissingMs: number;
  /** Median of both sides' samples together: what `diffPercent` is of. */
  medianMs: number;
  /** medianHiddenMs - medianMissingMs: positive when missing answers faster. */
  diffMs: number;
  diffPercent: number;
  /** The same difference between two halves of the hidden samples (odd/even). */
  noiseMs: number;
  withinNoise: boolean;
}

export interface ExistenceResult {
  user: string;
  hidden: string;
  missing: string;
  requestsPerSide: number;
  warmupPerRoute: number;
  thresholds: { ms: number; percent: number };
  /** Connections the client opened for the whole run (1 = kept alive). */
  connections: number;
  rows: ExistenceRow[];
}

/** The app's own routes whose path names a repository. */
export function routesNamingRepository(
  app: INestApplication,
): RouteAuthorization[] {
  return app
    .get(RouteReportService)
    .routes()
    .filter(
      ({ path }) =>
        path.includes(':name') && !path.startsWith(`${BENCH_PREFIX}/`),
    );
}

export async function runExistence(
  app: INestApplication,
  base: string,
  requestsPerSide: number,
  progress: (line: string) => void,
): Promise<ExistenceResult> {
  const params = { ...PARAMS, id: String(await checkSeed(app)) };
  const routes = routesNamingRepository(app);
  if (routes.length === 0) {
    throw new Error('No route of the app has :name in its path');
  }
  const client = new TimedClient(base, {
    'X-User': USER,
    Accept: 'application/json',
  });
  const rows: ExistenceRow[] = [];
  try {
    for (const route of routes) {
      progress(`existence: ${route.method} ${route.path}`);
      rows.push(await measureRoute(client, route, params, requestsPerSide));
    }
  } finally {
    client.close();
  }
  return {
    user: USER,
    hidden: HIDDEN,
    missing: MISSING,
    requestsPerSide,
    warmupPerRoute: WARMUP_PER_ROUTE,
    thresholds: { ms: NOISE_MS, percent: NOISE_FRACTION * 100 },
    connections: client.connections,
    rows,
  };
}

/**
 * The comparison is only meaningful if oso exists, with an issue, and osx
 * does not. Answers the id of oso's issue.
 */
async function checkSeed(app: INestApplication): Promise<number> {
  if (HIDDEN.length !== MISSING.length) {
    throw new Error(`${HIDDEN} and ${MISSING} must be names of one length`);
  }
  const repositories = app.get(RepositoriesService);
  if (!(await repositories.findByName(HIDDEN))) {
    throw new Error(`The seed has no repository ${HIDDEN} to hide`);
  }
  if (await repositories.findByName(MISSING)) {
    throw new Error(`Repository ${MISSING} exists: it cannot stand for none`);
  }
  const issue = await app
    .get(DataSource)
    .getRepository(Issue)
    .findOneBy({ repository: { name: HIDDEN } });
  if (!issue) throw new Error(`The seed has no issue on ${HIDDEN}`);
  return issue.id;
}

async function measureRoute(
  client: TimedClient,
  route: RouteAuthorization,
  params: Record<string, string>,
  requestsPerSide: number,
): Promise<ExistenceRow> {
  const method = route.method === 'ALL' ? 'GET' : route.method;
  const body = BODIES[`${route.method} ${route.path}`];
  const hiddenPath = fill(route.path, HIDDEN, params);
  const missingPath = fill(route.path, MISSING, params);

  const run = async (perSide: number) => {
    const hidden: bigint[] = [];
    const missing: bigint[] = [];
    for (const isHidden of abbaOrder(perSide)) {
      const path = isHidden ? hiddenPath : missingPath;
      const { status, nanoseconds } = await client.send(method, path, body);
      if (status !== 404) {
        throw new Error(
          `Existence: ${method} ${path} as ${USER} answered ${status}, expected 404`,
        );
      }
      (isHidden ? hidden : missing).push(nanoseconds);
    }
    return { hidden, missing };
  };

  await run(WARMUP_PER_ROUTE / 2);
  const { hidden, missing } = await run(requestsPerSide);

  const medianHiddenMs = medianMs(hidden);
  const medianMissingMs = medianMs(missing);
  const medianAll = medianMs([...hidden, ...missing]);
  const diffMs = medianHiddenMs - medianMissingMs;
  const noiseMs =
    medianMs(hidden.filter((_, i) => i % 2 === 1)) -
    medianMs(hidden.filter((_, i) => i % 2 === 0));
  return {
    method,
    route: route.path,
    hiddenPath,
    missingPath,
    samplesPerSide: requestsPerSide,
    medianHiddenMs,
    medianMissingMs,
    medianMs: medianAll,
    diffMs,
    diffPercent: (diffMs / medianAll) * 100,
    noiseMs,
    withinNoise:
      Math.abs(diffMs) < NOISE_MS ||
      Math.abs(diffMs) < NOISE_FRACTION * medianAll,
  };
}

/**
 * `perSide` hidden (true) and `perSide` missing (false) turns, in blocks of
 * four that alternate ABBA and BAAB: a linear drift costs both sides alike.
 */
export function abbaOrder(perSide: number): boolean[] {
  return Array.from({ length: 2 * perSide }, (_, i) => {
    const outer = i % 4 === 0 || i % 4 === 3;
    return Math.floor(i / 4) % 2 === 0 ? outer : !outer;
  });
}

/** The route's path with `name` for :name and `params` for the rest. */
function fill(
  path: string,
  name: string,
  params: Record<string, string>,
): string {
  return path.replace(/:(\w+)/g, (_, param: string) => {
    const value = param === 'name' ? name : params[param];
    if (value === undefined) {
      throw new Error(
        `Existence: no value for :${param} in ${path}; add one to PARAMS in bench/existence.ts`,
      );
    }
    return encodeURIComponent(value);
  });
}
