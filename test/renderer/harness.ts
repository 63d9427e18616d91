import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * What the renderer's browser tests share: a local HTTP server for the test
 * page, the built bundle and the recorded fixtures, and Debian's Chromium
 * driven by playwright-core. test/renderer/run.mjs builds the bundle and
 * passes its paths in the environment.
 */

const ROOT = process.env.NNLAB_TEST_ROOT ?? process.cwd();
const BUNDLE = process.env.NNLAB_RENDERER_BUNDLE ?? join(ROOT, 'dist/renderer.js');
const CHROMIUM = process.env.NNLAB_CHROMIUM ?? '/usr/bin/chromium';
export const OUT = join(ROOT, 'test/renderer/out');

/** The flags a closed network and a root sandbox need: no sandbox, no GPU, no calls home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type ThemeKind = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast';

export interface Harness {
  readonly url: string;
  /** A fresh page with the renderer activated, at this viewport and theme. */
  page(options?: { width?: number; height?: number; theme?: ThemeKind }): Promise<Page>;
  /** Requests that did not go to the local server, page errors and console errors so far. */
  readonly problems: string[];
  close(): Promise<void>;
}

function serve(): Promise<Server> {
  const files: Record<string, { path: string; type: string }> = {
    '/': { path: join(ROOT, 'test/renderer/page.html'), type: 'text/html; charset=utf-8' },
    '/renderer.js': { path: BUNDLE, type: 'text/javascript; charset=utf-8' },
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const fixture = /^\/fixtures\/([\w-]+)\.json$/.exec(path);
    const file = fixture ? { path: normalize(join(ROOT, 'test/renderer/fixtures', `${fixture[1]}.json`)), type: 'application/json' } : files[path];
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    try {
      response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(readFileSync(file.path));
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Starts the server and Chromium (a fresh profile, HOME and temp folders in a scratch directory). */
export async function startHarness(): Promise<Harness> {
  const server = await serve();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const scratch = mkdtempSync(join(tmpdir(), 'nnlab-chromium-'));
  for (const dir of ['home', 'tmp', 'config', 'cache', 'data', 'profile']) mkdirSync(join(scratch, dir));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      env: {
        ...process.env,
        HOME: join(scratch, 'home'),
        TMPDIR: join(scratch, 'tmp'),
        XDG_CONFIG_HOME: join(scratch, 'config'),
        XDG_CACHE_HOME: join(scratch, 'cache'),
        XDG_DATA_HOME: join(scratch, 'data'),
      },
      viewport: { width: 1000, height: 800 },
      deviceScaleFactor: 1,
    });
  } catch (error) {
    server.close();
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`could not start ${CHROMIUM} (run scripts/setup-browser.sh): ${error instanceof Error ? error.message : String(error)}`);
  }
  const problems: string[] = [];
  context.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith(url) && !target.startsWith('data:') && !target.startsWith('blob:')) problems.push(`request to ${target}`);
  });
  // The persistent context opens with one blank page; tests use their own.
  for (const blank of context.pages()) await blank.close();
  return {
    url,
    problems,
    async page({ width = 1000, height = 800, theme = 'vscode-light' } = {}) {
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      await page.setViewportSize({ width, height });
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
      await page.evaluate((kind) => {
        document.body.className = kind;
      }, theme);
      return page;
    },
    async close() {
      await context.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** A recorded fixture: a notebook's cells, or live.json's snapshots. */
export function fixture(name: string): {
  notebook?: string;
  cells?: { index: number; result: unknown }[];
  snapshots?: { index: number; result: unknown }[];
  compare?: { index: number; result: unknown };
} {
  return JSON.parse(readFileSync(join(ROOT, 'test/renderer/fixtures', `${name}.json`), 'utf8'));
}

/** The result of the first recorded cell whose outputs include `kind`. */
export function cellWith(name: string, kind: string): unknown {
  const cells = fixture(name).cells ?? [];
  const cell = cells.find((c) => (c.result as { outputs: { kind: string }[] }).outputs.some((o) => o.kind === kind));
  if (cell === undefined) throw new Error(`fixture ${name} has no cell with a ${kind} output`);
  return cell.result;
}

/** Renders a payload as output item `id` and waits two frames. */
export async function render(page: Page, id: string, payload: unknown): Promise<void> {
  await page.evaluate(async ([key, value]) => {
    await (window as unknown as { nnlab: { render(id: string, payload: unknown): Promise<string> } }).nnlab.render(key as string, value);
  }, [id, payload] as const);
}

/** Pixel counts of a canvas: drawn (any alpha), and coloured (saturated: data series rather than grey axes and text). */
export interface CanvasPixels {
  readonly width: number;
  readonly height: number;
  readonly drawn: number;
  readonly colored: number;
  /** A cheap fingerprint of the pixels, to tell whether a redraw changed them. */
  readonly hash: number;
}

/** Reads back every visible chart canvas under `selector`, keyed by data-chart name and serial. */
export async function chartPixels(page: Page, selector: string): Promise<{ name: string; serial: string; label: string; role: string; pixels: CanvasPixels }[]> {
  return page.$$eval(`${selector} figure.nnlab-chart:not([hidden]) canvas`, (canvases) =>
    canvases.map((node) => {
      const canvas = node as HTMLCanvasElement;
      const context = canvas.getContext('2d');
      const { width, height } = canvas;
      const data = context && width > 0 && height > 0 ? context.getImageData(0, 0, width, height).data : new Uint8ClampedArray();
      let drawn = 0;
      let colored = 0;
      let hash = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a === 0) continue;
        drawn++;
        if (a > 96 && Math.max(r, g, b) - Math.min(r, g, b) > 60) colored++;
        hash = (hash * 31 + r * 7 + g * 13 + b * 17 + a + i) % 1_000_000_007;
      }
      return {
        name: canvas.closest('figure')?.dataset.chart ?? '',
        serial: canvas.dataset.chartSerial ?? '',
        label: canvas.getAttribute('aria-label') ?? '',
        role: canvas.getAttribute('role') ?? '',
        pixels: { width, height, drawn, colored, hash },
      };
    }),
  );
}

/** Mean and variance of the luminance of a PNG, decoded by the page itself. */
export async function imageStats(page: Page, png: Buffer): Promise<{ mean: number; variance: number; width: number; height: number }> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let squares = 0;
    const count = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const luminance = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      sum += luminance;
      squares += luminance * luminance;
    }
    const mean = sum / count;
    return { mean, variance: squares / count - mean * mean, width: canvas.width, height: canvas.height };
  }, png.toString('base64'));
}
