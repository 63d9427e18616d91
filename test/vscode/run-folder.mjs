// The folder of one test run, made anew under the system's temporary folder
// (short paths: code-server and Chromium put Unix sockets in it, and those
// paths are limited to 107 bytes): the workspace the window opens, and the
// home, temporary and XDG folders every program of the run gets, so nothing
// lands in the real home or the shared /tmp. A passing run removes it; a
// failing one keeps it, with the server's log and a screenshot, for a look.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, withoutNpmRunVariables } from './tools.mjs';

/** What the window opens: a copy of examples/ plus the test notebooks. */
export const WORKSPACE_SOURCES = [join(ROOT, 'examples'), join(ROOT, 'test/vscode/workspace')];

const FOLDERS = ['home', 'tmp', 'config', 'data', 'cache', 'state', 'runtime', 'user-data', 'extensions', 'chromium-profile', 'workspace'];

/** Makes a fresh run folder and its sub-folders; returns their paths by name, the run folder as `root`. */
export function makeRunFolders() {
  const root = mkdtempSync(join(tmpdir(), 'nnlab-vscode-'));
  const folders = { root, ...Object.fromEntries(FOLDERS.map((name) => [name, join(root, name)])) };
  for (const name of FOLDERS) mkdirSync(folders[name], { recursive: true, mode: 0o700 });
  for (const source of WORKSPACE_SOURCES) {
    if (!existsSync(source)) throw new Error(`workspace source ${source} is missing`);
    for (const entry of readdirSync(source)) cpSync(join(source, entry), join(folders.workspace, entry), { recursive: true });
  }
  // This process's own temporary files (Playwright's, test-electron's) stay in the run too.
  process.env.TMPDIR = folders.tmp;
  return folders;
}

/** Removes the run folder after a passing run; keeps it and says where after a failing one. */
export function finishRunFolder(folders, passed) {
  if (passed) rmSync(folders.root, { recursive: true, force: true });
  else console.log(`The run's folder is kept for a look (logs, screenshot, workspace): ${folders.root}`);
}

/** An environment that keeps a program out of the real home and /tmp. */
export function isolatedEnv(folders, extra = {}) {
  return {
    ...withoutNpmRunVariables(process.env),
    HOME: folders.home,
    TMPDIR: folders.tmp,
    XDG_CONFIG_HOME: folders.config,
    XDG_DATA_HOME: folders.data,
    XDG_CACHE_HOME: folders.cache,
    XDG_STATE_HOME: folders.state,
    XDG_RUNTIME_DIR: folders.runtime,
    ...extra,
  };
}
