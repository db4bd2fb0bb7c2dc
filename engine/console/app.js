// The Loyalty Maximizer web console: a dependency-free single-page app over the /v1 API.
// Views follow the location hash (#/ lists runs, #/runs/<id> shows one, #/documents and
// #/documents/<id> show ingested documents when the product serves them) so links can be
// shared and the back button works. Everything is built with DOM calls, never HTML strings:
// the server's Content-Security-Policy forbids inline styles and scripts, and run data is
// untrusted text.

const REFRESH_MS = 2000;
const SEARCH_DEBOUNCE_MS = 300;
const PAGE_SIZE = 50;
const CHILDREN_LIMIT = 100;
const COLLAPSE_JSON_CHARS = 2000;
const MAX_TIMELINE_ROWS = 200;
const KEY_STORAGE = 'maximizer.apiKey';
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

// Which timeline row type each step-level event belongs to; other events have no row.
const ROW_TYPES = Object.fromEntries(Object.entries({
  activity: ['step_scheduled', 'attempt_started', 'attempt_failed', 'step_completed', 'step_failed'],
  timer: ['timer_started', 'timer_fired'],
  signal: ['signal_wait_started', 'signal_delivered', 'signal_timed_out'],
  child: ['child_started', 'child_completed'],
}).flatMap(([type, kinds]) => kinds.map((kind) => [kind, type])));
const FAILURE_EVENTS = new Set(['attempt_failed', 'step_failed', 'run_failed']);

const $ = (selector) => document.querySelector(selector);
const ui = {
  alert: $('#alert'), notice: $('#notice'), role: $('#session-role'), logout: $('#logout-button'),
  loginView: $('#login-view'), loginForm: $('#login-form'), apiKey: $('#api-key'),
  listView: $('#list-view'), filters: $('#filters'), status: $('#filter-status'), workflow: $('#filter-workflow'),
  search: $('#filter-search'), liveRefresh: $('#live-refresh'), redriveAll: $('#redrive-all-button'),
  runsBody: $('#runs-table tbody'), runsEmpty: $('#runs-empty'),
  prevPage: $('#prev-page'), nextPage: $('#next-page'), pageLabel: $('#page-label'),
  detailView: $('#detail-view'), detail: $('#run-detail'),
  detailId: $('#detail-id'), detailStatus: $('#detail-status'),
  retry: $('#retry-button'), cancel: $('#cancel-button'), summary: $('#run-summary'), runError: $('#run-error'),
  signalForm: $('#signal-form'), signalName: $('#signal-name'), signalPayload: $('#signal-payload'),
  signalSubmit: $('#signal-submit'), waitingSection: $('#waiting-section'), waitingList: $('#waiting-list'),
  childrenSection: $('#children-section'), childrenList: $('#children-list'), childrenNote: $('#children-note'),
  input: $('#run-input'), outputSection: $('#output-section'), output: $('#run-output'),
  skipTimeline: $('#skip-timeline'), timeline: $('#timeline'), timelineNote: $('#timeline-note'),
  historyTitle: $('#history-title'), historyBody: $('#history-table tbody'),
  topnav: $('#topnav'), documentsLink: $('#documents-link'),
  documentsView: $('#documents-view'), documentsBody: $('#documents-table tbody'),
  documentsEmpty: $('#documents-empty'), documentView: $('#document-view'),
  documentName: $('#document-name'), documentStatus: $('#document-status'),
  documentSummary: $('#document-summary'), documentError: $('#document-error'),
  heldSection: $('#held-section'), heldBody: $('#held-table tbody'),
  approveSelected: $('#approve-selected-button'), approveAll: $('#approve-all-button'),
  rejectAll: $('#reject-all-button'),
};
const VIEWS = ['loginView', 'listView', 'detailView', 'documentsView', 'documentView'];

const session = { key: sessionStorage.getItem(KEY_STORAGE) };
// Cursors of the pages before the current one, so "Previous" needs no backwards API.
const paging = { cursor: null, previous: [], next: null };
const shown = { runId: null, lastSeq: 0, documentId: null };
// Every load takes a new token; a response whose token is no longer current is dropped,
// so a slow answer never overwrites a newer one or a view the user has left.
const loads = { token: 0, timer: 0 };
const renderedJson = new WeakMap();

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const preciseTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  fractionalSecondDigits: 3, hourCycle: 'h23',
});

