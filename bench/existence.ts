import { medianMs } from './median';
import type { AppRoute, DiscoveredRoutes } from './route-discovery';
import { type SqliteFile, withSqlite } from './sqlite-file';
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
 * What the routes' other parameters stand for: something on the hidden
 * repository (an issue for `id`), asked about under both names.
 */
const PARAMS: Record<string, (db: SqliteFile) => Promise<string>> = {
  user: () => Promise.resolve('anne'),
  id: async (db) => {
    const [issue] = await db.all<{ id: number }>(
      'SELECT "issues"."id" FROM "issues" JOIN "repositories" ON "repositories"."id" = "issues"."repositoryId" WHERE "repositories"."name" = ? ORDER BY "issues"."id" LIMIT 1',
      [HIDDEN],
    );
    if (!issue) throw new Error(`The seed has no issue on ${HIDDEN}`);
    return String(issue.id);
  },
};
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
/** ...and it is within noise only while under this many times the noise measured. */
export const NOISE_RATIO = 4;
export const NOISE_FLOOR_MS = 0.01;

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
  /** AUTHZ_CACHE of the app measured. */
  cache: 'on' | 'off';
  user: string;
  hidden: string;
  missing: string;
  requestsPerSide: number;
  warmupPerRoute: number;
  thresholds: { ms: number; percent: number };
  /** Connections the client opened for the whole run (1 = kept alive). */
  connections: number;
  /** How many routes each source named: the app's OpenAPI document, its startup log. */
  routesFrom: { openApi: number; startupLog: number };
  rows: ExistenceRow[];
}

/**
 * Every route of `discovered` asked about the hidden and the missing
 * repository of the app at `base`, whose database is `file`.
 */
export async function runExistence(
  base: string,
  file: string,
  cache: 'on' | 'off',
  discovered: DiscoveredRoutes,
  requestsPerSide: number,
  progress: (line: string) => void,
): Promise<ExistenceResult> {
  const { routes } = discovered;
  const params = await withSqlite(file, async (db) => {
    await checkSeed(db);
    return paramsOf(db, routes);
  });
  const client = new TimedClient(base, {
    'X-User': USER,
    Accept: 'application/json',
  });
  const rows: ExistenceRow[] = [];
  try {
    for (const route of routes) {
      progress(
        `existence (AUTHZ_CACHE=${cache}): ${route.method} ${route.path}`,
      );
      rows.push(await measureRoute(client, route, params, requestsPerSide));
    }
  } finally {
    client.close();
  }
  return {
    cache,
    user: USER,
    hidden: HIDDEN,
    missing: MISSING,
    requestsPerSide,
    warmupPerRoute: WARMUP_PER_ROUTE,
    thresholds: { ms: NOISE_MS, percent: NOISE_FRACTION * 100 },
    connections: client.connections,
    routesFrom: {
      openApi: discovered.fromOpenApi,
      startupLog: discovered.fromStartupLog,
    },
    rows,
  };
}

/** The comparison is only meaningful if oso exists and osx does not. */
async function checkSeed(db: SqliteFile): Promise<void> {
  if (HIDDEN.length !== MISSING.length) {
    throw new Error(`${HIDDEN} and ${MISSING} must be names of one length`);
  }
  const named = async (name: string) =>
    (await db.all('SELECT 1 FROM "repositories" WHERE "name" = ?', [name]))
      .length > 0;
  if (!(await named(HIDDEN))) {
    throw new Error(`The seed has no repository ${HIDDEN} to hide`);
  }
  if (await named(MISSING)) {
    throw new Error(`Repository ${MISSING} exists: it cannot stand for none`);
  }
}

/** A value for each parameter besides :name that `routes` have. */
async function paramsOf(
  db: SqliteFile,
  routes: AppRoute[],
): Promise<Record<string, string>> {
  const names = new Set(
    routes.flatMap(({ path }) =>
      [...path.matchAll(/:(\w+)/g)].map(([, param]) => param),
    ),
  );
  names.delete('name');
  const params: Record<string, string> = {};
  for (const name of names) {
    const value = PARAMS[name];
    if (!value) {
      throw new Error(
        `Existence: no value for :${name}; add one to PARAMS in bench/existence.ts`,
      );
    }
    params[name] = await value(db);
  }
  return params;
}

async function measureRoute(
  client: TimedClient,
  route: AppRoute,
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
    // Small is not enough: a difference many times the measured noise is
    // systematic, and a client that repeats the request will see it.
    withinNoise:
      (Math.abs(diffMs) < NOISE_MS ||
        Math.abs(diffMs) < NOISE_FRACTION * medianAll) &&
      Math.abs(diffMs) <=
        NOISE_RATIO * Math.max(Math.abs(noiseMs), NOISE_FLOOR_MS),
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
  return path.replace(/:(\w+)/g, (_, param: string) =>
    encodeURIComponent(param === 'name' ? name : params[param]),
  );
}
