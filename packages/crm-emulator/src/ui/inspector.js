// The emulator's web inspector. Plain DOM, no framework: it must ship as is, with no build step.
// Every value reaches the page through textContent (never innerHTML), and the server masks every
// secret before answering, so nothing here can show a token.
const API = '/__emulator';
const POLL_MS = 1000;
const REQUEST_ROWS = 500;

const $ = (selector) => document.querySelector(selector);

// Opened from another machine, the page's address carries the emulator's admin token
// (`?admin_token=…`): every call then sends it as a header, which the admin API requires of
// requests that do not come from the emulator's own machine.
function adminTokenInAddress() {
  for (const pair of document.location.search.slice(1).split('&')) {
    const [key, value = ''] = pair.split('=');
    if (key === 'admin_token' && value !== '') return decodeURIComponent(value);
  }
  return null;
}
const ADMIN_TOKEN = adminTokenInAddress();
const AUTH = ADMIN_TOKEN ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {};

/** An element with attributes (`on*` functions become listeners) and text or element children. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function show(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return 'name' in value && typeof value.name === 'string' ? value.name : JSON.stringify(value);
  return String(value);
}

function pretty(value) {
  return value === null || value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function setStatus(text, isError = false) {
  const status = $('#status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

async function getJson(path) {
  const res = await fetch(`${API}${path}`, { headers: { accept: 'application/json', ...AUTH }, credentials: 'same-origin' });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ?? `${res.status} from ${path}`);
  return body;
}

/** Admin writes: JSON with its content type, as the admin API requires. */
async function send(method, path, body) {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...AUTH },
    credentials: 'same-origin',
    body: JSON.stringify(body ?? {}),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(answer.error ?? `${res.status} from ${method} ${path}`);
  return answer;
}

const state = {
  view: 'requests',
  overview: null,
  requests: [],
  lastSeq: 0,
  selectedRequest: null,
  module: 'Leads',
  selectedRecord: null,
  busy: false,
};

// ---- Tabs (WAI-ARIA tabs pattern: arrow keys move between tabs) ----
const tabs = [...document.querySelectorAll('[role=tab]')];
function selectTab(tab, focus = false) {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
  }
  if (focus) tab.focus();
  state.view = tab.id.slice('tab-'.length);
  void refresh();
}
for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (event) => {
    const i = tabs.indexOf(tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    selectTab(tabs[(next + tabs.length) % tabs.length], true);
  });
}

// ---- Header ----
function renderOverview(overview) {
  const c = overview.counters;
  const stats = {
    total: c.total,
    inFlight: overview.inFlight,
    faults: c.faults,
    tokenRequests: c.tokenRequests?.total,
    accessDenied: c.accessDenied ?? state.accessDenied ?? 0,
    peakConcurrentCalls: c.peakConcurrentCalls,
  };
  for (const [key, value] of Object.entries(stats)) {
    const el = document.querySelector(`[data-stat=${key}]`);
    if (el) el.textContent = value === undefined ? '–' : String(value);
    const optional = document.querySelector(`[data-optional=${key}]`);
    if (optional) optional.hidden = value === undefined;
  }
}

// ---- Requests ----
function requestMatches(entry) {
  const status = $('#request-status').value;
  if (status === 'fault' && !entry.fault) return false;
  if (status !== '' && status !== 'fault' && String(entry.status)[0] !== status) return false;
  const needle = $('#request-filter').value.trim().toLowerCase();
  if (needle === '') return true;
  const text = [entry.method, entry.path, entry.route, entry.status, entry.fault ?? '', ...entry.recordIds].join(' ').toLowerCase();
  return text.includes(needle);
}

/**
 * Replaces a table body's rows (every poll does); a row's button that had the focus hands it to the
 * same row's button in the new rows, so a keyboard user is not thrown out of the table each second.
 */
function replaceRows(tbody, rows, key) {
  const focused = document.activeElement;
  const kept = focused && tbody.contains(focused) ? focused.closest('tr')?.dataset[key] : undefined;
  tbody.replaceChildren(...rows);
  if (kept === undefined) return;
  for (const tr of tbody.rows) {
    if (tr.dataset[key] === kept) {
      tr.querySelector('button')?.focus();
      return;
    }
  }
}

