/** The error `action` throws, for tests that check its type and message together; fails when it returns. */
export function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
