import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The host name browser specs open the app at. Not `localhost`: Chromium
 * treats localhost as secure and skips rules (upgrade-insecure-requests, for
 * one) that bite users who reach the app by any other name.
 */
export const BROWSER_HOST = 'docs.test';

/** Where a system Chromium or Chrome usually lives; Playwright's own browsers are never downloaded. */
const KNOWN_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The browser to run: CHROMIUM_PATH, else the first of {@link KNOWN_PATHS} present. */
export function findChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new Error(
      `CHROMIUM_PATH is ${configured}, but no file is there. ` +
        'Point it at a Chromium or Chrome executable.',
    );
  }
  const found = KNOWN_PATHS.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    'No Chromium found for the browser specs (looked in ' +
      `${KNOWN_PATHS.join(', ')}). Install it (on Debian/Ubuntu: ` +
      '`apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome executable.',
  );
}

/**
 * Headless Chromium that resolves {@link BROWSER_HOST} to 127.0.0.1 and,
 * for steady runs on a busy CI machine, stays off the network otherwise.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    timeout: 60_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${BROWSER_HOST} 127.0.0.1`,
    ],
  });
}
