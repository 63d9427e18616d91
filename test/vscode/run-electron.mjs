// Runs the same suite under @vscode/test-electron, for a machine that can
// download VS Code (test-electron fetches a VS Code build at test time, which
// this project's offline machines cannot). `npm run test:vscode` uses it only
// when code-server cannot be set up. Run alone: `node test/vscode/run-electron.mjs`
// (on Linux without a display, under `xvfb-run -a`).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildExtensionAndSuite, SUITE_BUNDLE } from './build.mjs';
import { finishRunFolder, isolatedEnv, makeRunFolders } from './run-folder.mjs';
import { ROOT, TOOLS } from './tools.mjs';

/** Resolves to 0 when every test passed; throws when VS Code cannot be had or the suite failed. */
export async function runWithElectron() {
  const { runTests } = await import('@vscode/test-electron');
  const folders = makeRunFolders();
  // VS Code inherits this environment: its settings and caches go to the run folder, not the real home.
  Object.assign(process.env, isolatedEnv(folders));
  let passed = false;
  try {
    await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE_BUNDLE,
      cachePath: join(TOOLS, 'vscode-electron'),
      launchArgs: [
        folders.workspace,
        '--user-data-dir', folders['user-data'],
        '--extensions-dir', folders.extensions,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--disable-gpu',
        '--no-sandbox',
      ],
    });
    passed = true;
    return 0;
  } catch (error) {
    // runTests rejects both when VS Code cannot be downloaded or started and when the suite failed.
    throw new Error(`@vscode/test-electron: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    finishRunFolder(folders, passed);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await buildExtensionAndSuite();
    process.exit(await runWithElectron());
  } catch (error) {
    console.error(`✗ ${error.message}`);
    process.exit(1);
  }
}
