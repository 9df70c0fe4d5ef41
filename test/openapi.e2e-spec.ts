import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { type RouteAuthorization } from '../src/authorization';
import { apiRoutes } from './helpers/api-routes';
import { SEED_POLICIES } from './helpers/policies';
import { createTestApp } from './helpers/test-app';

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; schema?: { type?: string } }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  security?: Record<string, unknown[]>[];
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  components: {
    schemas: Record<string, { properties: Record<string, { type?: string }> }>;
  };
}

/** `GET /repo/:name` as OpenAPI keys it: `get /repo/{name}`. */
const operationKey = ({ method, path }: RouteAuthorization) =>
  `${method.toLowerCase()} ${path.replace(/:(\w+)/g, '{$1}')}`;

/**
 * The answers a route's rule can give: a policy check on the resource the
 * route names hides it (404) or refuses (403, unless it asks to read), and
 * both, like a filtered list, need a known caller (401).
 */
function answersOfRule(guard: string | undefined): string[] {
  // oso answers 404, not 403, to a caller who may not read.
  if (guard?.startsWith("@Authorize('read',")) return ['401', '404'];
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
  let document: OpenApiDocument;

  beforeAll(async () => {
    ({ app, close } = await createTestApp({ policies: SEED_POLICIES }));
    const res = await request(app.getHttpServer()).get('/docs-json');
    expect(res.status).toBe(200);
    document = res.body as OpenApiDocument;
    operations = new Map(
      Object.entries(document.paths).flatMap(([path, methods]) =>
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

  it('names each operation for the function a generated client calls, and sums it up', () => {
    expect(
      Object.fromEntries(
        [...operations].map(([key, { operationId }]) => [key, operationId]),
      ),
    ).toEqual({
      'get /repo/{name}': 'getRepository',
      'post /repo/{name}/push': 'pushRepository',
      'delete /repo/{name}': 'deleteRepository',
      'get /repo/{name}/actions': 'listRepositoryActions',
      'get /repos': 'listRepositories',
      'get /repo/{name}/roles': 'listRoles',
      'put /repo/{name}/roles/{user}': 'grantRole',
      'delete /repo/{name}/roles/{user}': 'revokeRole',
      'get /repo/{name}/issues': 'listIssues',
      'post /repo/{name}/issues': 'createIssue',
      'get /repo/{name}/issues/{id}': 'getIssue',
      'post /repo/{name}/issues/{id}/close': 'closeIssue',
    });
    expect(
      problems((_, operation) => (operation.summary ? [] : ['no summary'])),
    ).toEqual([]);
  });

  it('says what every answer of every operation means', () => {
    expect(
      problems((_route, { responses }) =>
        Object.entries(responses)
          .filter(
            ([, answer]) => !(answer as { description?: string }).description,
          )
          .map(([status]) => `${status} has no description`),
      ),
    ).toEqual([]);
  });

  it('defines every tag it uses, and names a server', () => {
    const defined = new Map(
      (document.tags ?? []).map(({ name, description }) => [name, description]),
    );
    expect(
      problems((_, operation) =>
        (operation.tags ?? ['(none)'])
          .filter((tag) => !defined.get(tag))
          .map((tag) => `tag ${tag} undefined or undescribed`),
      ),
    ).toEqual([]);
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('types path parameters and lists them in path order, first', () => {
    expect(
      problems((route, operation) => {
        const inPath = [...route.path.matchAll(/:(\w+)/g)].map(([, n]) => n);
        const listed = (operation.parameters ?? []).slice(0, inPath.length);
        return [
          ...(listed.map((p) => p.name).join() === inPath.join()
            ? []
            : [
                `parameters ${listed.map((p) => p.name).join()} for ${inPath.join()}`,
              ]),
          ...listed
            .filter((p) => !p.schema?.type)
            .map((p) => `path parameter ${p.name} untyped`),
        ];
      }),
    ).toEqual([]);
  });

  it('says integer where a number is whole', () => {
    const { schemas } = document.components;
    const typeOf = (schema: string, property: string) =>
      schemas[schema].properties[property].type;
    for (const page of ['RepositoryPage', 'IssuePage']) {
      for (const property of ['total', 'limit', 'offset']) {
        expect(`${page}.${property}: ${typeOf(page, property)}`).toBe(
          `${page}.${property}: integer`,
        );
      }
    }
    expect(typeOf('Repository', 'pushCount')).toBe('integer');
    expect(typeOf('Issue', 'id')).toBe('integer');
    const list = operations.get('get /repos')!;
    expect(
      (list.parameters ?? []).map((p) => `${p.name}: ${p.schema?.type}`),
    ).toEqual(['limit: integer', 'offset: integer']);
  });

  it('lists no 403 where the rule asks to read: oso answers 404 to such a caller', () => {
    expect(
      problems((route, operation) =>
        route.guard?.startsWith("@Authorize('read',") &&
        operation.responses['403']
          ? ['a 403 it cannot answer']
          : [],
      ),
    ).toEqual([]);
  });

  it('gives every error answer one body: the error as JSON, or an HTML page', () => {
    expect(
      problems((_, operation) =>
        Object.entries(operation.responses)
          .filter(([status]) => Number(status) >= 400)
          .filter(
            ([, answer]) =>
              JSON.stringify((answer as { content?: unknown }).content) !==
              JSON.stringify({
                'application/json': {
                  schema: { $ref: '#/components/schemas/ApiError' },
                },
                'text/html': { schema: { type: 'string' } },
              }),
          )
          .map(([status]) => `${status} without the error body`),
      ),
    ).toEqual([]);
    expect(document.components.schemas.ApiError).toEqual(
      expect.objectContaining({
        required: ['statusCode', 'error', 'message'],
      }),
    );
  });

  it('describes the HTML page of a repository as a string, its JSON by its schema', () => {
    const answer = operations.get('get /repo/{name}')!.responses['200'] as {
      content: Record<string, { schema: unknown }>;
    };
    expect(answer.content).toEqual({
      'text/html': { schema: { type: 'string' } },
      'application/json': {
        schema: { $ref: '#/components/schemas/Repository' },
      },
    });
  });

  it('makes X-User optional where a default caller stands in, and says who', async () => {
    expect(document.security).toEqual([{ 'X-User': [] }, {}]);
    const described = JSON.stringify(document);
    expect(described).toContain('Without it a request acts as larry');
    const strict = await createTestApp({
      policies: SEED_POLICIES,
      env: { DEFAULT_USER: '' },
    });
    try {
      const res = await request(strict.app.getHttpServer()).get('/docs-json');
      expect((res.body as OpenApiDocument).security).toEqual([
        { 'X-User': [] },
      ]);
    } finally {
      await strict.close();
    }
  });

  it('closes every request body to fields it does not name, as the validation does', () => {
    const bodies = [...operations.values()].flatMap(({ requestBody }) =>
      Object.values(
        (
          requestBody as {
            content?: Record<string, { schema: { $ref: string } }>;
          }
        )?.content ?? {},
      ).map(({ schema }) => schema.$ref.split('/').pop() ?? ''),
    );
    expect(bodies.sort()).toEqual(['CreateIssue', 'GrantRole']);
    for (const name of bodies) {
      expect(document.components.schemas[name]).toMatchObject({
        additionalProperties: false,
      });
    }
  });

  it('says X-User is a stand-in, not authentication', () => {
    expect(JSON.stringify(document)).toContain(
      "the quickstart's stand-in for authentication, not authentication",
    );
  });

  it('serves a browsable page at /docs', async () => {
    const res = await request(app.getHttpServer()).get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});
