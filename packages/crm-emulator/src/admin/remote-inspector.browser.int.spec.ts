// The inspector page in Chromium, opened from "another machine" (this machine's non-loopback
// address, so the emulator sees a non-loopback peer): with ?admin_token= it loads, reads and
// writes; without it, the emulator refuses it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { networkInterfaces } from 'node:os';
import type { Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../index.js';
import { describeWithBrowser, launchBrowser, type Browser } from '../test-support/browser.js';

// Generous bound for the page's 1 s polling on a loaded 2-core machine.
const PAGE_WAIT_MS = 20_000;

function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (!entry.internal && entry.family === 'IPv4') return entry.address;
  }
  return undefined;
}

const address = externalAddress();
if (address === undefined) {
  console.warn('inspector page from another machine: skipped — this machine has no non-loopback IPv4 address to connect through');
  describe.skip('inspector page from another machine', () => it('needs a non-loopback address', () => undefined));
} else {
  describeWithBrowser('inspector page from another machine, with the admin token', () => {
    let emu: RunningEmulator;
    let browser: Browser;
    let page: Page;
    let remote: string;
    const statuses: number[] = [];

    beforeAll(async () => {
      emu = await startEmulator({ host: '0.0.0.0', allowRemote: true, leadCount: 10, warn: () => undefined });
      remote = `http://${address}:${new URL(emu.url).port}`;
      browser = await launchBrowser();
      page = await browser.context.newPage();
      page.on('response', (response) => {
        if (new URL(response.url()).pathname.startsWith('/__emulator/')) statuses.push(response.status());
      });
    });
    afterAll(async () => {
      await browser?.close();
      await emu?.stop();
    });

    it('without the token the page is refused', async () => {
      const response = await page.goto(`${remote}/__emulator/ui`);
      expect(response?.status()).toBe(401);
    });

    it('with ?admin_token= the page loads, polls and changes the emulator', async () => {
      statuses.length = 0;
      const response = await page.goto(`${remote}/__emulator/ui?admin_token=${emu.adminToken as string}`);
      expect(response?.status()).toBe(200);
      await page.waitForSelector('body[data-updated]', { timeout: PAGE_WAIT_MS });
      await page.getByRole('tab', { name: 'Controls' }).click();
      await page.getByLabel('Fixed ms', { exact: true }).fill('7');
      await page.getByLabel('Jitter ms', { exact: true }).fill('0');
      await page.getByRole('button', { name: 'Apply latency' }).click();
      await page.waitForSelector('#status:has-text("Latency applied")', { timeout: PAGE_WAIT_MS });
      expect(emu.state.config().latency).toEqual({ fixedMs: 7, jitterMs: 0 });
      // Page, script, style sheet, polls and the write: every one let through.
      expect(statuses.length).toBeGreaterThanOrEqual(5);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    });
  });
}
