/**
 * Debian's chromium driven by playwright-core (no browser download), headless, with a fresh
 * profile per launch. Fails loudly when chromium is missing: these tests never skip.
 */
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: install Debian's chromium package (apt-get install -y --no-install-recommends chromium)`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}
