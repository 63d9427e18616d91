/**
 * A small test runner for the extension host: the tests run one after another
 * in the order given, each with its own time limit; every result is logged
 * with console.log (the workbench forwards it to the test runner's output),
 * and the returned promise rejects when any test failed, which is how the
 * extension-test contract (test-electron, code-server) reads a failure.
 */

/** One named test: a function that throws (or rejects) when what it checks is wrong. */
export interface TestCase {
  readonly name: string;
  readonly run: () => Promise<void> | void;
  /** Longest the test may take, in milliseconds (default 60 000). */
  readonly timeoutMs?: number;
}

/** Declares a test; lists of these are handed to runTests. */
export function test(name: string, run: TestCase['run'], timeoutMs?: number): TestCase {
  return timeoutMs === undefined ? { name, run } : { name, run, timeoutMs };
}

/** Thrown by a check that does not hold; its message says what was expected and what was found. */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

/** Fails the current test with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Runs the tests in order; resolves when all passed, rejects with the list of failures otherwise. */
export async function runTests(tests: readonly TestCase[]): Promise<void> {
  const failures: string[] = [];
  for (const testCase of tests) {
    const started = Date.now();
    try {
      await withTimeout(Promise.resolve().then(testCase.run), testCase.timeoutMs ?? 60_000);
      console.log(`  ✓ ${testCase.name} (${Date.now() - started} ms)`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(`${testCase.name}: ${reason}`);
      console.log(`  ✗ ${testCase.name} (${Date.now() - started} ms)\n      ${reason.split('\n').join('\n      ')}`);
    }
  }
  // The plain closing line CI reads: 'N passed, N failed'.
  console.log(`vscode: ${tests.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(`${failures.length} of ${tests.length} VS Code tests failed:\n${failures.join('\n')}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AssertionError(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
