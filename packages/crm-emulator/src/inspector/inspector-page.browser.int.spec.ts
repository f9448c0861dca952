// The inspector page in Chromium against the emulator alone: controls change the emulator's state,
// every form control has a name, writes are JSON, and the keyboard reaches everything.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../index.js';
import { describeWithBrowser, launchBrowser, type Browser } from '../test-support/browser.js';
import { call } from '../test-support/http.js';

// Generous bound for the page's 1 s polling on a loaded 2-core machine (~1-2 s when quiet).
const PAGE_WAIT_MS = 20_000;

describeWithBrowser('inspector page controls in Chromium', () => {
  let emu: RunningEmulator;
  let browser: Browser;
  let page: Page;
  const writes: { method: string; url: string; contentType: string | undefined }[] = [];
  let startCap: number | null;

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 30 });
    // The edition's cap unless one was given: reset must bring back whatever the emulator started with.
    startCap = emu.state.config().concurrencyCap;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('request', (request) => {
      if (request.method() !== 'GET') writes.push({ method: request.method(), url: request.url(), contentType: request.headers()['content-type'] });
    });
    const response = await page.goto(`${emu.url}/__emulator/ui`);
    expect(response?.headers()['content-security-policy']).toMatch(/connect-src 'self'/);
  });
  afterAll(async () => {
    await browser?.close();
    await emu?.stop();
  });

  const wait = (selector: string): Promise<unknown> => page.waitForSelector(selector, { timeout: PAGE_WAIT_MS });
  const tab = (name: string): Promise<void> => page.getByRole('tab', { name }).click();
  const pollOnce = async (): Promise<void> => {
    const last = String(await page.evaluate('document.body.dataset.updated'));
    // A selector, not waitForFunction: the page's CSP forbids the eval that a string predicate needs.
    await wait(`body:not([data-updated="${last}"])`);
  };

  it('every form control has an accessible name', async () => {
    const unnamed = await page.evaluate(`[...document.querySelectorAll('input, select, button')]
      .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label') && el.textContent.trim() === '')
      .map((el) => el.outerHTML)`);
    expect(unnamed).toEqual([]);
  });

  it('latency, cap and fault rules set from the page reach the emulator; a rule can be removed', async () => {
    await tab('Controls');
    await page.getByLabel('Fixed ms', { exact: true }).fill('5');
    await page.getByLabel('Jitter ms', { exact: true }).fill('1');
    // A poll between typing and applying must not undo what was typed.
    await page.getByLabel('Retry-After s', { exact: true }).focus();
    await pollOnce();
    await page.getByRole('button', { name: 'Apply latency' }).click();
    await wait('#status:has-text("Latency applied")');
    expect(emu.state.config().latency).toEqual({ fixedMs: 5, jitterMs: 1 });
    await page.getByLabel('Cap (empty = none)', { exact: true }).fill('3');
    await page.getByLabel('Retry-After s', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Apply cap' }).click();
    await wait('#status:has-text("Concurrency cap applied")');
    expect(emu.state.config()).toMatchObject({ concurrencyCap: 3, retryAfterSeconds: 2 });

    await page.locator('#fault-kind').selectOption('too-many-requests');
    await page.getByLabel('Route', { exact: true }).fill('GET /crm/v8/org');
    await page.getByRole('button', { name: 'Add fault rule' }).click();
    await wait('#faults-table tbody tr[data-kind="too-many-requests"]');
    expect(emu.state.config().faults).toEqual([{ kind: 'too-many-requests', route: 'GET /crm/v8/org', rate: 1 }]);
    const token = emu.state.issueAccessToken();
    expect((await call(`${emu.url}/crm/v8/org`, { token })).status).toBe(429);
    await page.getByRole('button', { name: /^Remove fault rule 1/ }).click();
    await wait('#faults-table tbody td:has-text("No fault rules.")');
    expect(emu.state.config().faults).toEqual([]);
    expect((await call(`${emu.url}/crm/v8/org`, { token })).status).toBe(200);

    // A rate outside 0..1 is refused by the form itself: nothing is sent.
    const sent = writes.length;
    await page.getByLabel('Rate', { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Add fault rule' }).click();
    await wait('#fault-rate:invalid');
    expect(writes.length).toBe(sent);
    expect(emu.state.config().faults).toEqual([]);
    await page.getByLabel('Rate', { exact: true }).fill('1');
  });

  it('the keyboard reaches a request and opens it; the filter narrows the list', async () => {
    const token = emu.state.issueAccessToken();
    const lead = emu.state.listRecords('Leads')[3]!;
    await call(`${emu.url}/crm/v8/Leads/${lead.id}`, { token });
    await tab('Requests');
    await wait(`#requests-table tbody tr:has-text("${lead.id}")`);
    await page.getByLabel('Filter', { exact: true }).fill(lead.id);
    await wait('#request-count:has-text("1 of")');
    await page.locator('#requests-table tbody tr button').first().focus();
    // A poll repaints the table every second: the focus stays on the same request's button.
    await pollOnce();
    const seq = String(await page.locator('#requests-table tbody tr').first().getAttribute('data-seq'));
    await expect(page.evaluate('document.activeElement && document.activeElement.closest("tr") && document.activeElement.closest("tr").dataset.seq')).resolves.toBe(seq);
    await page.keyboard.press('Enter');
    await wait(`#request-detail h2:has-text("GET /crm/v8/Leads/{id}")`);
    await expect(page.locator('#response-body').textContent()).resolves.toContain(lead.id);
    await page.getByLabel('Filter', { exact: true }).fill('');
  });

  it('reset from the page regenerates records and clears the log; every write was JSON', async () => {
    emu.state.seedRecords('Leads', [{ Last_Name: 'Extra' }]);
    expect(emu.state.listRecords('Leads')).toHaveLength(31);
    await tab('Controls');
    await page.getByRole('button', { name: 'Reset emulator' }).click();
    await wait('#status:has-text("Emulator reset")');
    expect(emu.state.listRecords('Leads')).toHaveLength(30);
    expect(emu.state.config()).toMatchObject({ concurrencyCap: startCap, latency: { fixedMs: 0, jitterMs: 0 } });
    await wait('[data-stat=total]:text-is("0")');
    expect(writes.length).toBeGreaterThanOrEqual(5);
    for (const write of writes) {
      expect(new URL(write.url).origin).toBe(emu.url);
      expect(write.contentType).toBe('application/json');
    }
  });
});
