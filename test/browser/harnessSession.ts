/**
 * One Chromium page on the harness for a test file: built panel checked, harness served, page
 * opened at the given viewport before the tests; every test must leave no page error; all closed
 * after. `page()` is read inside tests (it exists only once beforeAll has run).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { ensureBuilt } from './harnessBuild';
import { openHarness } from './harnessPage';
import { startHarnessServer, type HarnessServer } from './harnessServer';

/** Where the browser tests write their screenshots (docs/img holds a chosen few). */
export const SCREENSHOTS = join(__dirname, 'screenshots');

export function useHarnessPage(viewport: { width: number; height: number }): () => Page {
  let server: HarnessServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startHarnessServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openHarness(page, server.url);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  return () => {
    if (page === undefined) throw new Error('the harness page is opened in beforeAll');
    return page;
  };
}