// ---- API ------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, { method = 'GET', body, key = session.key } = {}) {
  const headers = { Authorization: `Bearer ${key}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Is it running?');
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const message = payload?.error?.message ?? `The server answered ${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return payload;
}

const runPath = (id) => `/v1/runs/${encodeURIComponent(id)}`;

// ---- Messages -------------------------------------------------------------------------

// `origin` lets a successful refresh clear an error that an earlier refresh showed,
// without hiding the error of an action the user took.
function showError(message, origin = 'action') {
  ui.alert.textContent = message;
  ui.alert.dataset.origin = origin;
}

function clearError(origin) {
  if (!origin || ui.alert.dataset.origin === origin) ui.alert.textContent = '';
}

function reportError(error, origin) {
  if (error.status === 401) logOut(`Signed out: ${error.message}`);
  else showError(error.message, origin);
}

const showNotice = (message) => { ui.notice.textContent = message; };

async function runAction(button, action) {
  button.disabled = true;
  clearError();
  showNotice('');
  try {
    await action();
  } catch (error) {
    reportError(error);
  } finally {
    button.disabled = false;
  }
}

// ---- Session --------------------------------------------------------------------------

async function signIn(key) {
  const { role } = await api('/v1/whoami', { key });
  session.key = key;
  sessionStorage.setItem(KEY_STORAGE, key);
  ui.role.textContent = `Signed in as ${role}`;
  ui.logout.hidden = false;
  ui.loginView.hidden = true;
  ui.topnav.hidden = false;
  loadWorkflows();
  probeDocuments();
  route();
}

function logOut(message) {
  session.key = null;
  sessionStorage.removeItem(KEY_STORAGE);
  stopLoads();
  ui.role.textContent = '';
  ui.logout.hidden = true;
  ui.topnav.hidden = true;
  showView('loginView');
  showNotice('');
  clearError();
  if (message) showError(message);
  document.title = 'Sign in · Loyalty Maximizer';
  ui.apiKey.focus();
}

async function submitLogin(event) {
  event.preventDefault();
  const button = ui.loginForm.querySelector('button');
  button.disabled = true;
  clearError();
  try {
    await signIn(ui.apiKey.value.trim());
    ui.apiKey.value = '';
  } catch (error) {
    showError(error.message);
  } finally {
    button.disabled = false;
  }
}

async function loadWorkflows() {
  try {
    const { workflows } = await api('/v1/workflows');
    const selected = ui.workflow.value;
    ui.workflow.replaceChildren(el('option', { value: '' }, 'Any'),
      ...workflows.map((name) => el('option', { value: name }, name)));
    ui.workflow.value = workflows.includes(selected) ? selected : '';
  } catch (error) {
    reportError(error);
  }
}

// ---- Routing and refresh --------------------------------------------------------------

function route() {
  if (!session.key) return;
  clearError();
  showNotice('');
  const match = location.hash.match(/^#\/runs\/(.+)$/);
  const id = match && safeDecode(match[1]);
  const documentMatch = location.hash.match(/^#\/documents\/(.+)$/);
  const documentId = documentMatch && safeDecode(documentMatch[1]);
  if (id) showDetail(id);
  else if (documentId) showDocument(documentId);
  else if (location.hash === '#/documents') showDocuments();
  else showList();
}

function showView(name) {
  for (const view of VIEWS) ui[view].hidden = view !== name;
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function stopLoads() {
  clearTimeout(loads.timer);
  return ++loads.token;
}

const isCurrent = (token) => token === loads.token;

// After an action, shows its effect, unless the user has moved on to another view (or
// logged out) while it was in flight.
function reloadView() {
  if (!ui.detailView.hidden) loadDetail();
  else if (!ui.listView.hidden) loadRuns();
  else if (!ui.documentView.hidden) loadDocument();
  else if (!ui.documentsView.hidden) loadDocuments();
}

function scheduleRefresh(token, load) {
  loads.timer = setTimeout(() => isCurrent(token) && load(), REFRESH_MS);
}

// ---- Runs list ------------------------------------------------------------------------

function showList() {
  showView('listView');
  document.title = 'Runs · Loyalty Maximizer';
  updateRedriveAll();
  loadRuns();
}

function runsQuery() {
  const params = new URLSearchParams({ limit: PAGE_SIZE });
  if (ui.status.value) params.set('status', ui.status.value);
  if (ui.workflow.value) params.set('workflow', ui.workflow.value);
  const text = ui.search.value.trim();
  if (text) params.set('q', text);
  if (paging.cursor) params.set('cursor', paging.cursor);
  return params;
}

async function loadRuns() {
  const token = stopLoads();
  try {
    const page = await api(`/v1/runs?${runsQuery()}`);
    if (!isCurrent(token)) return;
    paging.next = page.next_cursor ?? null;
    renderRuns(page.runs);
    clearError('refresh');
  } catch (error) {
    if (isCurrent(token)) reportError(error, 'refresh');
  } finally {
    if (isCurrent(token) && ui.liveRefresh.checked) scheduleRefresh(token, loadRuns);
  }
}

function renderRuns(runs) {
  const now = Date.now();
  rerender(ui.runsBody, runs.map((run) => runRow(run, now)));
  ui.runsEmpty.hidden = runs.length > 0;
  ui.prevPage.disabled = paging.previous.length === 0;
  ui.nextPage.disabled = !paging.next;
  ui.pageLabel.textContent = `Page ${paging.previous.length + 1}`;
}

function runRow(run, now) {
  return el('tr', { dataset: { runId: run.id } },
    el('td', {}, statusBadge(run.status)),
    el('td', {}, run.workflow),
    el('td', { class: 'mono' }, runLink(run.id)),
    el('td', {}, timeElement(run.created_at)),
    el('td', { class: 'num' }, formatDuration(runDuration(run, now))));
}

function filtersChanged() {
  paging.cursor = null;
  paging.previous = [];
  updateRedriveAll();
  loadRuns();
}

function turnPage(forward) {
  if (forward) {
    paging.previous.push(paging.cursor);
    paging.cursor = paging.next;
  } else {
    paging.cursor = paging.previous.pop() ?? null;
  }
  loadRuns();
}

// Bulk redrive acts on failed runs only, so it is offered when the list can show them.
function updateRedriveAll() {
  ui.redriveAll.hidden = !['', 'failed'].includes(ui.status.value);
}

async function redriveAllFailed() {
  const workflow = ui.workflow.value;
  const scope = workflow ? `every failed run of workflow "${workflow}"` : 'every failed run of every workflow';
  const caveat = ui.search.value.trim() ? '\n\nThe search text does not narrow this down.' : '';
  if (!confirm(`Retry ${scope}?${caveat}`)) return;
  await runAction(ui.redriveAll, async () => {
    const body = workflow ? { workflow, status: 'failed' } : { status: 'failed' };
    const { redriven } = await api('/v1/runs/redrive', { method: 'POST', body });
    showNotice(`${redriven} ${redriven === 1 ? 'run' : 'runs'} redriven`);
  });
  reloadView();
}

// ---- Run detail -----------------------------------------------------------------------

function showDetail(id) {
  showView('detailView');
  document.title = `${id} · Loyalty Maximizer`;
  if (shown.runId !== id) resetDetail(id);
  loadDetail();
}

function resetDetail(id) {
  shown.runId = id;
  shown.lastSeq = 0;
  ui.detail.dataset.status = '';
  ui.detailId.textContent = id;
  ui.detailStatus.hidden = true;
  for (const node of [ui.summary, ui.runError, ui.timeline, ui.timelineNote, ui.historyBody, ui.input, ui.output]) {
    node.replaceChildren();
    renderedJson.delete(node);
  }
  for (const node of [ui.retry, ui.cancel, ui.signalForm, ui.waitingSection, ui.childrenSection, ui.outputSection]) {
    node.hidden = true;
  }
  ui.signalForm.reset();
}

async function loadDetail() {
  const token = stopLoads();
  const path = runPath(shown.runId);
  let run = null;
  let failure = null;
  try {
    const [fetched, { events }] = await Promise.all([api(path), api(`${path}/history`)]);
    if (!isCurrent(token)) return;
    run = fetched;
    renderDetail(run, events);
    const children = events.some((event) => event.kind === 'child_started')
      ? await api(`/v1/runs?${new URLSearchParams({ parent_id: run.id, limit: CHILDREN_LIMIT })}`)
      : null;
    if (!isCurrent(token)) return;
    renderChildren(children);
    clearError('refresh');
  } catch (error) {
    failure = error;
    if (isCurrent(token)) reportError(error, 'refresh');
  } finally {
    // Keep watching until the run ends; a run that does not exist will not appear later.
    const watch = run ? !TERMINAL.has(run.status) : failure?.status !== 404;
    if (isCurrent(token) && watch) scheduleRefresh(token, loadDetail);
  }
}

function renderDetail(run, events) {
  setBadge(ui.detailStatus, run.status);
  ui.detailStatus.hidden = false;
  renderSummary(run);
  const terminal = TERMINAL.has(run.status);
  ui.retry.hidden = run.status !== 'failed';
  ui.cancel.hidden = terminal;
  ui.signalForm.hidden = terminal;
  renderJson(ui.input, run.input);
  ui.outputSection.hidden = run.output === undefined;
  renderJson(ui.output, run.output);
  renderWaiting(terminal ? [] : pendingWaits(events));
  renderTimeline(timelineModel(events, run, Date.now()));
  appendHistory(events);
  // Set last: it tells tests and assistive tech the page now shows this status in full.
  ui.detail.dataset.status = run.status;
}

function renderSummary(run) {
  const entries = [
    ['Workflow', run.workflow],
    ['Queue', run.queue],
    ['Created', timeElement(run.created_at)],
    ['Updated', timeElement(run.updated_at)],
    ['Duration', formatDuration(runDuration(run, Date.now()))],
    run.parent_id && ['Parent', runLink(run.parent_id)],
    run.cancel_requested && ['Cancel', 'requested, not yet honoured'],
  ].filter(Boolean);
  ui.summary.replaceChildren(...entries.map(([term, value]) =>
    el('div', {}, el('dt', {}, term), el('dd', {}, value))));
  const { error } = run;
  ui.runError.replaceChildren(...(error ? [
    el('strong', {}, run.status === 'cancelled' ? 'Cancelled: ' : 'Failed: '),
    error.message ?? JSON.stringify(error),
    error.kind ? el('span', { class: 'muted' }, ` (${error.kind})`) : '',
  ] : []));
}

// Re-rendering identical JSON would close a <details> the user opened, so skip it.
function renderJson(container, value) {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  if (renderedJson.get(container) === text) return;
  renderedJson.set(container, text);
  const pre = el('pre', { class: 'json' }, text);
  container.replaceChildren(text.length > COLLAPSE_JSON_CHARS
    ? el('details', {}, el('summary', {}, `Show ${text.length.toLocaleString()} characters of JSON`), pre)
    : pre);
}

const WAIT_ENDS = new Set(['timer_fired', 'signal_delivered', 'signal_timed_out']);

// Timers and signal waits that started and have not ended yet.
function pendingWaits(events) {
  const open = new Map();
  for (const event of events) {
    if (event.kind === 'timer_started' || event.kind === 'signal_wait_started') open.set(event.position, event);
    else if (WAIT_ENDS.has(event.kind)) open.delete(event.position);
  }
  return [...open.values()];
}

function renderWaiting(waits) {
  ui.waitingSection.hidden = waits.length === 0;
  ui.waitingList.replaceChildren(...waits.map(waitItem));
}

function waitItem(event) {
  const detail = event.detail ?? {};
  if (event.kind === 'timer_started') {
    const left = detail.fire_at - Date.now();
    return el('li', {}, `Timer ${event.step ?? 'sleep'} (${event.position}) fires at `, msTime(detail.fire_at),
      left > 0 ? ` (in ${formatDuration(left)})` : ' (due)');
  }
  return el('li', {}, 'Signal ', el('code', {}, detail.name ?? event.step), ` (${event.position}), `,
    ...(detail.deadline == null ? ['no deadline'] : ['deadline ', msTime(detail.deadline)]));
}

function renderChildren(page) {
  ui.childrenSection.hidden = !page;
  if (!page) return;
  rerender(ui.childrenList, page.runs.map((child) =>
    el('li', {}, statusBadge(child.status), ' ', runLink(child.id), ' ',
      el('span', { class: 'muted' }, child.workflow))));
  ui.childrenNote.textContent = page.next_cursor ? `Showing the newest ${CHILDREN_LIMIT} children.` : '';
}

// History is append-only, so only events not yet shown are added: a long history is
// built once, and scrolling or selecting text in it survives the refreshes.
function appendHistory(events) {
  const fresh = events.filter((event) => event.seq > shown.lastSeq);
  if (fresh.length === 0) return;
  ui.historyBody.append(...fresh.map(historyRow));
  shown.lastSeq = fresh.at(-1).seq;
}

function historyRow(event) {
  const detail = event.detail && Object.keys(event.detail).length ? JSON.stringify(event.detail) : '';
  return el('tr', { class: FAILURE_EVENTS.has(event.kind) ? 'failure' : undefined },
    el('td', { class: 'num' }, event.seq),
    el('td', { class: 'nowrap' }, timeElement(event.at, preciseTimeFormat)),
    el('td', {}, el('code', {}, event.kind)),
    el('td', {}, event.step ?? ''),
    el('td', { class: 'mono' }, event.position ?? ''),
    el('td', { class: 'num' }, event.attempt ?? ''),
    el('td', { class: 'detail-json' }, el('code', {}, detail)));
}

// ---- Detail actions -------------------------------------------------------------------

async function retryRun() {
  await runAction(ui.retry, async () => {
    await api(`${runPath(shown.runId)}/redrive`, { method: 'POST' });
    showNotice('Run sent back to work from the step that failed.');
  });
  reloadView();
}

async function cancelRun() {
  if (!confirm(`Cancel run ${shown.runId}? Its child runs are cancelled too.`)) return;
  await runAction(ui.cancel, async () => {
    await api(`${runPath(shown.runId)}/cancel`, { method: 'POST' });
    showNotice('Cancel requested.');
  });
  reloadView();
}

async function sendSignal(event) {
  event.preventDefault();
  const name = ui.signalName.value.trim();
  let payload;
  try {
    payload = ui.signalPayload.value.trim() ? JSON.parse(ui.signalPayload.value) : null;
  } catch (error) {
    showError(`The payload is not valid JSON: ${error.message}`);
    ui.signalPayload.focus();
    return;
  }
  await runAction(ui.signalSubmit, async () => {
    await api(`${runPath(shown.runId)}/signals/${encodeURIComponent(name)}`, { method: 'POST', body: payload });
    showNotice(`Signal "${name}" sent.`);
  });
  reloadView();
}

// ---- Timeline -------------------------------------------------------------------------

// Turns the history into one row per journal position, each a list of time segments:
// attempts (failed or completed), the waits between them, timers, signal waits, children.
function timelineModel(events, run, now) {
  const terminal = TERMINAL.has(run.status);
  const start = Date.parse(run.created_at);
  const lastAt = events.length ? Date.parse(events.at(-1).at) : start;
  const end = Math.max(terminal ? Date.parse(run.updated_at) : now, lastAt, start + 1);
  const rows = new Map();
  for (const event of events) {
    const type = ROW_TYPES[event.kind];
    if (!type || event.position == null) continue;
    if (!rows.has(event.position)) rows.set(event.position, newRow(event, type));
    applyEvent(rows.get(event.position), event);
  }
  for (const row of rows.values()) closeRow(row, end, terminal);
  return { start, end, rows: [...rows.values()] };
}

function newRow(event, type) {
  const name = event.step ?? event.detail?.name ?? type;
  const prefix = { signal: 'signal ', child: 'child ' }[type] ?? '';
  return {
    type, position: event.position, step: name, label: `${prefix}${name} (${event.position})`,
    state: 'running', segments: [], open: null, idleSince: null, retryAt: null,
  };
}

function addSegment(row, type, state, from, to, tip) {
  row.segments.push({ type, state, from, to, tip, key: `${row.position}/${row.segments.length}` });
}

function applyEvent(row, event) {
  const at = Date.parse(event.at);
  const detail = event.detail ?? {};
  const open = row.open;
  const took = open ? formatDuration(at - open.from) : '';
  switch (event.kind) {
    case 'attempt_started':
      if (row.idleSince !== null) {
        addSegment(row, 'gap', 'waiting', row.idleSince, at,
          `Waited ${formatDuration(at - row.idleSince)} before attempt ${event.attempt}`);
      }
      row.open = { attempt: event.attempt, from: at };
      row.state = 'running';
      break;
    case 'attempt_failed':
      if (open) {
        addSegment(row, 'attempt', 'failed', open.from, at,
          `Attempt ${open.attempt} failed after ${took}: ${errorMessage(detail.error)}`);
      }
      row.open = null;
      row.idleSince = at;
      row.retryAt = detail.retry_at ?? null;
      break;
    case 'step_completed':
      if (open) {
        addSegment(row, 'attempt', 'completed', open.from, at, `Attempt ${open.attempt} succeeded in ${took}`);
      }
      Object.assign(row, { open: null, idleSince: null, state: 'completed' });
      break;
    case 'step_failed':
      // Keep idleSince: a redrive starts a new attempt, and the pause before it is shown.
      row.state = 'failed';
      break;
    case 'timer_started':
      row.open = { from: at, fireAt: detail.fire_at };
      break;
    case 'signal_wait_started':
      row.open = { from: at };
      break;
    case 'child_started':
      row.open = { from: at, childId: detail.child_id };
      break;
    case 'timer_fired':
    case 'signal_delivered':
    case 'signal_timed_out':
    case 'child_completed':
      row.state = finishedWaitState(event);
      if (open) addSegment(row, row.type, row.state, open.from, at, finishedWaitTip(row, event, took));
      row.open = null;
      break;
    default:
      break;
  }
}

function finishedWaitState(event) {
  if (event.kind === 'signal_timed_out') return 'timed-out';
  return event.detail?.error ? 'failed' : 'completed';
}

function finishedWaitTip(row, event, took) {
  const detail = event.detail ?? {};
  switch (event.kind) {
    case 'timer_fired': return `Slept ${took}`;
    case 'signal_delivered': return `Signal "${row.step}" arrived after ${took}`;
    case 'signal_timed_out': return `Gave up waiting for signal "${row.step}" after ${took}`;
    default: return detail.error
      ? `Child run ${detail.child_id ?? ''} failed after ${took}: ${errorMessage(detail.error)}`
      : `Child run ${detail.child_id ?? ''} completed in ${took}`;
  }
}

// Draws what is still going on at the end of the axis: a wait for a retry, or a timer,
// signal or child that has not finished (cut short if the run ended first).
function closeRow(row, end, terminal) {
  const state = terminal ? 'stopped' : 'running';
  const { open } = row;
  if (open) {
    const type = row.type === 'activity' ? 'attempt' : row.type;
    addSegment(row, type, state, open.from, end, openTip(row, terminal));
  } else if (row.type === 'activity' && row.state === 'running' && row.idleSince !== null && !terminal) {
    const when = row.retryAt ? ` at ${preciseTimeFormat.format(new Date(row.retryAt))}` : '';
    addSegment(row, 'gap', 'waiting', row.idleSince, end, `Waiting to retry${when}`);
  }
  if (open) row.state = state;
}

function openTip(row, terminal) {
  const { open } = row;
  const status = terminal ? 'Stopped when the run ended' : 'In progress';
  if (row.type === 'timer' && open.fireAt) {
    return `${status}: sleeping until ${dateTimeFormat.format(new Date(open.fireAt))}`;
  }
  if (row.type === 'signal') return `${status}: waiting for signal "${row.step}"`;
  if (row.type === 'child') return `${status}: child run ${open.childId ?? ''}`;
  return `${status}: attempt ${open.attempt}`;
}

function renderTimeline({ start, end, rows }) {
  const scale = (at) => Math.min(Math.max(((at - start) / (end - start)) * 100, 0), 100);
  const visible = rows.slice(0, MAX_TIMELINE_ROWS);
  rerender(ui.timeline, rows.length === 0 ? [el('p', { class: 'muted' }, 'No steps yet.')] : [
    timelineAxis(end - start),
    el('ol', { class: 'timeline-rows' }, ...visible.map((row) => timelineRow(row, scale))),
  ]);
  ui.timelineNote.textContent = rows.length > visible.length
    ? `Showing the first ${visible.length} of ${rows.length} steps; the history below lists every event.`
    : '';
}

function timelineAxis(span) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
    const label = fraction === 0 ? 'start' : `+${formatDuration(span * fraction)}`;
    return place(el('span', { class: 'tick' }, label), fraction * 100);
  });
  return el('div', { class: 'timeline-axis', 'aria-hidden': 'true' },
    el('span'), el('div', { class: 'axis-track' }, ...ticks));
}

function timelineRow(row, scale) {
  const track = el('div', { class: 'track' });
  const first = row.segments[0];
  const last = row.segments.at(-1);
  if (first) track.append(place(el('span', { class: `row-span ${row.state}` }), scale(first.from), scale(last.to)));
  for (const segment of row.segments) track.append(segmentElement(segment, scale));
  return el('li', { class: `timeline-row ${row.type}`, dataset: { position: row.position, step: row.step } },
    el('span', { class: 'row-label', title: row.label }, row.label), track);
}

function segmentElement(segment, scale) {
  const left = scale(segment.from);
  // The tooltip (CSS, from data-tip) opens towards the middle so it stays on screen.
  const node = el('span', {
    class: `segment ${segment.type} ${segment.state}${left > 50 ? ' tip-end' : ''}`,
    tabindex: 0, role: 'img', 'aria-label': segment.tip,
    dataset: { tip: segment.tip, focusKey: segment.key },
  });
  return place(node, left, scale(segment.to));
}

// Positions are set through the CSSOM: the CSP blocks style attributes in markup.
function place(node, left, right = null) {
  node.style.left = `${left}%`;
  if (right !== null) node.style.width = `${Math.max(right - left, 0)}%`;
  return node;
}

// ---- Documents ------------------------------------------------------------------------
// Shown when the server has the product's document routes (an engine alone has none).

async function probeDocuments() {
  try {
    await api('/v1/documents?limit=1');
    ui.documentsLink.hidden = false;
  } catch (error) {
    ui.documentsLink.hidden = true;
    if (error.status === 401) reportError(error);
  }
}

const documentPath = (id) => `/v1/documents/${encodeURIComponent(id)}`;

function showDocuments() {
  showView('documentsView');
  document.title = 'Documents · Loyalty Maximizer';
  loadDocuments();
}

async function loadDocuments() {
  const token = stopLoads();
  try {
    const { documents } = await api('/v1/documents?limit=500');
    if (!isCurrent(token)) return;
    rerender(ui.documentsBody, documents.map(documentRow));
    ui.documentsEmpty.hidden = documents.length > 0;
    clearError('refresh');
  } catch (error) {
    if (isCurrent(token)) reportError(error, 'refresh');
  } finally {
    if (isCurrent(token) && ui.liveRefresh.checked) scheduleRefresh(token, loadDocuments);
  }
}

function documentRow(doc) {
  const href = `#/documents/${encodeURIComponent(doc.id)}`;
  return el('tr', { dataset: { documentId: doc.id } },
    el('td', {}, statusBadge(doc.status)),
    el('td', {}, el('a', { href, dataset: { focusKey: `document:${doc.id}` } }, doc.name)),
    el('td', {}, doc.kind ?? '–'),
    el('td', { class: 'num' }, String(doc.facts?.loaded ?? 0)),
    el('td', { class: 'num' }, String(doc.facts?.held ?? 0)),
    el('td', { class: 'num' }, String(doc.facts?.rejected ?? 0)),
    el('td', {}, doc.run_id ? runLink(doc.run_id) : '–'));
}

function showDocument(id) {
  showView('documentView');
  document.title = `Document · Loyalty Maximizer`;
  if (shown.documentId !== id) {
    shown.documentId = id;
    ui.documentName.textContent = id;
    for (const node of [ui.documentSummary, ui.documentError, ui.heldBody]) node.replaceChildren();
    ui.heldSection.hidden = true;
  }
  loadDocument();
}

async function loadDocument() {
  const token = stopLoads();
  try {
    const doc = await api(documentPath(shown.documentId));
    if (!isCurrent(token)) return;
    renderDocument(doc);
    clearError('refresh');
    if (TERMINAL.has(doc.status)) return;
  } catch (error) {
    if (isCurrent(token)) reportError(error, 'refresh');
  }
  if (isCurrent(token) && ui.liveRefresh.checked) scheduleRefresh(token, loadDocument);
}

function renderDocument(doc) {
  document.title = `${doc.name} · Loyalty Maximizer`;
  ui.documentName.textContent = doc.name;
  setBadge(ui.documentStatus, doc.status);
  const facts = doc.facts ?? {};
  const rows = [
    ['SHA-256', el('code', {}, doc.sha256)],
    ['Kind', doc.kind ?? '–'],
    ['Size', `${doc.size} bytes`],
    ['Run', doc.run_id ? runLink(doc.run_id) : '–'],
    ['Facts', `${facts.extracted ?? 0} extracted, ${facts.loaded ?? 0} loaded, ${facts.held ?? 0} held, ${facts.rejected ?? 0} rejected`],
    ['Updated', timeElement(doc.updated_at)],
  ];
  ui.documentSummary.replaceChildren(...rows.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
  ui.documentError.textContent = doc.error ? errorMessage(doc.error) : '';
  const held = doc.status === 'awaiting_approval' ? (doc.held ?? []) : [];
  ui.heldSection.hidden = held.length === 0;
  // Keep the curator's ticks across refreshes: only rebuild when the held set changes.
  const ids = held.map((fact) => fact.id).join(',');
  if (ui.heldBody.dataset.ids !== ids) {
    ui.heldBody.dataset.ids = ids;
    ui.heldBody.replaceChildren(...held.map(heldRow));
  }
}

function heldRow(fact) {
  const label = `Approve ${fact.id}`;
  return el('tr', { dataset: { factId: fact.id } },
    el('td', {}, el('input', { type: 'checkbox', value: fact.id, 'aria-label': label })),
    el('td', {}, fact.category),
    el('td', {}, ...factCells(fact.fact)),
    el('td', {}, fact.reasons.length ? fact.reasons.join('; ') : 'every fact waits for approval'));
}

// The fact's own fields, then where it was read (section and page), not the raw provenance.
function factCells({ source, ...fields }) {
  const where = [source?.section, source?.page && `page ${source.page}`].filter(Boolean).join(', ');
  return [el('code', { class: 'fact' }, JSON.stringify(fields)), where ? el('div', { class: 'muted' }, `From ${where}`) : ''];
}

async function decide(button, decision, body) {
  await runAction(button, async () => {
    await api(`${documentPath(shown.documentId)}/${decision}`, { method: 'POST', body });
    showNotice(decision === 'approve' ? 'Approved: the run goes on.' : 'Rejected: the run goes on without them.');
    reloadView();
  });
}

function approveSelected() {
  const facts = [...ui.heldBody.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
  if (facts.length === 0) {
    showError('Tick the facts to approve, or use Approve all / Reject all.');
    return;
  }
  decide(ui.approveSelected, 'approve', { facts });
}

// ---- Small helpers --------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, String(value));
  }
  node.append(...children);
  return node;
}

// Replaces a container's content, keeping keyboard focus on the element that stands for
// the same thing (same data-focus-key) so a periodic refresh does not throw the user out.
function rerender(container, children) {
  const focused = document.activeElement;
  const key = container.contains(focused) ? focused.dataset.focusKey : undefined;
  container.replaceChildren(...children);
  if (key) container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}

function runLink(id) {
  const href = `#/runs/${encodeURIComponent(id)}`;
  return el('a', { class: 'run-link', href, dataset: { focusKey: `run:${id}` } }, id);
}

function statusBadge(status) {
  return setBadge(el('span'), status);
}

function setBadge(node, status) {
  node.className = `badge status-${status}`;
  node.textContent = status;
  return node;
}

function timeElement(iso, format = dateTimeFormat) {
  return el('time', { datetime: iso }, format.format(new Date(iso)));
}

const msTime = (ms) => (Number.isFinite(ms) ? timeElement(new Date(ms).toISOString()) : 'an unknown time');

function runDuration(run, now) {
  const end = TERMINAL.has(run.status) ? Date.parse(run.updated_at) : now;
  return end - Date.parse(run.created_at);
}

function errorMessage(error) {
  if (!error) return 'unknown error';
  return error.message ?? JSON.stringify(error);
}

const pad = (number) => String(number).padStart(2, '0');

function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad(Math.floor(seconds % 60))}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

