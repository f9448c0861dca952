// The emulator's web inspector (/__emulator/ui) in a real Chromium, watching the update-leads CLI
// work against the same emulator: live request count, records, strict layout and faults switched
// on from the page, tokens expired from the page — and never a secret in the page or its traffic.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { describeWithBrowser, launchBrowser, type Browser } from './browser.js';
import { cleanEnv, runCommand } from './run-command.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const TOKEN_SHAPE = /1000\.[a-f0-9]{32}\.[a-f0-9]{32}/;
// The committed screenshots are refreshed only on request, so a test run never dirties the tree.
const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../packages/crm-emulator/docs');
// Generous bound for the page's 1 s polling to catch up on a loaded 2-core machine (~1-2 s when quiet).
const PAGE_WAIT_MS = 20_000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describeWithBrowser('web inspector in Chromium, with the update-leads CLI', () => {
  let emu: Emulator;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let leadIds: string[];
  const fetched: { url: string; body: string }[] = [];
  const pending: Promise<void>[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-inspector-'));
    emu = await startEmulator({ leadCount: 200 });
    leadIds = emu.state.listRecords('Leads').map((r) => r.id);
    const { clientId, clientSecret } = emu.state.defaultClient;
    env = cleanEnv({
      CLIENT_ID: clientId,
      CLIENT_SECRET: clientSecret,
      REFRESH_TOKEN: emu.state.issueRefreshToken(),
      ZOHO_API_URL: emu.url,
      ZOHO_ACCOUNTS_URL: emu.url,
      ZOHO_DATA_DIR: path.join(dir, 'data'),
      ZOHO_LOG_FILE: path.join(dir, 'logs', 'sdk.log'),
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('response', (response) => {
      pending.push(
        response
          .text()
          .then((body) => void fetched.push({ url: response.url(), body }))
          .catch(() => undefined),
      );
    });
    await page.goto(`${emu.url}/__emulator/ui`);
  });

  afterAll(async () => {
    await browser?.close();
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const stat = async (name: string): Promise<number> => Number(await page.locator(`[data-stat=${name}]`).textContent());
  const waitForStat = (name: string, value: number): Promise<unknown> =>
    page.waitForSelector(`[data-stat=${name}]:text-is("${value}")`, { timeout: PAGE_WAIT_MS });
  const tab = (name: string): Promise<void> => page.getByRole('tab', { name }).click();

  async function runUpdate(name: string, rows: string[]): Promise<Awaited<ReturnType<typeof runCommand>>> {
    const file = path.join(dir, `${name}.csv`);
    writeFileSync(file, `id,Mobile,Lead_Status\n${rows.join('\n')}\n`);
    return runCommand('update-leads', ['--file', file], { cwd: dir, env });
  }

  it('loads the page: tabs, counters at zero, no error', async () => {
    await expect(page.title()).resolves.toMatch(/emulator/i);
    for (const name of ['Requests', 'Records', 'Tokens', 'Controls']) await expect(page.getByRole('tab', { name }).isVisible()).resolves.toBe(true);
    await waitForStat('total', 0);
    await expect(page.locator('#status').textContent()).resolves.toBe('');
    // Keyboard: arrow keys move between tabs.
    await page.getByRole('tab', { name: 'Requests' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Records' }).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator('#view-requests').isVisible()).resolves.toBe(true);
  });

  it('a 200-row bulk update through the CLI shows up live: request count, PUTs, records and their history', async () => {
    const run = await runUpdate('bulk', leadIds.map((id, i) => `${id},+1 555 ${String(i).padStart(4, '0')},Contacted`));
    // The only stderr line is the CLI's notice that it talks to custom (here: the emulator's) endpoints.
    expect(run.stderr.trim().split('\n').filter((l) => !/custom endpoints/.test(l))).toEqual([]);
    expect(run.code).toBe(0);
    const total = emu.state.counters().total;
    expect(emu.state.counters().routes['PUT /crm/v8/Leads']).toBeGreaterThanOrEqual(2);
    // The page was never reloaded: polling brings the count up to the server's.
    await waitForStat('total', total);
    await page.waitForSelector('#requests-table tbody tr:has-text("PUT /crm/v8/Leads")', { timeout: PAGE_WAIT_MS });
    const putRow = page.locator('#requests-table tbody tr', { hasText: 'PUT /crm/v8/Leads' }).last();
    await expect(putRow.textContent()).resolves.toMatch(/100 records/);
    await putRow.getByRole('button').click();
    await page.waitForSelector('#response-body:has-text("SUCCESS")', { timeout: PAGE_WAIT_MS });
    await expect(page.locator('#request-body').textContent()).resolves.toMatch(/"Mobile": "\+1 555 0\d{3}"/);
    await page.screenshot({ path: path.join(dir, 'inspector-requests.png') });

    await tab('Records');
    const target = leadIds[137]!;
    await page.getByLabel('Search', { exact: true }).fill(target);
    await page.waitForSelector(`#records-table tbody tr[data-id="${target}"] td[data-field="Mobile"]:has-text("+1 555 0137")`, { timeout: PAGE_WAIT_MS });
    await page.waitForSelector('#record-count:has-text("1 of 1 shown")', { timeout: PAGE_WAIT_MS });
    await expect(page.locator('#records-table tbody tr').count()).resolves.toBe(1);
    await page.locator(`#records-table tbody tr[data-id="${target}"] button`).click();
    await page.waitForSelector('#record-history li', { timeout: PAGE_WAIT_MS });
    const history = await page.locator('#record-history').textContent();
    expect(history).toMatch(/PUT \/crm\/v8\/Leads · updated/);
    expect(history).toMatch(/Mobile.*\+1 555 0137/);
    expect(history).toMatch(/Automation: (workflow|none)/);
    await page.screenshot({ path: path.join(dir, 'inspector-records.png') });
  });

  it('strict layout and a fault rule switched on from the page hit the next update', async () => {
    await tab('Controls');
    await page.getByRole('checkbox', { name: /^Leads/ }).check();
    await page.waitForSelector('#strict-fields-Leads:has-text("Last_Name")', { timeout: PAGE_WAIT_MS });
    expect(emu.state.config().strictLayout['Leads']).toEqual(['Last_Name', 'Company', 'Lead_Status']);
    await page.locator('#fault-kind').selectOption('error-json');
    await page.getByLabel('Route', { exact: true }).fill('PUT /crm/v8/Leads');
    await page.getByLabel('Times', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Add fault rule' }).click();
    await page.waitForSelector('#faults-table tbody tr[data-kind="error-json"]', { timeout: PAGE_WAIT_MS });
    expect(emu.state.config().faults).toEqual([{ kind: 'error-json', route: 'PUT /crm/v8/Leads', rate: 1, times: 1 }]);

    const before = emu.state.counters().total;
    await runUpdate('strict', leadIds.slice(0, 5).map((id, i) => `${id},+1 555 9${String(i).padStart(3, '0')},Contacted`));
    const total = emu.state.counters().total;
    expect(total).toBeGreaterThan(before);
    await tab('Requests');
    await waitForStat('total', total);
    await page.locator('#request-status').selectOption('fault');
    const faulted = page.locator('#requests-table tbody tr');
    await expect(faulted.count()).resolves.toBe(1);
    await expect(faulted.first().textContent()).resolves.toMatch(/PUT \/crm\/v8\/Leads.*500.*error-json/);
    await page.locator('#request-status').selectOption('');
    // Strict layout: some PUT after the fault was answered MANDATORY_NOT_FOUND, or carried the strict fields.
    const puts = page.locator('#requests-table tbody tr', { hasText: 'PUT /crm/v8/Leads' });
    const seqs = (await puts.locator('button').allTextContents()).map(Number).filter((seq) => seq > 0);
    const strictHits: string[] = [];
    for (const seq of seqs.slice(0, 6)) {
      await page.locator(`#requests-table tbody tr[data-seq="${seq}"] button`).click();
      await page.waitForSelector(`#request-detail h2:has-text("#${seq} ")`, { timeout: PAGE_WAIT_MS });
      const request = (await page.locator('#request-body').textContent()) ?? '';
      const response = (await page.locator('#response-body').textContent()) ?? '';
      if (response.includes('MANDATORY_NOT_FOUND') || (request.includes('"Last_Name"') && request.includes('"Company"') && request.includes('+1 555 9'))) strictHits.push(response);
    }
    expect(strictHits.length).toBeGreaterThan(0);
  });

  it('expiring tokens from the page makes the next run refresh, and the token view shows it', async () => {
    await tab('Tokens');
    await page.waitForSelector('#access-table tbody tr[data-state="live"]', { timeout: PAGE_WAIT_MS });
    const live = await page.locator('#access-table tbody tr[data-state="live"]').count();
    expect(live).toBeGreaterThan(0);
    const refreshesBefore = emu.state.counters().tokenRequests.refresh_token;
    await tab('Controls');
    await page.getByRole('button', { name: 'Expire all access tokens' }).click();
    await page.waitForSelector('#status:has-text("Access tokens expired")', { timeout: PAGE_WAIT_MS });
    await tab('Tokens');
    await page.waitForSelector('#access-table tbody:not(:has(tr[data-state="live"]))', { timeout: PAGE_WAIT_MS });
    await expect(page.locator('#token-events li[data-kind="expired"]').count()).resolves.toBeGreaterThanOrEqual(live);

    emu.state.setFaults([]);
    const run = await runUpdate('after-expiry', leadIds.slice(5, 8).map((id) => `${id},+1 555 7777,Contacted`));
    expect(run.code).toBe(0);
    expect(emu.state.counters().tokenRequests.refresh_token).toBeGreaterThan(refreshesBefore);
    await page.waitForSelector('#access-table tbody tr[data-state="live"]', { timeout: PAGE_WAIT_MS });
    const issued = await page.locator('#token-events li[data-kind="issued"]').allTextContents();
    expect(issued[0]).toMatch(/issued access token 1000\.…#[0-9a-f]{8}/);
    await expect(page.locator('#refresh-table tbody tr').first().textContent()).resolves.toMatch(/\d+ \/ 10/);
    await page.screenshot({ path: path.join(dir, 'inspector-tokens.png') });
  });

  it('no secret appears in the DOM or in any response the page fetched', async () => {
    await tab('Requests');
    // Open a token request's detail, the likeliest place for a leak.
    await page.getByLabel('Filter', { exact: true }).fill('oauth');
    await page.locator('#requests-table tbody tr button').first().click();
    await page.waitForSelector('#request-body:has-text("client_secret")', { timeout: PAGE_WAIT_MS });
    await Promise.all(pending);
    const dom = await page.content();
    const inputs = await page.locator('input').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value).join('\n'));
    const secrets = new Set<string>([String(env['CLIENT_SECRET']), String(env['REFRESH_TOKEN'])]);
    // Every token the CLI held (its token store in the data dir) must stay out of the page too.
    for (const file of filesUnder(path.join(dir, 'data'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(new RegExp(TOKEN_SHAPE, 'g'))) secrets.add(match[0]);
    }
    expect(secrets.size).toBeGreaterThan(2);
    expect(fetched.length).toBeGreaterThan(10);
    for (const text of [dom, inputs, ...fetched.map((f) => f.body)]) {
      expect(text).not.toMatch(TOKEN_SHAPE);
      for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    }
    expect(fetched.every((f) => new URL(f.url).origin === emu.url)).toBe(true);
    expect(fetched.some((f) => f.url.endsWith('/__emulator/credentials'))).toBe(false);
    await page.screenshot({ path: path.join(dir, 'inspector-token-request.png') });
    if (process.env['ZCRMKIT_UPDATE_SCREENSHOTS'] === '1') {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      for (const name of ['inspector-requests.png', 'inspector-records.png', 'inspector-tokens.png']) copyFileSync(path.join(dir, name), path.join(SCREENSHOT_DIR, name));
    }
    await waitForStat('total', emu.state.counters().total);
    await expect(stat('total')).resolves.toBe(emu.state.counters().total);
  });
});
