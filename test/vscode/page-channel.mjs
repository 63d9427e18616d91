// The runner's end of the page channel: the suite runs in the extension host
// and cannot reach the browser that shows the workbench, so it asks the runner
// through files. The suite writes request-<id>.json ({id, verb, args}) into the
// folder named by NNLAB_PAGE_CHANNEL; the runner polls the folder, acts on the
// Playwright page, and writes answer-<id>.json ({id, ok, result | error}).
// Both sides write a temporary file and rename it, so neither reads half a file.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pngStats } from './png-stats.mjs';
import { ROOT } from './tools.mjs';

/** The environment variable that tells the suite where the channel's folder is. */
export const CHANNEL_VARIABLE = 'NNLAB_PAGE_CHANNEL';
/** Where screenshots the suite asks for are written (git-ignored); emptied at the start of each run. */
export const SCREENSHOTS = join(ROOT, 'test/vscode/.out/screenshots');

const POLL_MS = 50;
/** One wheel event's delta; the notebook list moves by its own step whatever the delta. */
const WHEEL_PIXELS = 50;
/** How long the list may take to move after a wheel event; if it has not moved by then, it is at its end. */
const WHEEL_SETTLE_MS = 1000;
/** The list counts as settled when its offset holds for this long. */
const STILL_MS = 50;
/** The period of the injected timer: a tick later than this shows a busy page. */
const LAG_PERIOD_MS = 50;

/** Makes the channel's folder inside the run folder, empties SCREENSHOTS, and returns the folder's path. */
export function makeChannelFolder(runRoot) {
  const folder = join(runRoot, 'page-channel');
  mkdirSync(folder, { recursive: true });
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return folder;
}

/**
 * Answers the suite's requests on `page` until stop() is called; stop()
 * returns the paths of the screenshots written, for the run's closing summary.
 */
