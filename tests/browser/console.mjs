// Drives the web console in headless Chromium against a running `maximizer serve`:
// a run fails at step 3, the operator sees the failed attempts on the timeline, fixes the
// cause and clicks Retry, and the run completes without re-running steps 1 and 2; then a
// curator approves a document's held facts in the documents view.
//
// Environment: MAXIMIZER_URL, MAXIMIZER_API_KEY (admin), FIX_FILE (a path that does not
// exist yet), SCREENSHOT_DIR (an existing directory), CHROMIUM_PATH (optional).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const OVERALL_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 30_000;
const UI_TIMEOUT_MS = 15_000;

const missing = ['MAXIMIZER_URL', 'MAXIMIZER_API_KEY', 'FIX_FILE', 'SCREENSHOT_DIR'].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`console test failed: set ${missing.join(', ')}`);
  process.exit(1);
}

const config = {
  url: process.env.MAXIMIZER_URL.replace(/\/$/, ''),
  apiKey: process.env.MAXIMIZER_API_KEY,
  fixFile: process.env.FIX_FILE,
  screenshots: process.env.SCREENSHOT_DIR,
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
};

class TestFailure extends Error {}

function check(condition, message) {
  if (!condition) throw new TestFailure(message);
}

// ---- API ------------------------------------------------------------------------------

