import type { EntrySource } from '../../reference/entry';
import { diagnostic, LOSS0, REFERENCES } from './symbols.entry';

/** The catalog text of plateau and overfitting, the diagnostics ./progress.ts checks. */
export const progressTexts: readonly EntrySource[] = [
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
    pitfalls: 'Epoch 0 counts, so a network that never learned is caught; a loss that swings and returns is not called flat (the spread, not the end points). A loss that stands at the guess of the class frequencies is reported as chance-level instead.',
    variants: 'Keras and PyTorch ReduceLROnPlateau judge “no improvement for patience epochs”; this rule uses a relative spread over a fixed window instead.',
    references: [REFERENCES.book],
  }),
  diagnostic({
    name: 'overfitting',
    title: 'Overfitting',
    summary: 'The validation loss parts from the training loss: the network learns the training set’s particulars.',
    lines: [
      String.raw`\text{1. } & \text{best validation loss} \ge {{overfitting_epochs}} \text{ epochs old}, \ \frac{\min(v_{T-{{overfitting_epochs}}+1}, \dots, v_T) - v_{\text{best}}}{\ell_0} > {{overfitting_margin}}, \ \text{training loss falling}`,
      String.raw`\text{2. } & v_t / \ell_t > {{overfitting_gap}} \text{ for } t = T-{{overfitting_epochs}}+1, \dots, T \quad (\text{differences} \le {{overfitting_margin}} \cdot \ell_0 \text{ ignored})`,
      String.raw`& ${LOSS0}`,
    ],
    plain:
      '1. the best validation loss is ≥ overfitting_epochs epochs old and each of the last overfitting_epochs validation losses is higher by more than overfitting_margin·ℓ₀ while the training loss falls;  2. validation / training loss > overfitting_gap in each of the last overfitting_epochs epochs',
    whenToUse: 'A warning, on runs with a validation split; the first rule that holds is reported. Fix: dropout after the hidden layers, or stop at the epoch with the best validation loss (Keras EarlyStopping with restore_best_weights).',
    pitfalls: 'The training loss is the mean mini-batch loss of the epoch, measured with dropout active, which narrows the apparent gap; a tiny validation set makes both rules noisy. Both rules need the last overfitting_epochs epochs: a validation spike in the last epoch alone (common with momentum or a high rate) is noise, not overfitting.',
    variants: 'Rule 1 is close to Keras EarlyStopping’s test (overfitting_margin as min_delta measured against ℓ₀, overfitting_epochs as patience), but asks every epoch of the patience to be worse than the best by the margin, as Prechelt’s UP criterion asks the rise to last.',
    references: ['Prechelt 1998, Early Stopping — But When?', 'Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov 2014, Dropout'],
  }),
];
