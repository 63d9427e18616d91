import { DEFAULT_THRESHOLDS, DIAGNOSTIC_CODES, thresholdSchema, type DiagnosticThresholds } from '../../engine/diagnostics';
import { languageName, ParamSchema, type ParamSpec, type ParamSpecs } from '../../engine/params';
import { Registry, type NamedEntry } from '../../engine/registry';
import { aligned, type EntrySource } from '../entry';
import { texNumber } from '../template';

/**
 * Diagnostics, as src/engine/diagnostics/ measures them (docs/diagnostics.md
 * explains each rule in full). A diagnostic's parameters are the thresholds
 * it reads, from the engine's threshold schema; its formula shows the
 * measurement, the threshold as a symbol, and the default value.
 */

type Threshold = keyof DiagnosticThresholds;

/** The thresholds each code reads, in the order its formula uses them. */
export const thresholdsOf: Readonly<Record<(typeof DIAGNOSTIC_CODES)[number], readonly Threshold[]>> = {
  symmetry: ['symmetryTolerance'],
  'vanishing-gradients': ['vanishingRatio'],
  'exploding-gradients': ['explodingRatio'],
  'dying-relu': ['deadFraction'],
  saturation: ['saturatedFraction'],
  'frequent-clipping': ['clippingFraction', 'minWindowSteps'],
  divergence: [],
  'lr-too-high': ['lossRiseFactor', 'lossTrendRise', 'minWindowSteps'],
  plateau: ['plateauEpochs', 'plateauChange', 'plateauLossFloor'],
  'init-mismatch': [],
  overfitting: ['overfittingEpochs', 'overfittingGap', 'overfittingMargin'],
  'update-ratio': ['updateRatioHigh', 'updateRatioLow'],
};

/** The thresholds one code reads, as a schema of their own built from the engine's specs. */
function thresholdParams(code: (typeof DIAGNOSTIC_CODES)[number]): ParamSchema<ParamSpecs> {
  const specs: Record<string, ParamSpec> = {};
  for (const key of thresholdsOf[code]) specs[key] = thresholdSchema.specs[key];
  return new ParamSchema(`diagnostic ${code}`, specs);
}

/** Every diagnostic code; `dying_relu` finds `dying-relu` as the registries read `-` as `_`. */
export const diagnostics = new Registry<NamedEntry>(
  'diagnostic',
  DIAGNOSTIC_CODES.map((code) => ({ name: code, aliases: [], params: thresholdParams(code) })),
);

/** The symbol each threshold shows in a formula. */
const SYMBOLS = {
  symmetry_tolerance: String.raw`\tau_{\text{sym}}`,
  vanishing_ratio: String.raw`\tau_{\text{van}}`,
  exploding_ratio: String.raw`\tau_{\text{exp}}`,
  dead_fraction: String.raw`\tau_{\text{dead}}`,
  saturated_fraction: String.raw`\tau_{\text{sat}}`,
  clipping_fraction: String.raw`\tau_{\text{clip}}`,
  min_window_steps: String.raw`S_{\min}`,
  loss_rise_factor: String.raw`\rho`,
  loss_trend_rise: String.raw`\tau_{\text{trend}}`,
  plateau_epochs: 'E',
  plateau_change: String.raw`\tau_{\text{flat}}`,
  plateau_loss_floor: String.raw`\tau_{\text{floor}}`,
  overfitting_epochs: 'E',
  overfitting_gap: 'G',
  overfitting_margin: 'M',
  update_ratio_high: String.raw`\tau_{\text{high}}`,
  update_ratio_low: String.raw`\tau_{\text{low}}`,
} satisfies Record<string, string>;

/** "τ_dead = 0.5" for each threshold the code reads: the defaults, as TeX and as text. */
function defaults(code: (typeof DIAGNOSTIC_CODES)[number]): { tex: string; plain: string } {
  const keys = thresholdsOf[code];
  const symbol = (key: Threshold) => SYMBOLS[languageName(key) as keyof typeof SYMBOLS];
  const label = keys.length === 1 ? 'default' : 'defaults';
  return {
    tex: String.raw`&\text{${label}: } ` + keys.map((key) => `${symbol(key)} = ${texNumber(DEFAULT_THRESHOLDS[key])}`).join(',\\ '),
    plain: `${label}: ` + keys.map((key) => `${languageName(key)} = ${DEFAULT_THRESHOLDS[key]}`).join(', '),
  };
}

