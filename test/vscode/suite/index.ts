/**
 * The VS Code integration suite's entry: the extension-test contract calls
 * run() inside the extension host (under code-server or test-electron) and
 * reads a rejected promise as failure.
 */
import { commandTests } from './commands';
import { diagnosticTests } from './diagnostics';
import { fileBytesTests } from './file-bytes';
import { languageTests } from './language';
import { liveTests } from './live';
import { notebookTests } from './notebook';
import { pageTests } from './page';
import { runTests } from './runner';
import { screenshotTests } from './screenshots';
import { trainingTests } from './training';

export function run(): Promise<void> {
  return runTests([...commandTests, ...notebookTests, ...fileBytesTests, ...languageTests, ...trainingTests, ...diagnosticTests, ...liveTests, ...pageTests, ...screenshotTests]);
}
