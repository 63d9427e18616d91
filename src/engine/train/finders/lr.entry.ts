import { aligned, type EntrySource } from '../../../reference/entry';

/** The catalog text of `find lr` (../lr-finder.ts, ../lr-sweep.ts). */
export const lrFinderText: EntrySource = {
  name: 'lr',
  title: 'Learning-rate range test (find lr)',
  summary: 'Trains one batch at each rate of an exponential sweep, smooths the loss, and suggests where it falls fastest, a tenth of its minimum, and where it diverges.',
  formula: aligned(
    String.raw`\eta_i &= {{start}} \left( \frac{{{end}}}{{{start}}} \right)^{i/({{steps}}-1)}, \quad i = 0, \dots, {{steps}}-1`,
    String.raw`a_i &= {{smoothing}}\, a_{i-1} + (1-{{smoothing}})\, \ell_i, \quad a_{-1} = 0`,
    String.raw`\hat\ell_i &= \frac{a_i}{1-{{smoothing}}^{\,i+1}}, \qquad s_i = \frac{\mathrm{d}\hat\ell}{\mathrm{d}\log_{10}\eta}\Big|_{\eta_i}`,
    String.raw`\text{stop at } i &: \hat\ell_i > 4 \min_{j \le i} \hat\ell_j \ \text{ or } \ \ell_i \text{ not finite}`,
  ),
  symbols: { start: String.raw`\eta_{\text{start}}`, end: String.raw`\eta_{\text{end}}`, steps: 'N', smoothing: String.raw`\beta` },
  plain:
    'η_i = η_start·(η_end/η_start)^(i/(N−1));  a_i = β·a_(i−1) + (1−β)·ℓ_i from 0;  ℓ̂_i = a_i/(1−β^(i+1));  s_i = dℓ̂/dlog₁₀η;  stop when ℓ̂_i > 4·min ℓ̂ or ℓ_i is not finite',
  whenToUse:
    'Before a first train, or after changing the model, optimizer or batch size: it costs one short run and replaces guessing η by a decade. ' +
    'The steepest descent is the rate to start from; it is the middle of the window (a tenth of the sweep, after skipping its first tenth) where both the smoothed loss (least squares) and the raw loss (Theil–Sen, the median slope of every pair) fall fastest per decade of η. ' +
    'Minimum ÷ 10 is the older, more cautious rule; the divergence point is a ceiling.',
  pitfalls:
    'The smoothed loss remembers a spike for many batches (early on it is nearly the plain mean of all losses so far), so the naive argmin of its slope lands just after an early spike; ' +
    'here the first tenth is skipped and a descent counts only where the raw losses fall too. ' +
    'When the smoothed loss never falls 5 % below its value where the search starts, no rate is suggested: the steepest point would be noise. ' +
    'The test finds the rate for the weights it starts from: run it again after long training. With a schedule, the suggestion is the base rate the schedule scales. ' +
    'The weights and optimizer state are put back afterwards, so the sweep itself trains nothing.',
  variants:
    'Defaults are fastai lr_find\'s (start_lr=1e-7, end_lr=10, num_it=100, β = 0.98, stop at 4× the best smoothed loss); PyTorch Lightning\'s lr_find sweeps 1e-8 to 1 and suggests the steepest gradient after skipping the first 10 points. ' +
    'fastai also offers valley and slide. Smith\'s original test rises linearly over a few epochs; the exponential sweep is fastai\'s.',
  references: [
    'Smith 2017, Cyclical Learning Rates for Training Neural Networks (arXiv 2015)',
    'Howard & Gugger 2020, fastai: A Layered API for Deep Learning (Learner.lr_find)',
    'Theil 1950 and Sen 1968, the median of pairwise slopes',
  ],
};