const LOSS0 = String.raw`\ell_0 = \text{training loss at epoch } 0`;

const REFERENCES = {
  init: 'Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward neural networks',
  he: 'He, Zhang, Ren & Sun 2015, Delving Deep into Rectifiers',
  gradients: 'Hochreiter 1991, Untersuchungen zu dynamischen neuronalen Netzen (vanishing gradients)',
  pascanu: 'Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks',
  lecun: 'LeCun, Bottou, Orr & Müller 1998, Efficient BackProp',
  book: 'Goodfellow, Bengio & Courville 2016, Deep Learning, chapter 8',
};

/** A diagnostic as written below: its formula as lines, without the defaults line. */
type DiagnosticSource = Omit<EntrySource, 'name' | 'formula' | 'symbols'> & {
  readonly name: (typeof DIAGNOSTIC_CODES)[number];
  readonly lines: readonly string[];
};

/** A diagnostic's entry, with its defaults line appended to the formula and the plain text. */
function diagnostic(source: DiagnosticSource): EntrySource {
  const { lines, ...rest } = source;
  const known = defaults(source.name);
  const hasDefaults = thresholdsOf[source.name].length > 0;
  return {
    ...rest,
    formula: aligned(...lines, ...(hasDefaults ? [known.tex] : [])),
    symbols: SYMBOLS,
    plain: hasDefaults ? `${source.plain};  ${known.plain}` : source.plain,
  };
}