export function servePageChannel(page, folder) {
  const written = [];
  const verbs = {
    screenshot: (args) => screenshot(page, args, written),
    scroll: (args) => scroll(page, args),
    lagStart: () => lagStart(page),
    lagStop: () => lagStop(page),
    click: (args) => click(page, args),
    findText: (args) => findText(page, args),
  };
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      for (const name of readdirSync(folder).filter((entry) => /^request-.+\.json$/.test(entry)).sort()) {
        await answer(folder, name, verbs);
      }
    } catch (error) {
      // The suite then times out on its request and says so; the runner keeps serving.
      console.log(`[page channel] ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      busy = false;
    }
  }, POLL_MS);
  return {
    stop() {
      clearInterval(timer);
      return written;
    },
  };
}

async function answer(folder, name, verbs) {
  const path = join(folder, name);
  let request;
  try {
    request = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.log(`[page channel] unreadable request ${name}: ${error.message}`);
    rmSync(path, { force: true });
    return;
  }
  rmSync(path, { force: true });
  const verb = verbs[request.verb];
  let reply;
  try {
    if (!verb) throw new Error(`unknown verb '${request.verb}' (known: ${Object.keys(verbs).join(', ')})`);
    reply = { id: request.id, ok: true, result: (await verb(request.args ?? {})) ?? null };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const temporary = join(folder, `.answer-${request.id}.tmp`);
  writeFileSync(temporary, JSON.stringify(reply));
  renameSync(temporary, join(folder, `answer-${request.id}.json`));
}

/** How long the element a click is for may take to appear. */
const CLICK_WAIT_MS = 8000;

/**
 * Clicks the first visible element matching the CSS `selector` whose text
 * starts with `text` (a workbench button whose label is followed by its
 * keybinding, say), once it has appeared.
 */
async function click(page, { selector, text }) {
  if (typeof selector !== 'string' || typeof text !== 'string' || text === '') throw new Error(`click needs a selector and some text, not ${JSON.stringify({ selector, text })}`);
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const target = page.locator(selector, { hasText: new RegExp(`^\\s*${escaped}`) }).first();
  await target.waitFor({ state: 'visible', timeout: CLICK_WAIT_MS });
  await target.click();
}

/** Whether a visible element shows `text` within `timeoutMs` (a notification, say). */
async function findText(page, { text, timeoutMs }) {
  if (typeof text !== 'string' || text === '') throw new Error(`findText needs some text, not ${JSON.stringify(text)}`);
  const found = await page
    .getByText(text, { exact: false })
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs })
    .then(() => true, () => false);
  return { found };
}

/** Writes the page as it is now to SCREENSHOTS/<name>.png and returns its path, size and colour statistics. */
async function screenshot(page, { name }, written) {
  if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) throw new Error(`a screenshot needs a file name of letters, digits, '.', '-' or '_', not ${JSON.stringify(name)}`);
  const path = join(SCREENSHOTS, `${name}.png`);
  const png = await page.screenshot({ path });
  written.push(path);
  return { path, bytes: png.length, ...pngStats(png) };
}

/**
 * Scrolls the visible notebook down by about `pixels` with the mouse wheel,
 * over the left edge of the editor area, where the cell list (not an output's
 * webview) takes the wheel. The list moves a fixed step per wheel event
 * whatever its delta, so one turn measures the step and the rest follow at
 * once; returns how far the list moved (less at the notebook's end).
 */
async function scroll(page, { pixels }) {
  if (!Number.isFinite(pixels) || pixels <= 0) throw new Error(`scroll needs a positive number of pixels, not ${JSON.stringify(pixels)}`);
  const box = await page.locator('.part.editor').boundingBox();
  if (!box) throw new Error('the workbench shows no editor area');
  const point = { x: box.x + 24, y: box.y + box.height / 2 };
  await page.mouse.move(point.x, point.y);
  const start = await notebookScrollTop(page, point);
  await page.mouse.wheel(0, WHEEL_PIXELS);
  const first = await settledTop(page, point, start);
  const step = first - start;
  if (step <= 0) return { moved: 0 };
  for (let turned = step; turned < pixels; turned += step) await page.mouse.wheel(0, WHEEL_PIXELS);
  return { moved: (await settledTop(page, point, first)) - start };
}

/**
 * The list's offset once it has moved from `top` and then held still for a
 * moment; `top` itself when it does not move within WHEEL_SETTLE_MS (the
 * notebook's end).
 */
async function settledTop(page, point, top) {
  const deadline = Date.now() + WHEEL_SETTLE_MS;
  let last = top;
  let moved = false;
  while (Date.now() < deadline) {
    await page.waitForTimeout(STILL_MS);
    const now = await notebookScrollTop(page, point);
    if (moved && now === last) return now;
    moved ||= now !== top;
    last = now;
  }
  return last;
}

/**
 * How far the cell list of the notebook under `point` is scrolled, read from
 * the offset of its rows. Notebooks in background tabs keep their lists in
 * the page, out of sight, so the one under the mouse is the one that counts.
 */
async function notebookScrollTop(page, point) {
  const top = await page.evaluate(({ x, y }) => {
    const rows = document.elementFromPoint(x, y)?.closest('.notebook-editor')?.querySelector('.monaco-list-rows');
    return rows instanceof HTMLElement ? -parseFloat(rows.style.top || '0') : undefined;
  }, point);
  if (top === undefined) throw new Error('no notebook under the mouse to scroll');
  return top;
}

/**
 * Starts the probe in the workbench page and in every frame inside it (the
 * notebook's output webview draws the charts in frames of its own).
 */
async function lagStart(page) {
  await Promise.all(page.frames().map((frame) => frame.evaluate(startLagProbe, LAG_PERIOD_MS).catch(() => undefined)));
}

/**
 * Stops the probes and returns the workbench page's figures, with each
 * other frame's (its URL's last path segment, its figures) under `frames`.
 */
async function lagStop(page) {
  const measured = await Promise.all(
    page.frames().map(async (frame) => ({ frame, lag: await frame.evaluate(stopLagProbe).catch(() => undefined) })),
  );
  const main = measured.find(({ frame }) => frame === page.mainFrame())?.lag;
  if (!main) throw new Error('lagStop without lagStart');
  const frames = measured
    .filter(({ frame, lag }) => frame !== page.mainFrame() && lag)
    .map(({ frame, lag }) => ({ frame: new URL(frame.url()).pathname.split('/').pop() || frame.url(), ...lag }));
  return { ...main, frames };
}

/**
 * Runs in a page or frame: a timer every `period` ms that records how late
 * each tick comes. A page whose main thread is busy (layout, a long message
 * handler) delays the tick; that delay is what a user feels as a stuck window.
 */
function startLagProbe(period) {
  const probe = { lates: [], timer: 0, expected: performance.now() + period };
  probe.timer = setInterval(() => {
    const now = performance.now();
    probe.lates.push(Math.max(0, now - probe.expected));
    probe.expected = now + period;
  }, period);
  clearInterval(globalThis.nnlabLagProbe?.timer);
  globalThis.nnlabLagProbe = probe;
}

/** Runs in a page or frame: stops the probe and returns its figures in milliseconds (undefined where none runs). */
function stopLagProbe() {
  const probe = globalThis.nnlabLagProbe;
  if (!probe) return undefined;
  clearInterval(probe.timer);
  delete globalThis.nnlabLagProbe;
  const sorted = [...probe.lates].sort((a, b) => a - b);
  const at = (fraction) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
  return { ticks: sorted.length, max: at(1), p99: at(0.99), median: at(0.5) };
}
