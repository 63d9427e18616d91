import type { SessionHost } from '../session/host';
import { readCharText, readMnistDigit, readTextFile } from './assets';
import { ConfinedPaths, type ConfinementOptions } from './confined-paths';
import { gradientThreads } from './gradient-threads';

/**
 * A session host on Node's file system: paths in a notebook are relative to
 * the notebook's folder, and every file it reads or writes must lie inside
 * `options.roots` (default: that folder alone) once `..` and symbolic links
 * are followed; helper threads run dist/gradient-thread.js beside the bundle
 * that uses the host.
 */
export function createNodeHost(notebookFolder: string, options: Omit<ConfinementOptions, 'base'> = {}): SessionHost {
  const files = new ConfinedPaths({ ...options, base: notebookFolder });
  return {
    readText: (path) => readTextFile(files.check(path, 'read')),
    readBytes: (path) => new Uint8Array(files.read(path)),
    writeBytes: (path, bytes) => files.write(path, bytes),
    readMnistDigit,
    readCharText,
    gradientThreads: (spec, threads) => gradientThreads(spec, threads),
  };
}
