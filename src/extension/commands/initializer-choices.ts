import { catalog } from '../../reference/catalog';

/** What "NN Lab: Compare Initializers…" offers and inserts; no `vscode` here, so it is tested in Node. */

/** Picked at first: two starts that fail and the two defaults that work, as in examples/initializers.nnlab. */
export const PRESELECTED = new Set(['zeros', 'small_random', 'glorot_uniform', 'he_normal']);

/**
 * The initializers a `compare init=[…]` can take as bare names: those whose
 * parameters all have defaults.
 */
export function comparableInitializers(): { name: string; title: string; summary: string }[] {
  return catalog()
    .filter((entry) => entry.kind === 'initializer' && entry.params.every((p) => !p.required))
    .map(({ name, title, summary }) => ({ name, title, summary }));
}

/** The statement the command inserts. */
export function compareStatement(names: readonly string[], epochs = 20): string {
  return `compare init=[${names.join(', ')}] epochs=${epochs} seed=1`;
}