export const diagnosticEntries: readonly EntrySource[] = [
  diagnostic({
    name: 'symmetry',
    title: 'Symmetry (identical units)',
    summary: 'Every unit of a dense layer has the same incoming weights, so the layer works as a single unit however wide.',
    lines: [
      String.raw`s &= \frac{\max_i \lVert W_i - \bar W \rVert}{\sqrt{\operatorname{mean}(W)^2 + \operatorname{std}(W)^2}} \le {{symmetry_tolerance}} \quad \text{at epoch } 0 \text{ and at the latest epoch}`,
    ],
    plain: 's = max_i ‖Wᵢ − W̄‖ / √(mean² + std²) ≤ symmetry_tolerance at epoch 0 and at the latest epoch (layers of more than one unit)',
    whenToUse: 'An error: the run cannot learn as set up. A constant initializer (zeros, ones, constant) causes it. Fix: a random initializer — he_normal for the ReLU family, glorot_uniform for tanh and sigmoid.',
    pitfalls: 'Dropout can break the tie during training; then nothing is reported, though the start was still wasted.',
    references: ['Rumelhart, Hinton & Williams 1986, Learning internal representations by error propagation (symmetry breaking)', REFERENCES.book],
  }),
  diagnostic({
    name: 'vanishing-gradients',
    title: 'Vanishing gradients',
    summary: 'The gradient shrinks on its way back to the input, so the first layers stop learning.',
    lines: [String.raw`r &= \frac{\lVert \nabla W_{\text{first}} \rVert}{\lVert \nabla W_{\text{output}} \rVert} < {{vanishing_ratio}}, \quad \text{per layer: } r^{1/(L-1)}`],
    plain: 'r = ‖∇W_first‖ / ‖∇W_output‖ < vanishing_ratio (epoch 0 or the latest), per-layer factor r^(1/(L−1))',
    whenToUse: 'A warning: backpropagation multiplies by Wᵀ·f′(z) at every layer; below 1 the gradient decays geometrically with depth. Fix: he_normal for ReLU layers without He; lsuv or batchnorm when He is already used; batchnorm for tanh/sigmoid stacks.',
    pitfalls: 'A first-layer norm of exactly 0 counts as vanished; an output norm of 0 is not judged.',
    references: [REFERENCES.gradients, REFERENCES.init],
  }),
  diagnostic({
    name: 'exploding-gradients',
    title: 'Exploding gradients',
    summary: 'The gradient grows on its way back to the input, so the first layers take huge steps.',
    lines: [String.raw`r &= \frac{\lVert \nabla W_{\text{first}} \rVert}{\lVert \nabla W_{\text{output}} \rVert} > {{exploding_ratio}}`],
    plain: 'r = ‖∇W_first‖ / ‖∇W_output‖ > exploding_ratio (epoch 0 or the latest)',
    whenToUse: 'A warning: the same product above 1; the run is close to diverging. Fix: clip the global norm (norm, e.g. clip norm 1.0) when the run does not clip; batchnorm when it already does.',
    pitfalls: 'Clipping hides the symptom in the step but not the cause; check the initializer scale too.',
    references: [REFERENCES.pascanu, REFERENCES.init],
  }),
  diagnostic({
    name: 'dying-relu',
    title: 'Dying ReLU',
    summary: 'ReLU units whose pre-activation is ≤ 0 for every sample output 0, get no gradient, and never recover (leaky units below 0 still learn, from α of their gradient).',
    lines: [String.raw`f_{\text{dead}} &= \frac{\#\{\, j : z_{ij} \le 0 \ \forall i \,\}}{\text{units}} > {{dead_fraction}}`],
    plain: 'f_dead = #{units j : z_ij ≤ 0 for every sample i of the latest epoch} / units > dead_fraction (relu, and leaky_relu with a slope below 0.1)',
    whenToUse: 'A warning for relu: a too-large step or a bad initial scale pushed units below zero for good. Information for a leaky slope below 0.1: the units learn, but slowly. Fix: leaky_relu for plain relu, a steeper slope for a shallow one; he_normal and a lower learning rate help either way.',
    pitfalls: 'Measured on the latest epoch (one batch at epoch 0); exactly the threshold is not flagged. A leaky slope of 0.1 or more, and elu, are never flagged: their units below 0 keep a useful gradient.',
    references: ['Maas, Hannun & Ng 2013, Rectifier Nonlinearities Improve Neural Network Acoustic Models', REFERENCES.he],
  }),
  diagnostic({
    name: 'saturation',
    title: 'Saturated units',
    summary: 'tanh or sigmoid outputs sit near an asymptote, where the slope is almost zero and the unit barely learns.',
    lines: [
      String.raw`f_{\text{sat}} &= \frac{\#\{\text{outputs with } |a| > 0.99 \ (\tanh) \text{ or } a \notin [0.01, 0.99] \ (\sigma)\}}{\#\text{outputs}} > {{saturated_fraction}}`,
    ],
    plain: 'f_sat = share of outputs within 1 % of an asymptote (|a| > 0.99 for tanh; a < 0.01 or a > 0.99 for sigmoid) > saturated_fraction',
    whenToUse: 'A warning: there tanh′ = 1 − a² and σ′ = a(1 − a) pass back under 2 % of the gradient. Fix: glorot_uniform when not Glorot-initialized; batchnorm before the layer otherwise.',
    pitfalls: 'The output layer is skipped under a cross-entropy loss: its gradient p − y does not pass through σ′, and a saturated output there is a confident prediction.',
    references: [REFERENCES.init, REFERENCES.lecun],
  }),
  diagnostic({
    name: 'frequent-clipping',
    title: 'Frequent clipping',
    summary: 'Gradient clipping acts on most steps, so τ, not the gradient, sets the step length.',
    lines: [String.raw`f_{\text{clip}} &= \frac{\#\{\text{clipped steps}\}}{\#\{\text{recent steps}\}} > {{clipping_fraction}}, \quad \#\{\text{recent steps}\} \ge {{min_window_steps}}`],
    plain: 'f_clip = clipped steps / recent steps > clipping_fraction, over at least min_window_steps recent steps; typical norm = median ‖g‖ before clipping',
    whenToUse: 'A warning: clipping is meant for the rare spike; clipping every step makes every update η·τ long whatever the gradient says. Fix: raise τ toward the typical gradient norm (the median shown in the message), or lower the learning rate.',
    pitfalls: 'AutoClip (adaptive) clips most steps by design.',
    references: [REFERENCES.pascanu],
  }),
  diagnostic({
    name: 'divergence',
    title: 'Divergence (NaN or ∞)',
    summary: 'A loss, weight or gradient became NaN or ±∞ and the run stopped at that step.',
    lines: [String.raw`&\exists\, x \in \{\ell_t, w, g\} : \ x \notin \mathbb{R} \ \text{ or } \ |x| > 3.4 \times 10^{38} \ (\text{float32 max}) \implies \text{stop}`],
    plain: 'a loss, weight or gradient that is NaN or ±∞ (beyond the largest float32, 3.4 × 10³⁸) stops the run at that step; the last good weights are kept',
    whenToUse: 'An error: the steps overshot until the numbers left float range; the message names the step and the first layer that went bad. Fix: lower the learning rate or clip the global norm (norm) when the run does not clip; lower the rate or warm it up (warmup) when it does.',
    pitfalls: 'Clipping does not repair a NaN: a non-finite norm is reported and left alone, so the divergence shows.',
    references: [REFERENCES.book, REFERENCES.lecun],
  }),
  diagnostic({
    name: 'lr-too-high',
    title: 'Learning rate too high',
    summary: 'The loss rises or swings above where it started, without going non-finite: the steps overshoot the minimum.',
    lines: [
      String.raw`\text{1. } & \max_{k \ge 1} \ell_k / \ell_0 > {{loss_rise_factor}}`,
      String.raw`\text{2. } & Q_{0.75}(\text{recent step losses}) / \ell_0 > {{loss_rise_factor}}`,
      String.raw`\text{3. } & \text{rise of the least-squares line through the recent step losses} / \ell_0 > {{loss_trend_rise}}`,
      String.raw`& \text{rules 2 and 3 need} \ge {{min_window_steps}} \text{ steps}; \quad ${LOSS0}`,
    ],
    plain:
      '1. worst epoch loss / ℓ₀ > loss_rise_factor;  2. upper quartile of recent step losses / ℓ₀ > loss_rise_factor;  3. rise of the fitted trend over the recent steps / ℓ₀ > loss_trend_rise  (ℓ₀ = training loss at epoch 0; rules 2–3 need min_window_steps steps)',
    whenToUse: 'A warning: the first rule that holds is reported; a diverged run reports divergence instead. Fix: lower the learning rate (the message suggests a tenth) or warm it up (warmup).',
    pitfalls: 'With a batch of one sample single misclassified samples lift the quartile; cyclical and warm-restart schedules raise the loss on purpose and can trip the trend rule.',
    references: [REFERENCES.lecun, REFERENCES.book],
  }),
  diagnostic({
    name: 'plateau',
    title: 'Plateau',
    summary: 'The training loss has stopped moving while still well above zero.',
    lines: [
      String.raw`\text{spread} &= \frac{\max - \min}{\operatorname{mean}}\left(\ell_{T - {{plateau_epochs}}}, \dots, \ell_T\right) < {{plateau_change}}`,
      String.raw`\text{unless } & \ell_T < {{plateau_loss_floor}} \cdot \ell_0 \text{ or accuracy} = 1; \quad ${LOSS0}`,
    ],
    plain: '(max − min)/mean of the training loss over the last plateau_epochs epochs < plateau_change, unless the loss < plateau_loss_floor·ℓ₀ (solved) or accuracy = 1',
    whenToUse: 'Information: the optimizer is stuck in a flat region, or the step is too small. Fix: reduce_on_plateau without a plateau schedule; adam with a non-adaptive optimizer; otherwise a smaller patience or factor, and a look at dead or identical units.',
    pitfalls: 'Epoch 0 counts, so a network that never learned is caught; a loss that swings and returns is not called flat (the spread, not the end points).',
    variants: 'Keras and PyTorch ReduceLROnPlateau judge “no improvement for patience epochs”; this rule uses a relative spread over a fixed window instead.',
    references: [REFERENCES.book],
  }),
  diagnostic({
    name: 'init-mismatch',
    title: 'Initializer–activation mismatch',
    summary: 'The initializer’s variance was derived for another activation than the layer’s.',
    lines: [
      String.raw`\operatorname{Var}(W) &= \frac{s}{n}: \quad s_{\text{init}} = \begin{cases} 2 & \text{he\_*} \\ 1 & \text{glorot\_*, lecun\_*} \end{cases} \ne s_{\text{needed}} = \begin{cases} 2 & \text{ReLU family} \\ 1 & \tanh, \sigma \end{cases}`,
    ],
    plain: 'Var(W) = s/n: s = 2 for he_*, 1 for glorot_* and lecun_*;  the ReLU family needs s = 2, tanh and sigmoid s = 1;  flagged when they differ',
    whenToUse: 'Information, read from the declarations alone: ReLU zeroes half of z and needs s = 2 (He); Glorot gives s = 1 and the signal halves at every ReLU layer. Fix: he_normal for the ReLU family, glorot_uniform for tanh and sigmoid.',
    pitfalls: 'A gain option can correct the scale without the name showing it, which is why this is information and not a warning. Orthogonal, lsuv and random initializers, and softmax, linear and gelu layers, are not judged.',
    references: [REFERENCES.he, REFERENCES.init],
  }),
  diagnostic({
    name: 'overfitting',
    title: 'Overfitting',
    summary: 'The validation loss parts from the training loss: the network learns the training set’s particulars.',
    lines: [
      String.raw`\text{1. } & \text{best validation loss} \ge {{overfitting_epochs}} \text{ epochs old}, \ \frac{v_T - v_{\text{best}}}{\ell_0} > {{overfitting_margin}}, \ \text{training loss falling}`,
      String.raw`\text{2. } & v_T / \ell_T > {{overfitting_gap}} \quad (\text{differences} \le {{overfitting_margin}} \cdot \ell_0 \text{ ignored})`,
      String.raw`& ${LOSS0}`,
    ],
    plain:
      '1. the best validation loss is ≥ overfitting_epochs epochs old and the latest is higher by more than overfitting_margin·ℓ₀ while the training loss falls;  2. validation / training loss > overfitting_gap',
    whenToUse: 'A warning, on runs with a validation split; the first rule that holds is reported. Fix: dropout after the hidden layers, or stop at the epoch with the best validation loss (Keras EarlyStopping with restore_best_weights).',
    pitfalls: 'The training loss is the mean mini-batch loss of the epoch, measured with dropout active, which narrows the apparent gap; a tiny validation set makes both rules noisy.',
    variants: 'Rule 1 is Keras EarlyStopping’s test, with overfitting_margin as min_delta measured against ℓ₀ and overfitting_epochs as patience.',
    references: ['Prechelt 1998, Early Stopping — But When?', 'Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov 2014, Dropout'],
  }),
  diagnostic({
    name: 'update-ratio',
    title: 'Update-to-weight ratio',
    summary: 'How much of a layer’s weights one optimizer step changes: about a thousandth is healthy.',
    lines: [
      String.raw`r &= \operatorname{mean}_{t \in \text{sampled steps}} \frac{\lVert W_{t} - W_{t-1} \rVert}{\lVert W_{t-1} \rVert} \quad \text{(per epoch, about 16 steps)}`,
      String.raw`& r_{\text{latest}} > {{update_ratio_high}}: \text{ updates too large}; \quad \max_{\text{epochs}} r < {{update_ratio_low}}: \text{ the layer barely learns}; \quad r \approx 10^{-3} \text{ healthy}`,
    ],
    plain: 'r = mean over sampled steps of ‖W_t − W_(t−1)‖ / ‖W_(t−1)‖, per epoch;  latest r > update_ratio_high: updates too large;  largest r < update_ratio_low: barely learning;  about 1e-3 is healthy',
    whenToUse: 'Per dense layer: a warning when the latest epoch’s r is above the high threshold (lower the learning rate, or warm it up); information when every epoch’s r stayed below the low one (raise it, use adam, or fix a vanishing gradient first).',
    pitfalls: 'A rule of thumb, not a law: adaptive optimizers give every weight a step near the learning rate, so r ≈ lr / RMS(W), and layers of very different width differ. A layer with all-zero weights has no ratio (see symmetry).',
    variants: 'Karpathy’s CS231n notes plot the ratio per step and per parameter; W&B and TensorBoard users compute it by hand from weight histograms. Here it is the kernel W of dense layers only (biases and batch-norm parameters are left out).',
    references: ['Karpathy, CS231n Convolutional Neural Networks for Visual Recognition, Neural Networks Part 3: Babysitting the learning process', REFERENCES.book],
  }),
];
