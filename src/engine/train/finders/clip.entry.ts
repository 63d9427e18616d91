import { aligned, type EntrySource } from '../../../reference/entry';

/** The catalog text of `find clip` (../gradient-survey.ts). */
export const gradientSurveyText: EntrySource = {
  name: 'clip',
  title: 'Gradient-norm survey (find clip)',
  summary: 'Trains a few steps without clipping, shows the distribution of the global gradient norm ‖g‖, and suggests τ at a percentile of it.',
  formula: aligned(
    String.raw`n_t &= \lVert g_t \rVert_2, \quad t = 1, \dots, {{steps}} \quad \text{(no clipping)}`,
    String.raw`h &= (T-1)\,\tfrac{{{percentile}}}{100}, \quad \tau = n_{(\lfloor h \rfloor)} + (h - \lfloor h \rfloor)\,\bigl(n_{(\lfloor h \rfloor + 1)} - n_{(\lfloor h \rfloor)}\bigr)`,
  ),
  symbols: { steps: 'T', percentile: 'p' },
  plain: 'n_t = ‖g_t‖ over T steps without clipping; sorted n_(0) ≤ … ≤ n_(T−1); h = (T−1)·p/100; τ = n_(⌊h⌋) + (h−⌊h⌋)·(n_(⌊h⌋+1) − n_(⌊h⌋))',
  whenToUse:
    'Before choosing `clip norm τ`: the seeds\' advice is to set τ from empirical gradient norms, and this measures them at the current settings. ' +
    'The default p = 90 clips roughly the largest tenth of steps — the spikes clipping is for — and leaves typical steps untouched, which keeps frequent-clipping quiet.',
  pitfalls:
    'Norms shrink as training goes on: τ taken at initialization clips less and less later; survey again after some training. ' +
    'The survey runs at the optimizer\'s η without the schedule; under a warmup the first real steps are smaller. The weights are put back afterwards.',
  variants:
    'The percentile interpolates linearly between ranks, as numpy.percentile. AutoClip (clip adaptive) instead re-takes a percentile of recent norms at every step, by default the 10th.',
  references: [
    'Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks (set the threshold from statistics of the average norm over many updates)',
    'Zhang, He, Sra & Jadbabaie 2020, Why Gradient Clipping Accelerates Training: A Theoretical Justification for Adaptivity',
  ],
};
