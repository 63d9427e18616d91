import type { NotebookCellData } from '../../format/notebook-format';

/**
 * The notebook "NN Lab: New Notebook" opens: a few lines of prose, the
 * declarations of a small ReLU network on three spirals, and a train cell.
 * A test runs it, so the first thing a user runs always works.
 */
export const STARTER_CELLS: readonly NotebookCellData[] = [
  {
    kind: 'markdown',
    source: [
      '# A first network',
      '',
      'Three interleaved spirals, and a small ReLU network that separates them.',
      'Run the cells in order (Shift+Enter). The second trains with live charts;',
      'the stop button stops it and keeps what it learned. Hover any name for its',
      'formula, and try another `init=` or `optimizer` to see what changes.',
    ].join('\n'),
  },
  {
    kind: 'code',
    source: [
      'data spirals n=600 classes=3 noise=0.15 seed=7',
      'split val=0.2',
      'normalize standard',
      '',
      'model',
      '  dense 32 relu init=he_normal',
      '  dense 32 relu init=he_normal',
      '  dense 3 softmax',
      '',
      'loss sparse_categorical_crossentropy',
      'optimizer adam lr=0.003',
      'metrics accuracy',
    ].join('\n'),
  },
  { kind: 'code', source: 'train epochs=40 batch=32 seed=1' },
];
