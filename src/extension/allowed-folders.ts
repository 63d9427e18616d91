import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The folders a notebook may read and write files in: its workspace folder
 * (its own folder when it lies in none) and those `nnlab.files.allowedFolders`
 * adds. An added entry may be absolute, start with `~/` for the home folder,
 * or be relative to the workspace folder, as paths in VS Code's own settings
 * are; entries that are not text, or empty, are left out.
 */
export function allowedFolders(root: string, added: readonly unknown[]): string[] {
  const extra = added
    .filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '')
    .map((entry) => (entry === '~' || entry.startsWith('~/') ? join(homedir(), entry.slice(1)) : resolve(root, entry)));
  return [...new Set([root, ...extra])];
}