function renderRequests() {
  const rows = state.requests.filter(requestMatches).slice(-REQUEST_ROWS).reverse();
  const tbody = $('#requests-table tbody');
  replaceRows(
    tbody,
    rows.map((e) =>
      h(
        'tr',
        { class: e.seq === state.selectedRequest ? 'selected' : null, dataset: { seq: e.seq } },
        h('td', {}, h('button', { type: 'button', class: 'link', 'aria-label': `Request ${e.seq}: ${e.method} ${e.route}, status ${e.status}`, onclick: () => openRequest(e.seq) }, String(e.seq))),
        h('td', {}, e.time.slice(11, 23)),
        h('td', {}, e.method),
        h('td', { title: e.path }, e.route),
        h('td', { class: `s${String(e.status)[0]}` }, e.status === 0 ? 'none' : String(e.status)),
        h('td', {}, e.durationMs.toFixed(1)),
        h('td', { class: 'fault' }, e.fault ?? ''),
        h('td', { title: e.recordIds.join(', ') }, e.recordIds.length === 0 ? '' : e.recordIds.length === 1 ? e.recordIds[0] : `${e.recordIds.length} records`),
      ),
    ),
    'seq',
  );
  $('#request-count').textContent = `${rows.length} of ${state.requests.length} shown`;
}

async function loadRequests() {
  const { requests } = await getJson(`/inspector/requests?after=${state.lastSeq}`);
  if (requests.length > 0 && requests[0].seq <= state.lastSeq) state.requests = [];
  state.requests.push(...requests);
  if (state.requests.length > 2 * REQUEST_ROWS) state.requests = state.requests.slice(-REQUEST_ROWS);
  if (requests.length > 0) state.lastSeq = requests[requests.length - 1].seq;
}

async function openRequest(seq) {
  state.selectedRequest = seq;
  const panel = $('#request-detail');
  try {
    const d = await getJson(`/inspector/requests/${seq}`);
    panel.replaceChildren(
      h('h2', {}, `#${d.seq} ${d.route}`),
      h('p', { class: 'mono' }, d.path),
      h('p', {}, `Status ${d.status === 0 ? 'none (connection dropped)' : d.status} · ${d.durationMs} ms${d.fault ? ` · fault: ${d.fault}` : ''}`),
      d.recordIds.length > 0 ? recordList(d.module, d.recordIds) : null,
      h('h3', {}, 'Request headers'),
      h('pre', {}, pretty(d.requestHeaders)),
      h('h3', {}, 'Request body'),
      h('pre', { id: 'request-body' }, pretty(d.requestBody)),
      h('h3', {}, 'Response body'),
      h('pre', { id: 'response-body' }, pretty(d.responseBody)),
      d.bodiesNote ? h('p', { class: 'hint' }, d.bodiesNote) : null,
    );
  } catch (err) {
    panel.replaceChildren(h('p', { class: 'hint' }, err.message));
  }
  renderRequests();
}

// ---- Records ----
let recordSearchTimer;
function fillModules(overview) {
  const select = $('#record-module');
  if (select.options.length === overview.modules.length) {
    for (const [i, m] of overview.modules.entries()) select.options[i].textContent = `${m.apiName} (${m.records})`;
    return;
  }
  select.replaceChildren(...overview.modules.map((m) => h('option', { value: m.apiName, selected: m.apiName === state.module }, `${m.apiName} (${m.records})`)));
}

let recordsGeneration = 0;
async function loadRecords() {
  // Searches and polls overlap; only the latest answer may paint the table.
  const generation = ++recordsGeneration;
  const q = encodeURIComponent($('#record-search').value.trim());
  const page = await getJson(`/inspector/records/${state.module}?q=${q}&limit=200`);
  if (generation !== recordsGeneration) return;
  $('#records-table thead').replaceChildren(h('tr', {}, h('th', { scope: 'col' }, 'id'), ...page.columns.map((c) => h('th', { scope: 'col' }, c))));
  replaceRows(
    $('#records-table tbody'),
    page.records.map((r) =>
      h(
        'tr',
        { class: r.id === state.selectedRecord ? 'selected' : null, dataset: { id: r.id } },
        h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => openRecord(r.id) }, r.id)),
        ...page.columns.map((c) => h('td', { dataset: { field: c } }, show(r[c]))),
      ),
    ),
    'id',
  );
  $('#record-count').textContent = `${Math.min(page.records.length, page.total)} of ${page.total} shown`;
  if (state.selectedRecord) await openRecord(state.selectedRecord, false);
}

