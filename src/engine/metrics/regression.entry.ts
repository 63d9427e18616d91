import type { EntrySource } from '../../reference/entry';

/** The catalog text of the metrics ./regression.ts computes. */
export const regressionTexts: readonly EntrySource[] = [
  {
    name: 'mse',
    title: 'Mean squared error (metric)',
    summary: 'The mean squared difference between prediction and target, reported rather than trained on.',
    formula: String.raw`\text{MSE} = \frac1n \sum_{k=1}^{n} (\hat y_k - y_k)^2`,
    plain: 'MSE = (1/n) Σ (ŷ − y)²',
    whenToUse: 'Regression, alongside a different training loss (huber, mae).',
    pitfalls: 'In squared target units; rmse is easier to read.',
    references: ['Legendre 1805 and Gauss 1809, the method of least squares'],
  },
  {
    name: 'mae',
    title: 'Mean absolute error (metric)',
    summary: 'The mean absolute difference between prediction and target, in the target’s units.',
    formula: String.raw`\text{MAE} = \frac1n \sum_{k=1}^{n} \left|\hat y_k - y_k\right|`,
    plain: 'MAE = (1/n) Σ |ŷ − y|',
    whenToUse: 'Regression, when the typical error size in the target’s own units is wanted.',
    pitfalls: 'Treats all errors linearly: it does not show whether a few large misses dominate.',
    references: ['Willmott & Matsuura 2005, Advantages of the mean absolute error (MAE) over the root mean square error (RMSE)'],
  },
  {
    name: 'rmse',
    title: 'Root mean squared error',
    summary: 'The square root of the mean squared error, back in the target’s units.',
    formula: String.raw`\text{RMSE} = \sqrt{\frac1n \sum_{k=1}^{n} (\hat y_k - y_k)^2}`,
    plain: 'RMSE = √((1/n) Σ (ŷ − y)²)',
    whenToUse: 'Regression, as an error size comparable with the targets that still weighs large misses more.',
    pitfalls: 'Weighs large errors more than mae. The mean of per-batch RMSEs is not the RMSE of the whole set (it is lower, by Jensen’s inequality).',
    references: ['Legendre 1805 and Gauss 1809, the method of least squares'],
  },
];
