import request from 'supertest';
import { expectSafeAnswer } from './helpers/invariants';
import { sendRoute } from './helpers/send';
import { createTestApp, type TestApp } from './helpers/test-app';

/** Path segments as a client would put them in the URL, encoded or not. */
const HOSTILE_SEGMENTS = [
  '%00',
  'gmail%00',
  '%C3%28',
  '%ZZ',
  '%',
  '..%2F..%2Fetc%2Fpasswd',
  '..',
  "'%20OR%201%3D1--",
  '%22%3B%20DROP%20TABLE%20repositories%3B--',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
  'x'.repeat(10_000),
  '%F0%9F%98%80',
  '%E2%80%AE',
  'GMAIL',
  '%20gmail',
];

/** A short, readable test name for a value that may be 10 kB long. */
const label = (value: string) =>
  value.length > 40
    ? `${JSON.stringify(value.slice(0, 12))}… (${value.length} chars)`
    : JSON.stringify(value);

const ROUTES = [
  ['GET', '/repo/:name'],
  ['POST', '/repo/:name/push'],
  ['DELETE', '/repo/:name'],
  ['GET', '/repo/:name/actions'],
  ['GET', '/repo/:name/roles'],
  ['PUT', '/repo/:name/roles/anne'],
  ['DELETE', '/repo/:name/roles/anne'],
  ['PUT', '/repo/gmail/roles/:name'],
  ['DELETE', '/repo/gmail/roles/:name'],
] as const;

describe('hostile input', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  const send = (method: string, path: string) =>
    sendRoute(testApp.app.getHttpServer(), method, path);

  describe.each(ROUTES)('%s %s', (method, template) => {
    it.each(
      HOSTILE_SEGMENTS.map((s) => [
        s.length > 40 ? `${s.slice(0, 20)}… (${s.length} chars)` : s,
        s,
      ]),
    )(
      'with %s answers 4xx, safely, in HTML and JSON',
      async (_label, segment) => {
        for (const accept of ['text/html', 'application/json']) {
          const res = await send(method, template.replace(':name', segment))
            .set('X-User', 'larry')
            .set('Accept', accept);
          expect(res.status).toBeGreaterThanOrEqual(400);
          expectSafeAnswer(res);
        }
      },
    );
  });

  // (HTTP itself trims whitespace around header values: " larry" is larry.)
  it.each(
    [
      "' OR 1=1 --",
      '<script>alert(1)</script>',
      'LARRY',
      'lar ry',
      'l'.repeat(10_000),
    ].map((user) => [label(user), user]),
  )('an X-User of %s answers 401 without echoing it', async (_label, user) => {
    const res = await request(testApp.app.getHttpServer())
      .get('/repo/gmail')
      .set('X-User', user);
    expect(res.status).toBe(401);
    expectSafeAnswer(res);
  });

  it.each(
    ['text/html<script>', '*/*;q=<x>', 'x'.repeat(5000), ''].map((accept) => [
      label(accept),
      accept,
    ]),
  )('an Accept of %s is answered safely', async (_label, accept) => {
    const res = await request(testApp.app.getHttpServer())
      .get('/repo/%3Cscript%3E')
      .set('Accept', accept);
    expect(res.status).toBe(404);
    expectSafeAnswer(res);
  });

  describe('request bodies', () => {
    const put = () =>
      request(testApp.app.getHttpServer())
        .put('/repo/gmail/roles/anne')
        .set('X-User', 'larry');

    it('an oversized body answers 413', async () => {
      const res = await put().send({ role: 'a'.repeat(200_000) });
      expect(res.status).toBe(413);
      expectSafeAnswer(res);
    });

    it.each([
      ['malformed JSON', 'application/json', '{"role": "admin"'],
      [
        'JSON with a prototype trick',
        'application/json',
        '{"__proto__":{"role":"admin"}}',
      ],
      ['a nested role', 'application/json', '{"role":{"$ne":null}}'],
      [
        'a form body',
        'application/x-www-form-urlencoded',
        'role=admin&role=owner',
      ],
      ['plain text', 'text/plain', 'admin'],
    ])('%s answers 400', async (_label, type, body) => {
      const res = await put().set('Content-Type', type).send(body);
      expect(res.status).toBe(400);
      expectSafeAnswer(res);
    });
  });

  it('sets standard security headers on every answer', async () => {
    for (const path of ['/repo/gmail', '/repo/nope', '/nowhere', '/docs']) {
      const res = await request(testApp.app.getHttpServer()).get(path);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'content-security-policy': expect.stringContaining(
          "default-src 'self'",
        ) as string,
        'strict-transport-security': expect.any(String) as string,
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});
