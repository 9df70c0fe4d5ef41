import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, unknown> }>
  >;
}

describe('the OpenAPI description', () => {
  let app: INestApplication<App>;
  let close: () => Promise<void>;
  let document: OpenApiDocument;

  beforeAll(async () => {
    ({ app, close } = await createTestApp({ policies: SEED_POLICIES }));
    const res = await request(app.getHttpServer()).get('/docs-json');
    expect(res.status).toBe(200);
    document = res.body as OpenApiDocument;
  });
  afterAll(() => close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        path,
        method,
        operation,
      })),
    );

  it('describes every route the app serves', () => {
    expect(
      operations()
        .map(({ method, path }) => `${method} ${path}`)
        .sort(),
    ).toEqual([
      'delete /repo/{name}',
      'delete /repo/{name}/roles/{user}',
      'get /repo/{name}',
      'get /repo/{name}/actions',
      'get /repo/{name}/roles',
      'get /repos',
      'post /repo/{name}/push',
      'put /repo/{name}/roles/{user}',
    ]);
  });

  it('gives every operation on a named repository its 401, 403 and 404 answers', () => {
    const named = operations().filter(({ path }) => path.includes('{name}'));
    expect(named.length).toBeGreaterThan(0);
    for (const { operation } of named) {
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(['401', '403', '404']),
      );
    }
  });

  it('gives the list its 401 and 400 answers', () => {
    expect(Object.keys(document.paths['/repos'].get.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401']),
    );
  });

  it('serves a browsable page at /docs', async () => {
    const res = await request(app.getHttpServer()).get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});
