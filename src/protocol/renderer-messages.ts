import type { SourceLocation } from './cell-output';

/**
 * Messages between the notebook renderer (webview/renderer.ts) and the
 * extension, carried by the renderer context's `postMessage` and the
 * extension's `NotebookRendererMessaging` for {@link RENDERER_ID}.
 *
 * While a cell trains, its live snapshots travel as {@link LiveMessage}s
 * rather than as rewrites of the cell's output: the output names the run
 * (`stream.run` in its payload), the renderer drawing it sends
 * {@link SubscribeMessage} to get the newest snapshot at once, and answers
 * each snapshot it has drawn with {@link DrawnMessage}.
 */

/** The `id` of the notebook renderer contribution that draws `application/vnd.nnlab.run+json`. */
export const RENDERER_ID = 'nnlab.run-renderer';

/**
 * Asks the extension to show a place in the notebook: the declaration a
 * diagnostic is about, or the text of a cell problem. `location.cell` is the
 * cell's index in the notebook, markdown cells counted; `start`/`end` are
 * offsets into that cell's text.
 */
export interface RevealMessage {
  readonly type: 'reveal';
  readonly location: SourceLocation;
}

/** A renderer has a training cell's output on screen and wants its newest snapshot. */
export interface SubscribeMessage {
  readonly type: 'subscribe';
  readonly run: string;
}

/** A renderer has drawn the snapshot `sequence` of `run`; the extension may send the next one. */
export interface DrawnMessage {
  readonly type: 'drawn';
  readonly run: string;
  readonly sequence: number;
}

/** Everything the renderer sends to the extension. */
export type RendererMessage = RevealMessage | SubscribeMessage | DrawnMessage;

/**
 * A training cell's newest snapshot, sent by the extension. `json` is the
 * {@link LiveCellPayload} as the output item would hold it (NaN and
 * ±Infinity written as strings), so the renderer reads both the same way.
 */
export interface LiveMessage {
  readonly type: 'live';
  readonly run: string;
  /** Counts up from 1 within a run; a renderer never draws an older snapshot over a newer one. */
  readonly sequence: number;
  readonly json: string;
}

/** Longest run id accepted in a message: ids are UUIDs (36 characters). */
const RUN_ID_LIMIT = 64;

/** True for a plausible run id: a short string of letters, digits and dashes. */
export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= RUN_ID_LIMIT && /^[\w-]+$/.test(value);
}

/**
 * True when `value` is a well-formed {@link RendererMessage}. The extension
 * checks with this before acting, because a webview's messages are untrusted.
 */
export function isRendererMessage(value: unknown): value is RendererMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; location?: unknown; run?: unknown; sequence?: unknown };
  switch (message.type) {
    case 'reveal':
      return isLocation(message.location);
    case 'subscribe':
      return isRunId(message.run);
    case 'drawn':
      return isRunId(message.run) && isCount(message.sequence);
    default:
      return false;
  }
}

/** True when `value` is a well-formed {@link LiveMessage}. */
export function isLiveMessage(value: unknown): value is LiveMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; run?: unknown; sequence?: unknown; json?: unknown };
  return message.type === 'live' && isRunId(message.run) && isCount(message.sequence) && typeof message.json === 'string';
}

function isLocation(value: unknown): value is SourceLocation {
  if (typeof value !== 'object' || value === null) return false;
  const location = value as Record<string, unknown>;
  const counts = ['cell', 'start', 'end', 'line', 'column'].every((key) => isCount(location[key]));
  return counts && (location.start as number) <= (location.end as number);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
