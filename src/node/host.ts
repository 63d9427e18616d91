import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { SessionHost } from '../session/host';
import { readMnistDigit, readTextFile } from './assets';
import { gradientThreads } from './gradient-threads';

/**
 * A session host on Node's file system: paths in a notebook are relative to
 * the notebook's folder; helper threads run dist/gradient-thread.js beside
 * the bundle that uses the host.
 */
export function createNodeHost(notebookFolder: string): SessionHost {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(notebookFolder, path));
  return {
    readText: (path) => readTextFile(at(path)),
    readBytes: (path) => new Uint8Array(readFileSync(at(path))),
    writeBytes: (path, bytes) => {
      const target = at(path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    },
    readMnistDigit,
    gradientThreads: (spec, threads) => gradientThreads(spec, threads),
  };
}