function debounce(action, ms) {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(action, ms);
  };
}

// ---- Start ----------------------------------------------------------------------------

function bindEvents() {
  window.addEventListener('hashchange', route);
  ui.loginForm.addEventListener('submit', submitLogin);
  ui.logout.addEventListener('click', () => logOut());
  ui.filters.addEventListener('submit', (event) => {
    event.preventDefault();
    filtersChanged();
  });
  ui.status.addEventListener('change', filtersChanged);
  ui.workflow.addEventListener('change', filtersChanged);
  ui.search.addEventListener('input', debounce(filtersChanged, SEARCH_DEBOUNCE_MS));
  ui.liveRefresh.addEventListener('change', () => (ui.liveRefresh.checked ? loadRuns() : clearTimeout(loads.timer)));
  ui.prevPage.addEventListener('click', () => turnPage(false));
  ui.nextPage.addEventListener('click', () => turnPage(true));
  ui.redriveAll.addEventListener('click', redriveAllFailed);
  ui.retry.addEventListener('click', retryRun);
  ui.cancel.addEventListener('click', cancelRun);
  ui.signalForm.addEventListener('submit', sendSignal);
  ui.skipTimeline.addEventListener('click', () => ui.historyTitle.focus());
  ui.approveSelected.addEventListener('click', approveSelected);
  ui.approveAll.addEventListener('click', () => decide(ui.approveAll, 'approve'));
  ui.rejectAll.addEventListener('click', () => decide(ui.rejectAll, 'reject'));
}

async function start() {
  bindEvents();
  if (!session.key) {
    logOut();
    return;
  }
  try {
    await signIn(session.key);
  } catch (error) {
    logOut(error.message);
  }
}

start();
