import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BROWSER_HOST, launchBrowser } from './helpers/browser';
import { HttpClient } from './helpers/http-client';
import {
  PUBLIC_READ_RULE,
  readPolicies,
  SEED_POLICIES,
} from './helpers/policies';
import { createTestApp, type TestApp } from './helpers/test-app';

// Starting Chromium on a slow, busy machine can take a while.
jest.setTimeout(90_000);

// The page a developer keeps open while editing the policy, as
// `npm run start:dev` serves it: the policy reloads on each save.
describe('the permission matrix in a browser', () => {
  let browser: Browser | undefined;
  let testApp: TestApp | undefined;
  let page: Page;
  let origin: string;
  const problems: string[] = [];

  /** The matrix as the browser renders it: one array of cell texts per row. */
  const table = () =>
    page
      .locator('#matrix tr')
      .evaluateAll((rows) =>
        rows.map((row) =>
          [...row.querySelectorAll('th, td')].map((cell) =>
            (cell as HTMLElement).innerText.trim(),
          ),
        ),
      );

  beforeAll(async () => {
    browser = await launchBrowser();
    testApp = await createTestApp({
      policies: readPolicies(SEED_POLICIES),
      env: { POLICY_WATCH: 'on' },
    });
    const client = await HttpClient.listen(testApp.app);
    client.close();
    origin = `http://${BROWSER_HOST}:${new URL(client.base).port}`;
    page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    page.on('requestfailed', (req) =>
      problems.push(`${req.url()}: ${req.failure()?.errorText}`),
    );
    page.on('response', (res) => {
      // Chromium asks for /favicon.ico of every site; the app has none.
      if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) {
        problems.push(`${res.url()}: ${res.status()}`);
      }
    });
    page.on('console', (message) => {
      if (
        message.type() === 'error' &&
        /content.security.policy|\bCSP\b/i.test(message.text())
      ) {
        problems.push(message.text());
      }
    });
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('shows users down, repositories across and the actions in each cell', async () => {
    await page.goto(`${origin}/authz/matrix`);
    expect(await page.title()).toBe('Who may do what: Repository');
    expect(await table()).toEqual([
      ['user', 'gmail', 'react', 'oso'],
      ['anne', '-', 'push read', '-'],
      ['graham', '-', '-', 'read'],
      ['larry', 'delete manage_roles push read', '-', '-'],
    ]);
    expect(problems).toEqual([]);
  });

  it('opens the explanation of a cell’s action, and comes back', async () => {
    await page.goto(`${origin}/authz/matrix`);
    await page
      .locator('#matrix tr', { hasText: 'anne' })
      .getByRole('link', { name: 'push' })
      .click();
    await page.waitForURL(/\/authz\/why\?/);
    expect(await page.locator('#decision').innerText()).toBe('allowed');
    const explanation = await page.locator('ul.why').innerText();
    expect(explanation).toContain(
      'has_permission(User:2, "push", Repository:2)',
    );
    expect(explanation).toContain('"push" if "maintainer";');
    expect(explanation).toContain(
      'role = Role:2 {name: "maintainer", userId: 2, repositoryId: 2}',
    );
    await page.getByRole('link', { name: 'Back to the matrix' }).click();
    await page.locator('#matrix').waitFor();
    expect(problems).toEqual([]);
  });

  it('asks why not from the form', async () => {
    await page.goto(`${origin}/authz/matrix`);
    await page.getByLabel('user').fill('anne');
    await page.getByLabel('action').fill('delete');
    await page.getByLabel('resource').fill('react');
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.waitForURL(/\/authz\/why\?/);
    expect(await page.locator('#decision').innerText()).toBe('denied');
    expect(await page.locator('ul.why').innerText()).toContain(
      'fails at: role_name = role.name',
    );
  });

  it('shows what a saved policy edit changed, on the next reload of the page', async () => {
    await page.goto(`${origin}/authz/matrix`);
    const before = await page.locator('#policy-version').innerText();
    appendFileSync(
      join(testApp!.dir, 'policies', 'main.polar'),
      `\n${PUBLIC_READ_RULE}`,
    );
    // The watcher reloads the policy a moment after the save.
    for (let waited = 0; ; waited += 100) {
      await page.reload();
      if ((await page.locator('#policy-version').innerText()) !== before) {
        break;
      }
      if (waited > 20_000) throw new Error('The edit never took effect');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await table())[1]).toEqual(['anne', '-', 'push read', '-']);
    expect(await page.locator('td.changed').allInnerTexts()).toEqual([
      'read',
      'read',
    ]);
    expect(
      await page
        .locator('#matrix tr', { hasText: 'larry' })
        .locator('a.gained')
        .getAttribute('href'),
    ).toBe('/authz/why?user=larry&action=read&resource=Repository%3A2');
    expect(problems).toEqual([]);
  });
});
