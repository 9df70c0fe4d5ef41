import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { BROWSER_HOST, launchBrowser } from './helpers/browser';
import { HttpClient } from './helpers/http-client';
import { SEED_POLICIES } from './helpers/policies';
import { createTestApp, type TestApp } from './helpers/test-app';

// Starting Chromium on a slow, busy machine can take a while.
jest.setTimeout(90_000);

/** What the page's fetch saw: the answer, or the error a blocked request throws. */
interface Seen {
  status?: number;
  body?: unknown;
  challenge?: string | null;
  error?: string;
}

/**
 * A frontend on another origin calling the API from the browser, as the
 * README's typed client does: allowed for the origins CORS_ORIGINS lists,
 * blocked by the browser for any other.
 */
describe('calls from a page on another origin', () => {
  let browser: Browser;
  let page: Page;
  /** The frontend's origin: a page served from this machine, as a dev server's. */
  let frontend: string;
  let frontendServer: Server;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    // A real server: Chromium keeps pages it cannot place from loopback addresses.
    frontendServer = createServer((_request, response) =>
      response
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<h1>Frontend</h1>'),
    );
    await new Promise<void>((resolve) =>
      frontendServer.listen(0, '127.0.0.1', resolve),
    );
    frontend = `http://localhost:${(frontendServer.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${frontend}/`);
  });
  afterAll(async () => {
    await browser?.close();
    frontendServer?.close();
    await Promise.all(apps.map((testApp) => testApp.close()));
  });

  /** The API's origin, for an app started with `env`. */
  async function api(env: Record<string, string>): Promise<string> {
    const testApp = await createTestApp({ policies: SEED_POLICIES, env });
    apps.push(testApp);
    const { base } = await HttpClient.listen(testApp.app);
    return `http://${BROWSER_HOST}:${new URL(base).port}`;
  }

  /** `method path` as larry, from the frontend's page, with a JSON body if any. */
  function call(url: string, method: string, body?: object): Promise<Seen> {
    return page.evaluate(
      async ({ url, method, body }) => {
        try {
          const res = await fetch(url, {
            method,
            headers: {
              Accept: 'application/json',
              'Content-Type': 'application/json',
              'X-User': 'larry',
            },
            body: body && JSON.stringify(body),
          });
          return {
            status: res.status,
            body: (await res.json()) as unknown,
            challenge: res.headers.get('WWW-Authenticate'),
          };
        } catch (error) {
          return { error: String(error) };
        }
      },
      { url, method, body },
    );
  }

  it('answers the origins CORS_ORIGINS lists, the preflight included', async () => {
    const origin = await api({ CORS_ORIGINS: frontend });
    expect(
      await call(`${origin}/repo/gmail/roles/graham`, 'PUT', {
        role: 'maintainer',
      }),
    ).toMatchObject({
      status: 201,
      body: { user: 'graham', role: 'maintainer' },
    });
    expect(await call(`${origin}/repo/react`, 'GET')).toMatchObject({
      status: 404,
      body: { statusCode: 404, error: 'Not Found' },
    });
  });

  it('lets the page read the headers an error carries', async () => {
    const origin = await api({ CORS_ORIGINS: frontend, DEFAULT_USER: '' });
    const seen = await page.evaluate(async (url) => {
      const res = await fetch(url, { headers: { Accept: 'application/json' } });
      return {
        status: res.status,
        challenge: res.headers.get('WWW-Authenticate'),
      };
    }, `${origin}/repos`);
    expect(seen).toEqual({
      status: 401,
      challenge: 'X-User realm="oso-nestjs-quickstart"',
    });
  });

  it.each([
    ['no CORS_ORIGINS', {}],
    ['another origin listed', { CORS_ORIGINS: 'http://elsewhere.test' }],
  ])('is blocked by the browser with %s', async (_label, env) => {
    const origin = await api(env);
    const seen = await call(`${origin}/repo/gmail`, 'GET');
    expect(seen.error).toMatch(/Failed to fetch/);
  });
});
