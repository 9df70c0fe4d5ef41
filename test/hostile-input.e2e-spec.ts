import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { HttpClient } from './helpers/http-client';
import { expectSafeAnswer } from './helpers/invariants';
import { sendRoute } from './helpers/send';
import { createTestApp, type TestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

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

/** `levels` arrays, one inside the other. */
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

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
    testApp = await createTestApp({ policies: SEED_POLICIES });
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
        'a role nested 32 levels deep',
        'application/json',
        `{"role":${nested(31)}}`,
      ],
    ])('%s answers 400', async (_label, type, body) => {
      const res = await put().set('Content-Type', type).send(body);
      expect(res.status).toBe(400);
      expectSafeAnswer(res);
    });

    it.each([
      ['33 levels', `{"role":${nested(32)}}`],
      ['3,000 levels in 6 kB', nested(3000)],
    ])(
      'JSON nested %s deep answers 400 before validation',
      async (_label, body) => {
        const res = await put()
          .set('Content-Type', 'application/json')
          .set('Accept', 'application/json')
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: 'JSON body nested deeper than 32 levels',
        });
        expectSafeAnswer(res);
      },
    );

    it('thousands of unknown fields answer 400 with the first ten named', async () => {
      const fields = Object.fromEntries(
        Array.from({ length: 9000 }, (_, i) => [`f${i}`, 1]),
      );
      const res = await put()
        .set('Accept', 'application/json')
        .send({ role: 'admin', ...fields });
      expect(res.status).toBe(400);
      const { message } = res.body as { message: string };
      expect(message.split('; ')).toEqual([
        ...Array.from(
          { length: 10 },
          (_, i) => `property f${i} should not exist`,
        ),
        'and 8990 more',
      ]);
    });

    it.each(['utf-16le', 'utf-32'])(
      'JSON in %s answers 415, however it nests',
      async (charset) => {
        const body = `{"role":"admin","a":"\u2200","x":${nested(5000)}}`;
        const res = await put()
          .set('Content-Type', `application/json; charset=${charset}`)
          .set('Accept', 'application/json')
          .send(Buffer.from(body, 'utf16le'));
        expect(res.status).toBe(415);
        expect(res.body).toMatchObject({
          message: `JSON bodies must be UTF-8, not ${charset.toUpperCase()}`,
        });
      },
    );

    it.each([
      ['a form', 'application/x-www-form-urlencoded', 'role=admin'],
      ['plain text', 'text/plain', 'admin'],
      ['XML', 'application/xml', '<role>admin</role>'],
    ])('%s body answers 415', async (_label, type, body) => {
      const res = await put()
        .set('Content-Type', type)
        .set('Accept', 'application/json')
        .send(body);
      expect(res.status).toBe(415);
      expect(res.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'This route takes an application/json body',
      });
      expectSafeAnswer(res);
    });
  });

  describe('a body on a route that takes none', () => {
    let base: string;
    beforeAll(async () => {
      const client = await HttpClient.listen(testApp.app);
      client.close();
      base = client.base;
    });

    const push = () =>
      request(testApp.app.getHttpServer())
        .post('/repo/gmail/push')
        .set('X-User', 'larry')
        .set('Accept', 'application/json');

    it.each([
      ['text/plain', 'hello'],
      ['application/json', '{"role":"admin"}'],
      ['application/octet-stream', Buffer.alloc(1024)],
    ])('in %s answers 415, and nothing is pushed', async (type, body) => {
      const before = await read();
      const res = await push().set('Content-Type', type).send(body);
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({
        message: 'This route takes no request body',
      });
      expect(await read()).toEqual(before);
    });

    it('is fine when empty, whatever its declared type', async () => {
      const res = await push().set('Content-Type', 'application/json');
      expect(res.status).toBe(200);
    });

    const MB = 1024 * 1024;
    it.each([
      ['larry', 'text/plain', 90 * 1024, 415],
      ['mallory', 'text/plain', 90 * 1024, 401],
      ['larry', 'text/plain', 50 * MB, 413],
      ['larry', 'application/json', 50 * MB, 413],
      ['mallory', 'application/json', 50 * MB, 413],
    ])(
      'sent as %s in %s, %d bytes long, is answered %d before it is read',
      async (user, type, size, status) => {
        const answer = await sendUnfinished(base, '/repo/gmail/push', size, {
          'X-User': user,
          'Content-Type': type,
        });
        expect(answer).toMatchObject({ status, connection: 'close' });
      },
    );

    async function read() {
      const res = await request(testApp.app.getHttpServer())
        .get('/repo/gmail')
        .set('Accept', 'application/json');
      return res.body as unknown;
    }
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

/**
 * POSTs a body declared `size` bytes long but sends only the first part of
 * it (half, at most a megabyte),
 * and resolves with the answer's status and Connection header: an answer
 * arrives only if the server did not wait to read the rest.
 */
function sendUnfinished(
  base: string,
  path: string,
  size: number,
  headers: Record<string, string>,
): Promise<{ status?: number; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': size },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode, connection: res.headers.connection });
      req.destroy();
    });
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    const part = Math.min(size / 2, 1024 * 1024);
    const chunk = Buffer.alloc(Math.min(part, 64 * 1024), 'x');
    let sent = 0;
    const write = () => {
      while (sent < part) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
    };
    write();
  });
}
