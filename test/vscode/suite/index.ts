/**
 * The VS Code integration suite's entry: the extension-test contract calls
 * run() inside the extension host (under code-server or test-electron) and
 * reads a rejected promise as failure.
 */
import { commandTests } from './commands';
import { confineTests } from './confine';
import { diagnosticTests } from './diagnostics';
import { fileBytesTests } from './file-bytes';
import { languageTests } from './language';
import { liveTests } from './live';
import { notebookTests } from './notebook';
import { pageTests } from './page';
import { runTests } from './runner';
import { screenshotTests } from './screenshots';
import { trainingTests } from './training';
import { trustTests } from './trust';

export function run(): Promise<void> {
  // The window opens its folder untrusted: the trust tests come first, and the last of them trusts it.
  return runTests([...trustTests, ...commandTests, ...notebookTests, ...confineTests, ...fileBytesTests, ...languageTests, ...trainingTests, ...diagnosticTests, ...liveTests, ...pageTests, ...screenshotTests]);
}
