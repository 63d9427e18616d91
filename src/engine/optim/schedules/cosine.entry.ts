import { aligned, type EntrySource } from '../../../reference/entry';
import { PER_STEP, SCHEDULE_SYMBOLS } from './symbols.entry';

/** The right-hand side both cosine entries share. */
const COSINE = String.raw`{{min}} + \tfrac12\left(\eta_0 - {{min}}\right)\left(1 + \cos\frac{\pi\, t_{\text{cur}}}{T_i}\right)`;

/** The catalog text of the `cosine` and `cosine_restarts` schedules (./cosine.ts). */
export const cosineTexts: readonly EntrySource[] = [
  {
    name: 'cosine',
    title: 'Cosine annealing',
    summary: 'Lowers the rate from η₀ to η_min along half a cosine over T steps, then holds it.',
    formula: aligned(String.raw`\eta_t &= ${COSINE}, \quad t_{\text{cur}} = t,\ T_i = {{period}} \quad (t < {{period}})`, String.raw`\eta_t &= {{min}} \quad (t \ge {{period}})`),
    symbols: SCHEDULE_SYMBOLS,
    plain: 'η_t = η_min + ½(η₀ − η_min)(1 + cos(πt/T)) for t < T, then η_min  (restarts=true: as cosine_restarts)',
    whenToUse: 'Most modern training runs: fast progress early, a gentle landing late. Set T to the run length (the language fills it from train).',
    pitfalls: 'With T shorter than the run, the rest of the run is spent at η_min. restarts=true turns it into cosine_restarts, t_mult applies only then.',
    variants: `Keras CosineDecay holds at the minimum after T, as here (its alpha is η_min/η₀). PyTorch CosineAnnealingLR's closed form climbs back up after T_max. ${PER_STEP}`,
    references: ['Loshchilov & Hutter 2017, SGDR: Stochastic Gradient Descent with Warm Restarts'],
  },
  {
    name: 'cosine_restarts',
    title: 'Cosine annealing with warm restarts (SGDR)',
    summary: 'Cosine annealing that jumps back to η₀ at the end of each period, each period T_mult times longer than the last.',
    formula: aligned(
      String.raw`\eta_t &= ${COSINE}`,
      String.raw`T_i &= {{period}} \cdot {{t_mult}}^{\,i}, \quad t_{\text{cur}} = \text{steps since the } i\text{-th restart}`,
    ),
    symbols: SCHEDULE_SYMBOLS,
    plain: 'η_t = η_min + ½(η₀ − η_min)(1 + cos(π·t_cur/T_i)),  T_i = T·T_mult^i,  t_cur = steps since the last restart',
    whenToUse: 'Long runs where restarts help escape poor regions, or snapshot ensembles taken at each period’s minimum.',
    pitfalls: 'Each restart raises the loss on purpose; the lr-too-high trend rule can fire on it.',
    variants: `PyTorch CosineAnnealingWarmRestarts (T_0, T_mult, eta_min) and Keras CosineDecayRestarts with m_mul = 1. t_mult defaults to 1 (equal periods). ${PER_STEP}`,
    references: ['Loshchilov & Hutter 2017, SGDR: Stochastic Gradient Descent with Warm Restarts'],
  },
];
