/**
 * The suite's end of the page channel (test/vscode/page-channel.mjs is the
 * runner's): the extension host cannot reach the browser that shows the
 * workbench, so a test asks the runner, which holds the Playwright page, by
 * writing request files into the folder named by NNLAB_PAGE_CHANNEL and
 * waiting for the answer file.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssertionError } from './runner';

/** What the runner does on the page, with the arguments and answer of each. */
export interface PageVerbs {
  /** Writes the window as it is now to the runner's screenshot folder as <name>.png. */
  screenshot: { args: { name: string }; result: ScreenshotResult };
  /** Scrolls the visible notebook down by about `pixels` with the mouse wheel; answers how far it moved. */
  scroll: { args: { pixels: number }; result: { moved: number } };
  /** Starts a 50 ms timer in the workbench page that records how late each tick is. */
  lagStart: { args: Record<string, never>; result: null };
  /** Stops that timer and returns its figures. */
  lagStop: { args: Record<string, never>; result: PageLag };
  /** Waits for the first visible element matching the CSS `selector` whose text starts with `text`, and clicks it. */
  click: { args: { selector: string; text: string }; result: null };
  /** Whether a visible element of the page shows `text` within `timeoutMs`. */
  findText: { args: { text: string; timeoutMs: number }; result: { found: boolean } };
}

/** A screenshot as written: its file, size, distinct colours and brightness spread (0–255). */
export interface ScreenshotResult {
  readonly path: string;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
  readonly colours: number;
  readonly luminanceSpread: number;
}

/** How late a 50 ms timer ticked, in milliseconds. */
export interface TimerLag {
  readonly ticks: number;
  readonly max: number;
  readonly p99: number;
  readonly median: number;
}

/** The workbench page's timer lag, and each frame's inside it (the output webview's among them), named by its URL's file. */
export interface PageLag extends TimerLag {
  readonly frames: readonly (TimerLag & { readonly frame: string })[];
}

const VARIABLE = 'NNLAB_PAGE_CHANNEL';
const POLL_MS = 20;
let lastId = 0;

/**
 * Why the page cannot be reached from this run, or undefined when a runner
 * serves the channel (under test-electron nothing does: the tests that need
 * the page say so and skip).
 */
export function pageChannelMissing(): string | undefined {
  const folder = process.env[VARIABLE];
  if (!folder) return `${VARIABLE} is not set: this runner does not serve the workbench page (only the code-server runner does)`;
  if (!existsSync(folder)) return `${VARIABLE} names ${folder}, which does not exist`;
  return undefined;
}

/** Asks the runner to do `verb` on the page; fails when it answers with an error or not within `timeoutMs`. */
export async function pageRequest<Verb extends keyof PageVerbs>(verb: Verb, args: PageVerbs[Verb]['args'], timeoutMs = 10_000): Promise<PageVerbs[Verb]['result']> {
  const missing = pageChannelMissing();
  if (missing) throw new AssertionError(`cannot ask the page to ${verb}: ${missing}`);
  const folder = process.env[VARIABLE] as string;
  lastId += 1;
  const id = `${process.pid}-${lastId}`;
  const request = join(folder, `request-${id}.json`);
  const answer = join(folder, `answer-${id}.json`);
  const temporary = join(folder, `.request-${id}.tmp`);
  writeFileSync(temporary, JSON.stringify({ id, verb, args }));
  renameSync(temporary, request);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(answer)) {
    if (Date.now() > deadline) {
      const unread = existsSync(request);
      rmSync(request, { force: true });
      throw new AssertionError(
        unread
          ? `no runner read the '${verb}' request within ${timeoutMs} ms (is anything polling ${folder}?)`
          : `the runner took the '${verb}' request but did not answer within ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const reply = JSON.parse(readFileSync(answer, 'utf8')) as { ok: boolean; result?: PageVerbs[Verb]['result']; error?: string };
  rmSync(answer, { force: true });
  if (!reply.ok) throw new AssertionError(`the page could not ${verb}: ${reply.error}`);
  return reply.result as PageVerbs[Verb]['result'];
}
