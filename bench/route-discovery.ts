import type { ChildServer } from './child-server';

/** A route of the app, in Nest's notation: `GET /repo/:name/issues/:id`. */
export interface AppRoute {
  method: string;
  path: string;
}

/**
 * Where each route came from: the app's OpenAPI document, the route list it
 * logs at startup (RouteReportService, `[Authorization] GET /repo/:name
 * @Authorize(...)`), or both. Either alone could miss a route: one left out
 * of the document, or a change to the log's wording.
 */
export interface DiscoveredRoutes {
  routes: AppRoute[];
  fromOpenApi: number;
  fromStartupLog: number;
}

const LOGGED_ROUTE =
  /\[Authorization\]\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ALL)\s+(\/\S*)/g;

/**
 * Every route of the running app whose path names a repository (`:name`):
 * the union of its OpenAPI document (`GET /docs-json`) and the routes its
 * startup log lists, so a route added later is measured too.
 */
export async function routesNamingRepository(
  app: ChildServer,
): Promise<DiscoveredRoutes> {
  const fromOpenApi = await openApiRoutes(app.base);
  const fromLog = [...app.output().matchAll(LOGGED_ROUTE)].map(
    ([, method, path]) => ({ method, path }),
  );
  const byKey = new Map<string, AppRoute>();
  for (const route of [...fromLog, ...fromOpenApi]) {
    if (route.path.includes(':name')) {
      byKey.set(`${route.method} ${route.path}`, route);
    }
  }
  if (byKey.size === 0) {
    throw new Error(
      'Existence: neither /docs-json nor the startup log names a route with :name',
    );
  }
  return {
    routes: [...byKey.values()],
    fromOpenApi: fromOpenApi.filter(({ path }) => path.includes(':name'))
      .length,
    fromStartupLog: fromLog.filter(({ path }) => path.includes(':name')).length,
  };
}

async function openApiRoutes(base: string): Promise<AppRoute[]> {
  const response = await fetch(`${base}/docs-json`);
  if (response.status !== 200) return [];
  const document = (await response.json()) as {
    paths?: Record<string, Record<string, unknown>>;
  };
  return Object.entries(document.paths ?? {}).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) =>
        ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(
          method,
        ),
      )
      .map((method) => ({
        method: method.toUpperCase(),
        path: path.replace(/\{(\w+)\}/g, ':$1'),
      })),
  );
}