function renderChange(name, change) {
  return h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, show(change.from)), h('td', {}, show(change.to)));
}

async function openRecord(id, rerender = true) {
  state.selectedRecord = id;
  const panel = $('#record-detail');
  try {
    const { record, history } = await getJson(`/inspector/records/${state.module}/${id}`);
    panel.replaceChildren(
      h('h2', {}, `${state.module} ${id}`),
      h('h3', {}, `Update history (${history.length})`),
      history.length === 0
        ? h('p', { class: 'hint' }, 'No call has changed this record since the emulator started or was reset.')
        : h(
            'ol',
            { class: 'history', id: 'record-history', reversed: true },
            ...[...history].reverse().map((e) =>
              h(
                'li',
                {},
                h('div', {}, `${e.time.slice(11, 19)} · `, h('button', { type: 'button', class: 'link', onclick: () => jumpToRequest(e.seq) }, `request #${e.seq}`), ` ${e.route} · ${e.action}`),
                h('div', { class: 'hint' }, `Automation: ${e.automation.length === 0 ? 'none (trigger: [])' : e.automation.join(', ')}${e.automationRuns ? ` · runs: ${e.automationRuns.map(show).join(', ')}` : ''}`),
                Object.keys(e.changes).length === 0
                  ? h('div', { class: 'hint' }, 'No field changed (same values sent).')
                  : h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'From'), h('th', { scope: 'col' }, 'To'))), h('tbody', {}, ...Object.entries(e.changes).map(([k, c]) => renderChange(k, c)))),
              ),
            ),
          ),
      h('h3', {}, 'Fields'),
      h('table', { id: 'record-fields' }, h('caption', { class: 'visually-hidden' }, 'Fields'), h('tbody', {}, ...Object.entries(record).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { dataset: { field: k } }, show(v)))))),
    );
  } catch (err) {
    panel.replaceChildren(h('p', { class: 'hint' }, err.message));
  }
  if (rerender) void loadRecords();
}

/** The records a request touched; more than a few fold away so the bodies stay in view. */
function recordList(module, ids) {
  const link = (id) => h('button', { type: 'button', class: 'link mono', onclick: () => jumpToRecord(module, id) }, id);
  const head = ids.slice(0, 5).map((id, i) => [i > 0 ? ', ' : '', link(id)]);
  if (ids.length <= 5) return h('p', {}, `${module ?? 'Records'}: `, ...head);
  return h('details', {}, h('summary', {}, `${ids.length} ${module ?? ''} records: `, ...head, ' …'), h('p', {}, ...ids.slice(5).map((id, i) => [i > 0 ? ', ' : '', link(id)])));
}

function jumpToRecord(module, id) {
  if (module) {
    state.module = module;
    $('#record-module').value = module;
  }
  $('#record-search').value = id;
  selectTab(document.getElementById('tab-records'), true);
  void openRecord(id);
}

function jumpToRequest(seq) {
  selectTab(document.getElementById('tab-requests'), true);
  void openRequest(seq);
}