async function api(method, path, body) {
  const response = await fetch(`${config.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${config.apiKey}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  check(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

const startRun = (id, input) => api('POST', '/v1/runs', { workflow: 'kitchen-sink', id, input });

async function waitForStatus(id, status) {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const run = await api('GET', `/v1/runs/${id}`);
    if (run.status === status) return run;
    check(Date.now() < deadline, `run ${id} is ${run.status}, not ${status}, after ${RUN_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// ---- Browser --------------------------------------------------------------------------

// Problems the page reports on its own (script errors, CSP violations, unexpected
// dialogs) fail the test even when every visible check passes.
function watchPage(page, problems) {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      problems.push(`CSP violation: ${message.text()}`);
    }
  });
  page.on('dialog', (dialog) => {
    problems.push(`unexpected dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
}

async function screenshot(page, name) {
  await page.screenshot({ path: join(config.screenshots, name), fullPage: true });
}

async function logIn(page) {
  await page.goto(config.url);
  await page.fill('#api-key', config.apiKey);
  await page.click('#login-form button[type="submit"]');
  await page.waitForSelector('#runs-table', { state: 'visible' });
}

async function checkFailedFilter(page) {
  await page.selectOption('#filter-status', 'failed');
  // Wait for the filtered answer, not a render of the unfiltered list that preceded it.
  await page.waitForFunction(() =>
    document.querySelector('#runs-table tr[data-run-id="console-fails"] a.run-link') !== null
    && document.querySelector('#runs-table tr[data-run-id="console-ok"]') === null,
  null, { timeout: UI_TIMEOUT_MS }).catch(() => {
    throw new TestFailure('with the status filter "failed", the list should show console-fails and not console-ok');
  });
  await screenshot(page, 'runs-list.png');
}

async function checkFailedTimeline(page) {
  await page.click('#runs-table tr[data-run-id="console-fails"] a.run-link');
  await page.waitForSelector('#run-detail[data-status="failed"]', { timeout: UI_TIMEOUT_MS });
  const failedAttempts = await page.locator('#timeline [data-step="step-3"] .attempt.failed').count();
  check(failedAttempts >= 2, `the timeline shows ${failedAttempts} failed attempt(s) of step-3, expected at least 2`);
  check(await page.locator('#retry-button').isVisible(), 'the Retry button is not shown for a failed run');
  await screenshot(page, 'run-detail-failed.png');
}

async function fixAndRetry(page) {
  writeFileSync(config.fixFile, 'fixed by the console test\n');
  await page.click('#retry-button');
  await page.waitForSelector('#run-detail[data-status="completed"]', { timeout: RUN_TIMEOUT_MS }).catch(() => {
    throw new TestFailure(`console-fails did not show as completed within ${RUN_TIMEOUT_MS / 1000} s of Retry`);
  });
  const succeeded = await page.locator('#timeline [data-step="step-3"] .attempt.completed').count();
  check(succeeded === 1, `the timeline shows ${succeeded} successful attempt(s) of step-3, expected 1`);
  await screenshot(page, 'run-detail.png');
}

// A curator finds a document whose facts wait for approval, sees why, ticks the ones to
// keep and approves: the run goes on and the document completes.
const HELD_CHART = '# Alaska Mileage Plan: earning on Finnair\n\nEffective 1 March 2026.\n\n'
  + '| Fare class | Cabin | Earning |\n|---|---|---|\n| J, C, D | Business | 150% |\n'
  + '| Y, B, H | Economy | 100% |\n| Q | Economy | 450% |\n';

async function uploadDocument(name, text) {
  const form = new FormData();
  form.append('file', new Blob([text]), name);
  const response = await fetch(`${config.url}/v1/documents`, {
    method: 'POST', headers: { Authorization: `Bearer ${config.apiKey}` }, body: form,
  });
  const body = await response.text();
  check(response.status === 202, `upload answered ${response.status}: ${body}`);
  return JSON.parse(body).documents[0];
}

async function approveHeldFacts(page) {
  const { id } = await uploadDocument('alaska-finnair.md', HELD_CHART);
  await page.click('#documents-link');
  const row = `#documents-table tr[data-document-id="${id}"]`;
  await page.waitForSelector(`${row} .status-awaiting_approval`, { timeout: RUN_TIMEOUT_MS }).catch(() => {
    throw new TestFailure('the documents list does not show the upload awaiting approval');
  });
  await screenshot(page, 'documents-list.png');
  await page.click(`${row} a`);
  await page.waitForSelector('#held-table tbody tr', { timeout: UI_TIMEOUT_MS });
  const held = await page.locator('#held-table tbody tr').allTextContents();
  check(held.length === 1 && held[0].includes('450'), `held facts shown: ${JSON.stringify(held)}`);
  await page.check('#held-table tbody tr input[type="checkbox"]');
  await screenshot(page, 'document-held.png');
  await page.click('#approve-selected-button');
  await page.waitForSelector('#document-status.status-completed', { timeout: RUN_TIMEOUT_MS }).catch(() => {
    throw new TestFailure('the document did not complete after approval');
  });
  const doc = await api('GET', `/v1/documents/${id}`);
  check(doc.facts.rejected === 0 && doc.facts.loaded >= 3, `after approval: ${JSON.stringify(doc.facts)}`);
  await screenshot(page, 'document-approved.png');
}

// ---- The test -------------------------------------------------------------------------

async function checkHistory() {
  const { events } = await api('GET', '/v1/runs/console-fails/history');
  const count = (kind, step) => events.filter((event) => event.kind === kind && event.step === step).length;
  for (const step of ['step-1', 'step-2']) {
    const attempts = count('attempt_started', step);
    check(attempts === 1, `${step} started ${attempts} attempts, expected 1 (a redrive must not re-run it)`);
  }
  const completed = count('step_completed', 'step-3');
  check(completed === 1, `step-3 has ${completed} step_completed events after the retry, expected 1`);
}

async function main(browserRef) {
  await startRun('console-fails', {
    steps: 4, fail_at: 3, fail_times: 0, fail_unless_exists: config.fixFile, max_attempts: 2, retry_interval_ms: 50,
  });
  await startRun('console-ok', { steps: 3 });
  await Promise.all([waitForStatus('console-fails', 'failed'), waitForStatus('console-ok', 'completed')]);

  browserRef.browser = await chromium.launch({
    executablePath: config.chromium,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browserRef.browser.newPage({ viewport: { width: 1366, height: 768 } });
  const problems = [];
  watchPage(page, problems);

  await logIn(page);
  await checkFailedFilter(page);
  await checkFailedTimeline(page);
  await fixAndRetry(page);
  await checkHistory();
  await approveHeldFacts(page);
  check(problems.length === 0, problems.join('\n'));
}

async function run() {
  const browserRef = { browser: null };
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TestFailure(`timed out after ${OVERALL_TIMEOUT_MS / 1000} s`)), OVERALL_TIMEOUT_MS);
  });
  try {
    await Promise.race([main(browserRef), timeout]);
    console.log('console test passed');
  } catch (error) {
    console.error(`console test failed: ${error instanceof TestFailure ? error.message : error.stack}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(timer);
    await browserRef.browser?.close().catch(() => {});
  }
  // After a timeout, steps of main() may still be pending; they must not keep node alive.
  process.exit();
}

await run();
