import type { SourceLocation } from './cell-output';

/**
 * Messages between the notebook renderer (webview/renderer.ts) and the
 * extension, carried by the renderer context's `postMessage` and the
 * extension's `NotebookRendererMessaging` for {@link RENDERER_ID}.
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

/** Everything the renderer sends to the extension. */
export type RendererMessage = RevealMessage;

/**
 * True when `value` is a well-formed {@link RendererMessage}. The extension
 * checks with this before acting, because a webview's messages are untrusted.
 */
export function isRendererMessage(value: unknown): value is RendererMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; location?: unknown };
  if (message.type !== 'reveal' || typeof message.location !== 'object' || message.location === null) return false;
  const location = message.location as Record<string, unknown>;
  const counts = ['cell', 'start', 'end', 'line', 'column'].every((key) => Number.isInteger(location[key]) && (location[key] as number) >= 0);
  return counts && (location.start as number) <= (location.end as number);
}
