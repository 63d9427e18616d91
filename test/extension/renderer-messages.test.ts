import { describe, expect, it } from 'vitest';
import { isLiveMessage, isRendererMessage } from '../../src/protocol/renderer-messages';

/** What the extension accepts from a webview (untrusted), and what the renderer accepts as a live snapshot. */

const RUN = '0f6d2c1e-8b7a-4e2b-9c3d-5a6b7c8d9e0f';

describe('isRendererMessage: subscribe and drawn', () => {
  it.each([
    [{ type: 'subscribe', run: RUN }, true],
    [{ type: 'subscribe', run: '' }, false],
    [{ type: 'subscribe', run: 'x'.repeat(65) }, false], // longer than any run id
    [{ type: 'subscribe', run: '../etc' }, false],
    [{ type: 'subscribe', run: 42 }, false],
    [{ type: 'drawn', run: RUN, sequence: 3 }, true],
    [{ type: 'drawn', run: RUN, sequence: -1 }, false],
    [{ type: 'drawn', run: RUN, sequence: 2.5 }, false],
    [{ type: 'drawn', run: RUN, sequence: Number.MAX_SAFE_INTEGER + 1 }, false],
    [{ type: 'drawn', run: RUN }, false],
    [{ type: 'live', run: RUN, sequence: 1, json: '{}' }, false], // the extension's own message, never the renderer's
  ])('%j → %s', (message, valid) => {
    expect(isRendererMessage(message)).toBe(valid);
  });
});

describe('isLiveMessage', () => {
  it.each([
    [{ type: 'live', run: RUN, sequence: 1, json: '{}' }, true],
    [{ type: 'live', run: RUN, sequence: 1 }, false],
    [{ type: 'live', run: RUN, sequence: '1', json: '{}' }, false],
    [{ type: 'live', run: 'a b', sequence: 1, json: '{}' }, false],
    [{ type: 'subscribe', run: RUN }, false],
    ['live', false],
  ])('%j → %s', (message, valid) => {
    expect(isLiveMessage(message)).toBe(valid);
  });
});
