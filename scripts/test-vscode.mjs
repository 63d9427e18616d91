// `npm run test:vscode`: the extension's integration tests in a real VS Code,
// headless and offline. Sets up the tools (cached in test/vscode/.tools/),
// builds the extension and the suite, and runs the suite in code-server's
// workbench in headless Chromium. Only when code-server cannot be set up on
// this machine does it try @vscode/test-electron instead (which downloads
// VS Code, so it needs a network); when neither works it fails and says why.
// Exits with the suite's code: 0 when every test passed.
import { buildExtensionAndSuite, SUITE_BUNDLE } from '../test/vscode/build.mjs';
import { runWithCodeServer } from '../test/vscode/run-code-server.mjs';
import { runWithElectron } from '../test/vscode/run-electron.mjs';
import { ROOT, setUpTools, ToolError } from '../test/vscode/tools.mjs';

// Photographing every example (NNLAB_SCREENSHOTS=all) takes about four minutes more than the default set.
const TIMEOUT_MS = Number(process.env.NNLAB_VSCODE_TEST_TIMEOUT_S ?? (process.env.NNLAB_SCREENSHOTS === 'all' ? 600 : 300)) * 1000;
const started = performance.now();

process.exitCode = await main().catch((error) => {
  console.error(`\n✗ ${error.message}`);
  return 1;
});
console.log(`VS Code tests ${process.exitCode === 0 ? 'passed' : 'FAILED'} in ${seconds(started)} s`);

async function main() {
  let setUpFailure;
  try {
    setUpTools();
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    setUpFailure = error;
  }

  await timed('build the extension and the suite', buildExtensionAndSuite);

  if (!setUpFailure) {
    return timed('run the suite in code-server', () => runWithCodeServer({ extensionPath: ROOT, suitePath: SUITE_BUNDLE, timeoutMs: TIMEOUT_MS }));
  }
  console.error(`\n✗ code-server cannot be set up here, at step ${setUpFailure.message}\n  trying @vscode/test-electron instead (it downloads VS Code)`);
  try {
    return await timed('run the suite in VS Code (test-electron)', runWithElectron);
  } catch (error) {
    throw new Error(`no VS Code to test in.\n  code-server set-up failed at step ${setUpFailure.message}\n  ${error.message}`);
  }
}

async function timed(name, run) {
  const begun = performance.now();
  console.log(`▸ ${name}`);
  const result = await run();
  console.log(`  done: ${seconds(begun)} s`);
  return result;
}

function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(1);
}