// ---- Tokens ----
async function loadTokens() {
  const t = await getJson('/inspector/tokens');
  state.accessDenied = t.accessDenied;
  $('#token-budget').textContent = t.budget
    ? `Budget: ${t.budget.maxTokens} new access tokens per refresh token per ${t.budget.windowSeconds / 60} minutes. Access Denied answers: ${t.accessDenied}.`
    : `No token budget (tokenRateLimit: false). Access Denied answers: ${t.accessDenied}.`;
  const when = (v) => (v ? v.replace('T', ' ').slice(0, 19) : '');
  $('#refresh-table tbody').replaceChildren(
    ...t.refreshTokens.map((r) =>
      h('tr', {}, h('td', { class: 'mono' }, r.token), h('td', { class: 'mono' }, r.clientId), h('td', {}, when(r.issuedAt)), h('td', {}, when(r.revokedAt)), h('td', {}, t.budget ? `${r.budgetUsed} / ${t.budget.maxTokens}` : String(r.budgetUsed)), h('td', {}, String(r.accessTokensMinted)), h('td', {}, String(r.accessDenied))),
    ),
  );
  $('#access-table tbody').replaceChildren(
    ...t.accessTokens.slice(0, 200).map((a) =>
      h('tr', { dataset: { state: a.state } }, h('td', { class: 'mono' }, a.token), h('td', { class: a.state === 'live' ? 's2' : 's4' }, a.state), h('td', { class: 'mono' }, a.refreshToken ?? '(none)'), h('td', {}, when(a.issuedAt)), h('td', {}, when(a.expiresAt)), h('td', {}, when(a.expiredAt)), h('td', {}, when(a.revokedAt))),
    ),
  );
  $('#token-events').replaceChildren(
    ...t.events.slice(0, 200).map((e) => h('li', { dataset: { kind: e.kind } }, `${when(e.time)} ${e.kind} ${e.tokenType} token ${e.token}${e.reason ? ` (${e.reason})` : ''}`)),
  );
}

// ---- Controls ----
function renderControls(overview) {
  const config = overview.config;
  const strict = $('#strict-modules');
  if (strict.childElementCount !== overview.modules.length) {
    strict.replaceChildren(
      ...overview.modules.map((m) =>
        h('label', {}, h('input', { type: 'checkbox', id: `strict-${m.apiName}`, onchange: (ev) => act(`Strict layout ${ev.target.checked ? 'on' : 'off'} for ${m.apiName}`, () => send('PUT', '/strict-layout', { module: m.apiName, fields: ev.target.checked })) }), ` ${m.apiName}`, h('span', { class: 'hint', id: `strict-fields-${m.apiName}` })),
      ),
    );
  }
  for (const m of overview.modules) {
    const fields = config.strictLayout[m.apiName];
    const box = document.getElementById(`strict-${m.apiName}`);
    if (document.activeElement !== box) box.checked = Boolean(fields);
    document.getElementById(`strict-fields-${m.apiName}`).textContent = fields ? ` (${fields.join(', ')})` : '';
  }
  // A field the user has typed in keeps its value until applied: polling must not undo typing.
  const idle = (input) => document.activeElement !== input && input.dataset.edited !== 'true';
  if (idle($('#latency-fixed'))) $('#latency-fixed').value = String(config.latency.fixedMs);
  if (idle($('#latency-jitter'))) $('#latency-jitter').value = String(config.latency.jitterMs);
  if (idle($('#cap-value'))) $('#cap-value').value = config.concurrencyCap === null ? '' : String(config.concurrencyCap);
  if (idle($('#cap-retry'))) $('#cap-retry').value = config.retryAfterSeconds === null ? '' : String(config.retryAfterSeconds);
  $('#edition').textContent = config.edition ? `Edition: ${config.edition} (cap follows the edition unless set here)` : '';
  $('#faults-table tbody').replaceChildren(
    ...(config.faults.length === 0
      ? [h('tr', {}, h('td', { colspan: 8, class: 'hint' }, 'No fault rules.'))]
      : config.faults.map((f, i) =>
          h('tr', { dataset: { kind: f.kind } }, h('td', {}, f.kind), h('td', { class: 'mono' }, f.route ?? '*'), h('td', {}, String(f.rate ?? 1)), h('td', {}, String(f.after ?? 0)), h('td', {}, f.times === undefined ? '∞' : String(f.times)), h('td', {}, f.status === undefined ? '' : String(f.status)), h('td', {}, f.phase ?? 'before'),
            h('td', {}, h('button', { type: 'button', class: 'danger', 'aria-label': `Remove fault rule ${i + 1} (${f.kind} on ${f.route ?? '*'})`, onclick: () => act('Fault rule removed', () => send('PUT', '/faults', { rules: config.faults.filter((_, j) => j !== i) })) }, 'Remove'))),
        )),
  );
}

for (const input of document.querySelectorAll('#latency-form input, #cap-form input')) {
  input.addEventListener('input', () => (input.dataset.edited = 'true'));
}

