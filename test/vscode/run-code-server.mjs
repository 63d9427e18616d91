// Runs the integration suite in a real VS Code workbench served by code-server
// and shown in headless Chromium: the same contract as @vscode/test-web. The
// URL's payload names the extension under development and the tests file; the
// workbench loads both into its Node extension host, calls the suite's run(),
// and reports the outcome through window.codeAutomationExit(code).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { CHANNEL_VARIABLE, makeChannelFolder, SCREENSHOTS, servePageChannel } from './page-channel.mjs';
import { finishRunFolder, isolatedEnv, makeRunFolders } from './run-folder.mjs';
import { CHROMIUM, codeServerEntry, node24 } from './tools.mjs';

const HEALTH_TIMEOUT_MS = 60_000;

/**
 * Starts code-server, opens the workbench with the suite, and resolves to the
 * suite's exit code (0 when every test passed). Throws when the session cannot
 * be brought up or times out; code-server's log tail is in the message.
 */
export async function runWithCodeServer({ extensionPath, suitePath, timeoutMs }) {
  const folders = makeRunFolders();
  const port = await freePort();
  // code-server's environment reaches the extension host, so the suite finds the page channel there.
  const channelFolder = makeChannelFolder(folders.root);
  const server = startCodeServer(folders, port, { [CHANNEL_VARIABLE]: channelFolder });
  let outcome;
  try {
    await waitForHealth(port, server, folders);
    outcome = await runInBrowser({ port, folders, extensionPath, suitePath, timeoutMs, channelFolder });
    return outcome;
  } finally {
    await stopProcessGroup(server);
    finishRunFolder(folders, outcome === 0);
  }
}

/**
 * User settings of the test window. VS Code in a browser saves after a delay
 * by default ('afterDelay'), desktop VS Code does not: without this, every
 * progress update of a training cell would save the notebook, which is not
 * what a desktop user sees. Workspace Trust is on, as for a user, and the
 * folder opens untrusted without the start-up question: the suite's first
 * tests see Restricted Mode, and the last of them trusts the folder through
 * VS Code's own dialog. The rest keeps the offline window quiet.
 */
const USER_SETTINGS = {
  'files.autoSave': 'off',
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'workbench.startupEditor': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
};

function startCodeServer(folders, port, extraEnv) {
  const workspace = folders.workspace;
  const config = join(folders.root, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  mkdirSync(join(folders['user-data'], 'User'), { recursive: true });
  writeFileSync(join(folders['user-data'], 'User/settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  const args = [
    codeServerEntry,
    '--config', config,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', folders['user-data'],
    '--extensions-dir', folders.extensions,
    // Without the smoke-test driver the workbench ignores the payload and the extension never loads.
    '--vscode-option', 'enable-smoke-test-driver',
    workspace,
  ];
  const out = createWriteStream(logFile(folders));
  // detached: the server runs in a session of its own (setsid(2)), so its
  // file watcher and other children can be stopped together as one group.
  const server = spawn(node24.node, args, {
    cwd: workspace,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: isolatedEnv(folders, { PATH: `${node24.bin}:${process.env.PATH}`, ...extraEnv }),
  });
  server.stdout.pipe(out);
  server.stderr.pipe(out);
  server.exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(code ?? signal)));
  // An interrupted run (Ctrl-C, a CI time-out) must not leave the server behind.
  const killGroup = () => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // Already stopped.
    }
  };
  process.once('exit', killGroup);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
  server.forget = () => process.off('exit', killGroup);
  return server;
}

function logFile(folders) {
  return join(folders.root, 'code-server.log');
}

async function waitForHealth(port, server, folders) {
  const log = logFile(folders);
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let exited;
  server.exited.then((how) => (exited = how));
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`code-server exited (${exited}) before it was healthy:\n${tail(log)}`);
    if (await healthy(port)) return;
    await sleep(250);
  }
  throw new Error(`code-server did not answer /healthz within ${HEALTH_TIMEOUT_MS / 1000} s:\n${tail(log)}`);
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function runInBrowser({ port, folders, extensionPath, suitePath, timeoutMs, channelFolder }) {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(folders['chromium-profile'], {
    executablePath: CHROMIUM,
    headless: true,
    env: isolatedEnv(folders),
    viewport: { width: 1400, height: 900 },
    // Without the background-networking flags Chromium keeps dialling hosts this closed network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let channel;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    channel = servePageChannel(page, channelFolder);
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    page.on('console', (message) => forwardConsole(message.text()));
    page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));

    const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(suitePath)],
    ]);
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folders.workspace)}&payload=${encodeURIComponent(payload)}`;
    await page.goto(url);

    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      await page.screenshot({ path: join(folders.root, 'timeout.png') }).catch(() => {});
      throw new Error(`the suite did not finish within ${timeoutMs / 1000} s; code-server's log ends:\n${tail(logFile(folders))}`);
    }
    if (outcome !== 0) await page.screenshot({ path: join(folders.root, 'failure.png') }).catch(() => {});
    // NNLAB_VSCODE_SCREENSHOT=file.png keeps a picture of the window as the suite left it.
    const wanted = process.env.NNLAB_VSCODE_SCREENSHOT;
    if (wanted) await page.screenshot({ path: resolve(wanted) }).catch((error) => console.log(`no screenshot: ${error.message}`));
    return outcome;
  } finally {
    const screenshots = channel?.stop() ?? [];
    if (screenshots.length > 0) console.log(`${screenshots.length} screenshots in ${SCREENSHOTS}`);
    await context.close().catch(() => {});
  }
}

/**
 * In extension-test mode the workbench writes the extension host's console
 * (the suite's results) through its log service, as "%c INFO" plus a CSS
 * argument. Info lines print plainly, so the suite's closing line
 * 'vscode: N passed, N failed' stands alone; warnings, errors and the page's
 * own messages print tagged.
 */
function forwardConsole(text) {
  const logged = /^%c\s*([A-Z]+)\s+color: #[0-9a-f]+ ?(.*)$/s.exec(text);
  if (!logged) console.log(`[page] ${text}`);
  else if (logged[1] === 'INFO') console.log(logged[2]);
  else console.log(`[${logged[1].toLowerCase()}] ${logged[2]}`);
}

/** Stops the server and every process it started (its file watcher, extension host, terminals). */
async function stopProcessGroup(server) {
  const signalGroup = (signal) => {
    try {
      process.kill(-server.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const running = server.exitCode === null && server.signalCode === null;
  signalGroup('SIGTERM');
  const stopped = !running || (await Promise.race([server.exited.then(() => true), sleep(5000).then(() => false)]));
  // Children that ignore SIGTERM (or the server itself, if it hung) are killed outright.
  signalGroup('SIGKILL');
  if (!stopped) await server.exited;
  server.forget();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
