import type { Browser, Page } from 'playwright-core';
import { apiRoutes } from './helpers/api-routes';
import { BROWSER_HOST, launchBrowser } from './helpers/browser';
import { HttpClient } from './helpers/http-client';
import { createTestApp, type TestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

// Starting Chromium on a slow, busy machine can take a while.
jest.setTimeout(90_000);

// Over plain HTTP at a name other than localhost, as from Docker, a VM or the
// LAN: Chromium relaxes some security rules for localhost, hiding bugs there.
describe('the /docs page in a browser', () => {
  let browser: Browser | undefined;
  let testApp: TestApp | undefined;
  let page: Page;
  let origin: string;
  const requested: string[] = [];
  const failed: string[] = [];
  const cspErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    testApp = await createTestApp({ policies: SEED_POLICIES });
    const client = await HttpClient.listen(testApp.app);
    client.close();
    origin = `http://${BROWSER_HOST}:${new URL(client.base).port}`;

    page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    page.on('request', (req) => requested.push(req.url()));
    page.on('requestfailed', (req) =>
      failed.push(`${req.url()}: ${req.failure()?.errorText}`),
    );
    page.on('console', (message) => {
      if (
        message.type() === 'error' &&
        /content.security.policy|\bCSP\b/i.test(message.text())
      ) {
        cspErrors.push(message.text());
      }
    });
    await page.goto(`${origin}/docs`);
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('loads every script and style from the app, over plain HTTP', () => {
    expect(failed).toEqual([]);
    expect(cspErrors).toEqual([]);
    expect(requested).toEqual(
      expect.arrayContaining([
        `${origin}/docs/swagger-ui.css`,
        `${origin}/docs/swagger-ui-bundle.js`,
        `${origin}/docs/swagger-ui-init.js`,
      ]),
    );
    // Upgraded requests would show here as https://; others left loopback.
    expect(requested.filter((url) => !url.startsWith(`${origin}/`))).toEqual(
      [],
    );
  });

  it('shows the API title and lists its operations', async () => {
    // The load event has passed, so Swagger UI's script ran or never will:
    // fail now rather than wait for a page that stays blank.
    expect(
      await page.evaluate(
        () => typeof (window as { SwaggerUIBundle?: unknown }).SwaggerUIBundle,
      ),
    ).toBe('function');
    await page
      .getByRole('heading', { name: /oso-nestjs-quickstart/ })
      .waitFor();

    // Every route the app serves, as the page writes it: method, then path.
    const operations = apiRoutes(testApp!.app).map(
      ({ method, path }) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`,
    );
    const summaries = page.locator('.opblock-summary');
    await summaries.nth(operations.length - 1).waitFor();
    const listed = await summaries.evaluateAll((elements) =>
      elements.map((summary) =>
        ['.opblock-summary-method', '.opblock-summary-path']
          .map((part) => summary.querySelector<HTMLElement>(part)?.innerText)
          .join(' ')
          .replace(/\u200b/g, ''),
      ),
    );
    expect(listed.sort()).toEqual(operations.sort());
  });
});