/** After an apply, the form shows the emulator's values again. */
function settled(form) {
  for (const input of form.querySelectorAll('input')) delete input.dataset.edited;
}

function numberOrUndefined(input) {
  return input.value.trim() === '' ? undefined : Number(input.value);
}

$('#latency-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  void act('Latency applied', async () => {
    await send('PUT', '/latency', { fixedMs: Number($('#latency-fixed').value), jitterMs: Number($('#latency-jitter').value) });
    settled($('#latency-form'));
  });
});
$('#cap-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const cap = numberOrUndefined($('#cap-value'));
  const retry = numberOrUndefined($('#cap-retry'));
  void act('Concurrency cap applied', async () => {
    await send('PUT', '/concurrency-cap', { cap: cap ?? null, retryAfterSeconds: retry ?? null });
    settled($('#cap-form'));
  });
});
$('#fault-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const rule = { kind: $('#fault-kind').value };
  const route = $('#fault-route').value.trim();
  if (route !== '') rule.route = route;
  const rate = numberOrUndefined($('#fault-rate'));
  if (rate !== undefined) rule.rate = rate;
  const times = numberOrUndefined($('#fault-times'));
  if (times !== undefined) rule.times = times;
  if ($('#fault-phase').value === 'after') rule.phase = 'after';
  void act(`Fault rule added: ${rule.kind} on ${rule.route ?? '*'}`, () => send('PUT', '/faults', { rules: [...(state.overview?.config.faults ?? []), rule] }));
});
$('#expire-tokens').addEventListener('click', () => act('Access tokens expired', async () => {
  const { expired } = await send('POST', '/tokens/expire', {});
  return `${expired} live`;
}));
$('#reset-emulator').addEventListener('click', () => act('Emulator reset', async () => {
  await send('POST', '/reset', {});
  state.requests = [];
  state.lastSeq = 0;
  state.selectedRecord = null;
  state.selectedRequest = null;
}));

async function act(label, run) {
  try {
    const extra = await run();
    setStatus(`${label}${typeof extra === 'string' ? ` (${extra})` : ''}.`);
  } catch (err) {
    setStatus(`${label} failed: ${err.message}`, true);
  }
  await refresh();
}

// ---- Filters ----
$('#request-filters').addEventListener('submit', (ev) => ev.preventDefault());
$('#request-filter').addEventListener('input', renderRequests);
$('#request-status').addEventListener('change', renderRequests);
$('#record-filters').addEventListener('submit', (ev) => ev.preventDefault());
$('#record-module').addEventListener('change', (ev) => {
  state.module = ev.target.value;
  state.selectedRecord = null;
  $('#record-detail').replaceChildren(h('p', { class: 'hint' }, 'Choose a record to see its fields and history.'));
  void loadRecords();
});
$('#record-search').addEventListener('input', () => {
  clearTimeout(recordSearchTimer);
  recordSearchTimer = setTimeout(() => void loadRecords(), 200);
});

// ---- Live updates: polling, since the admin API answers JSON only ----
async function refresh() {
  // One refresh at a time; a request for another while one runs (a control was used) runs right after.
  if (state.busy) {
    state.again = true;
    return;
  }
  state.busy = true;
  state.again = false;
  try {
    const overview = await getJson('/inspector/overview');
    if (overview.lastSeq < state.lastSeq) {
      state.requests = [];
      state.lastSeq = 0;
    }
    state.overview = overview;
    fillModules(overview);
    if (state.view === 'requests' || state.requests.length === 0) await loadRequests();
    if (state.view === 'requests') renderRequests();
    if (state.view === 'records') await loadRecords();
    if (state.view === 'tokens' || state.accessDenied === undefined) await loadTokens();
    if (state.view === 'controls') renderControls(overview);
    renderOverview(overview);
    document.body.dataset.updated = String(Date.now());
  } catch (err) {
    setStatus(`Cannot reach the emulator: ${err.message}`, true);
  } finally {
    state.busy = false;
  }
  if (state.again) await refresh();
}

setInterval(() => {
  if ($('#live').checked && !document.hidden) void refresh();
}, POLL_MS);
void refresh();
