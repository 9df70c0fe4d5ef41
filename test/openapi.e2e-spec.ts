import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { type RouteAuthorization } from '../src/authorization';
import { apiRoutes } from './helpers/api-routes';
import { SEED_POLICIES } from './helpers/policies';
import { createTestApp } from './helpers/test-app';

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

/** `GET /repo/:name` as OpenAPI keys it: `get /repo/{name}`. */
const operationKey = ({ method, path }: RouteAuthorization) =>
  `${method.toLowerCase()} ${path.replace(/:(\w+)/g, '{$1}')}`;

/**
 * The answers a route's rule can give: a policy check on the resource the
 * route names hides it (404) or refuses (403), and both, like a filtered
 * list, need a known caller (401).
 */
function answersOfRule(guard: string | undefined): string[] {
  if (guard?.startsWith('@Authorize(')) return ['401', '403', '404'];
  if (guard?.startsWith('@AuthorizeQuery(')) return ['401'];
  return [];
}

/** The answers an operation must document, for what its rule and its input can give. */
function expectedAnswers(route: RouteAuthorization, operation: Operation) {
  const takesInput =
    operation.requestBody !== undefined ||
    (operation.parameters ?? []).some((p) => p.in === 'query');
  return [...answersOfRule(route.guard), ...(takesInput ? ['400'] : [])];
}

/**
 * Every route the app serves, the ones it has now and any added later (the
 * list comes from the app itself), against the description at /docs-json.
 */
describe('the OpenAPI description', () => {
  let app: INestApplication<App>;
  let close: () => Promise<void>;
  let operations: Map<string, Operation>;
  let routes: RouteAuthorization[];

  beforeAll(async () => {
    ({ app, close } = await createTestApp({ policies: SEED_POLICIES }));
    const res = await request(app.getHttpServer()).get('/docs-json');
    expect(res.status).toBe(200);
    operations = new Map(
      Object.entries((res.body as OpenApiDocument).paths).flatMap(
        ([path, methods]) =>
          Object.entries(methods).map(
            ([method, operation]): [string, Operation] => [
              `${method} ${path}`,
              operation,
            ],
          ),
      ),
    );
    routes = apiRoutes(app);
  });
  afterAll(() => close());

  /** What is wrong with each route's operation, by `problem`; none is missing. */
  const problems = (
    problem: (route: RouteAuthorization, operation: Operation) => string[],
  ) =>
    routes.flatMap((route) => {
      const operation = operations.get(operationKey(route));
      return (operation ? problem(route, operation) : ['undescribed']).map(
        (text) => `${operationKey(route)}: ${text}`,
      );
    });

  it('describes exactly the routes the app serves', () => {
    expect(routes.length).toBeGreaterThan(0);
    expect([...operations.keys()].sort()).toEqual(
      routes.map(operationKey).sort(),
    );
  });

  it('gives every route a success, the answers its rule can give (401; 403 and 404 on a resource), and 400 where it takes a query or a body', () => {
    expect(
      routes.filter((route) => answersOfRule(route.guard).length),
    ).not.toEqual([]);
    expect(
      problems((route, operation) => {
        const documented = Object.keys(operation.responses);
        const lacking = expectedAnswers(route, operation).filter(
          (status) => !documented.includes(status),
        );
        if (!documented.some((status) => /^2\d\d$/.test(status))) {
          lacking.push('2xx');
        }
        return lacking.map((status) => `no ${status} answer`);
      }),
    ).toEqual([]);
  });

  it('names every path parameter of every route', () => {
    expect(
      problems((route, operation) => {
        const described = (operation.parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => p.name);
        return [...route.path.matchAll(/:(\w+)/g)]
          .map(([, name]) => name)
          .filter((name) => !described.includes(name))
          .map((name) => `no path parameter ${name}`);
      }),
    ).toEqual([]);
  });

  it('serves a browsable page at /docs', async () => {
    const res = await request(app.getHttpServer()).get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});
