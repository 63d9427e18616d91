/**
 * The loop every fuzz harness shares (test/lang, test/engine/data,
 * test/extension): inputs from each generator in turn, so a short run still
 * tries every kind, until the time is up.
 */

/** Inputs tried, in all and by generator. */
export interface FuzzCounts {
  readonly inputs: number;
  readonly byGenerator: Readonly<Record<string, number>>;
}

/** Calls `tryOne` with each generator's name in turn for `seconds`. */
export function fuzzRounds(generators: readonly string[], seconds: number, tryOne: (generator: string) => void): FuzzCounts {
  const byGenerator: Record<string, number> = Object.fromEntries(generators.map((name) => [name, 0]));
  let inputs = 0;
  const stop = performance.now() + seconds * 1000;
  while (performance.now() < stop) {
    const generator = generators[inputs % generators.length];
    tryOne(generator);
    inputs++;
    byGenerator[generator]++;
  }
  return { inputs, byGenerator };
}

/** A thrown value as a crash report's line: its class and the start of its message. */
export function crashText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error);
}
