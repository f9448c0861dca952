// The same launcher as packages/cli/src/e2e/browser.ts: the emulator depends on no other package.
import { describe, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); playwright-core never downloads a browser of its own. */
export const CHROMIUM_PATH = process.env['ZCRMKIT_CHROMIUM'] ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * describe() for browser suites: without Chromium it skips with one visible line, unless
 * ZCRMKIT_REQUIRE_BROWSER=1 (CI), where a missing browser fails the run instead.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  const message = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set ZCRMKIT_CHROMIUM)`;
  if (process.env['ZCRMKIT_REQUIRE_BROWSER'] === '1') {
    describe(name, () => {
      it('needs Chromium (ZCRMKIT_REQUIRE_BROWSER=1)', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`${name}: skipped — ${message}`);
  describe.skip(name, body);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile in its own temp dir, removed on close. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'zcrmkit-chromium-'));
  // launchPersistentContext is how playwright takes a user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
