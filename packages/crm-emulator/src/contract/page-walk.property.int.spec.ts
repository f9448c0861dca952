// Property-based, over real HTTP: a listing walked with page tokens (any order, any page size, with
// or without If-Modified-Since) while a writer updates and creates records between and during the
// pages, or a search walked by page in its default order (id, newest first: search has no page
// tokens) while the writer updates records, hands out every record that existed for the whole walk
// exactly once, and no record twice. (The emulator serves no deletes.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { startEmulator, type RunningEmulator } from '../index.js';
import { arr, call, obj, type HttpResult } from '../test-support/http.js';

const RUNS = 40;

interface Walk {
  kind: 'list' | 'search';
  sortBy: 'id' | 'Created_Time' | 'Modified_Time';
  sortOrder: 'asc' | 'desc';
  perPage: number;
  modifiedSince: boolean;
  /** Writes between one page and the next, one list per page. */
  writes: Array<Array<{ op: 'update' | 'create'; pick: number; Company: string }>>;
}

const write = fc.record({ op: fc.constantFrom('update', 'update', 'update', 'create'), pick: fc.nat(), Company: fc.constantFrom('Walk A', 'Walk B', 'Walk C') });
const walk: fc.Arbitrary<Walk> = fc.record({
  kind: fc.constantFrom('list', 'list', 'search'),
  sortBy: fc.constantFrom('id', 'Created_Time', 'Modified_Time'),
  sortOrder: fc.constantFrom('asc', 'desc'),
  perPage: fc.integer({ min: 3, max: 60 }),
  modifiedSince: fc.boolean(),
  writes: fc.array(fc.array(write, { maxLength: 6 }), { minLength: 1, maxLength: 20 }),
}) as fc.Arbitrary<Walk>;

describe('page walks under a concurrent writer (property, real HTTP)', () => {
  let emu: RunningEmulator;
  let api: string;
  let token: string;
  let tick = Date.parse('2026-04-01T06:00:00Z');

  beforeAll(async () => {
    // Each request moves the clock a second on, so updates reorder a Modified_Time listing.
    emu = await startEmulator({ leadCount: 80, clock: () => (tick += 1000), accessTokenTtlSeconds: 30 * 24 * 3600 });
    api = `${emu.url}/crm/v8`;
    token = emu.state.issueAccessToken();
  });
  afterAll(async () => {
    await emu.stop();
  });

  const ids = (res: HttpResult): string[] => (res.status === 204 ? [] : arr(obj(res.body)['data']).map((r) => String(obj(r)['id'])));

  async function applyWrites(batch: Walk['writes'][number], updatesOnly: boolean): Promise<void> {
    await Promise.all(
      batch.map(async (w) => {
        const all = emu.state.listRecords('Leads');
        const target = all[w.pick % all.length];
        if ((w.op === 'create' && !updatesOnly) || target === undefined) {
          await call(`${api}/Leads`, { method: 'POST', token, body: { data: [{ Last_Name: 'Walker', Company: w.Company }] } });
        } else {
          await call(`${api}/Leads/${target.id}`, { method: 'PUT', token, body: { data: [{ Company: w.Company }] } });
        }
      }),
    );
  }

  it(`${RUNS} walks: each record present for the whole walk comes exactly once`, async () => {
    await fc.assert(
      fc.asyncProperty(walk, async (w) => {
        // The clock runs a second per request: a fresh access token for every walk.
        token = emu.state.issueAccessToken();
        const since = w.modifiedSince ? new Date(tick - 30 * 60_000).toISOString() : undefined;
        const headers: Record<string, string> = since ? { 'If-Modified-Since': since } : {};
        const modifiedAtStart = new Map(emu.state.listRecords('Leads').map((r) => [r.id, Date.parse(String(r['Modified_Time']))]));
        const updatesOnly = w.kind === 'search';
        const seen: string[] = [];
        let next: string | null = null;
        let page = 1;
        for (let step = 0; ; step++) {
          let res: HttpResult;
          if (w.kind === 'list') {
            const base = `fields=Company&per_page=${w.perPage}&sort_by=${w.sortBy}&sort_order=${w.sortOrder}`;
            // The first page and the writer's first writes race each other.
            const pending = call(`${api}/Leads?${base}${next ? `&page_token=${next}` : ''}`, { token, headers });
            const [answer] = await Promise.all([pending, step === 0 ? applyWrites(w.writes[0] ?? [], updatesOnly) : Promise.resolve()]);
            res = answer;
          } else {
            // Search has no page tokens: it pages by number, in id order (ids never change).
            const pending = call(`${api}/Leads/search?criteria=${encodeURIComponent('(id:greater_than:1)')}&fields=Company&per_page=${Math.max(w.perPage, 30)}&page=${page}`, { token });
            const [answer] = await Promise.all([pending, step === 0 ? applyWrites(w.writes[0] ?? [], updatesOnly) : Promise.resolve()]);
            res = answer;
          }
          expect([200, 204, 304]).toContain(res.status);
          seen.push(...ids(res));
          const info = res.status === 200 ? obj(obj(res.body)['info']) : {};
          if (info['more_records'] !== true) break;
          next = typeof info['next_page_token'] === 'string' ? info['next_page_token'] : null;
          page++;
          await applyWrites(w.writes[(step + 1) % w.writes.length] ?? [], updatesOnly);
        }
        const after = new Set(emu.state.listRecords('Leads').map((r) => r.id));
        const counts = new Map<string, number>();
        for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
        const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
        expect(twice).toEqual([]);
        // Present for the whole walk (and, with If-Modified-Since, modified since then when the walk began).
        const sinceMs = since === undefined ? undefined : Date.parse(since);
        const mustSee = [...modifiedAtStart].filter(([id, modified]) => after.has(id) && (sinceMs === undefined || modified >= sinceMs)).map(([id]) => id);
        const missing = mustSee.filter((id) => !counts.has(id));
        expect(missing).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20261206 },
    );
  });
});
