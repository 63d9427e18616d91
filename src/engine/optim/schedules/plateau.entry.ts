import { aligned, type EntrySource } from '../../../reference/entry';
import { SCHEDULE_SYMBOLS } from './symbols.entry';

/** The catalog text of the `reduce_on_plateau` schedule (./plateau.ts). */
export const plateauText: EntrySource = {
  name: 'reduce_on_plateau',
  title: 'Reduce on plateau',
  summary: 'Cuts the rate by a factor when the monitored value (the validation loss) has not improved for a number of epochs.',
  formula: aligned(
    String.raw`\text{improved} &\iff v < \text{best} \cdot (1 - {{threshold}}) \quad (\text{min, rel})`,
    String.raw`\text{bad epochs} > {{patience}} &\implies \eta \leftarrow \max\left(\eta \cdot {{factor}}, {{min_lr}}\right), \ \text{then } {{cooldown}} \text{ epochs of cooldown}`,
  ),
  symbols: SCHEDULE_SYMBOLS,
  plain: 'improved when v < best·(1 − θ) (min, rel; abs: v < best − θ);  after more than P bad epochs: η ← max(η·f, η_min), then C epochs of cooldown',
  whenToUse: 'When the right moment to lower the rate is unknown: the run tells. The fix the plateau diagnostic suggests.',
  pitfalls: 'It reacts once per epoch, and only after patience + 1 bad epochs; with a noisy validation loss it may cut too late or too often.',
  variants:
    'PyTorch ReduceLROnPlateau counting: it cuts after patience + 1 bad epochs. Keras ReduceLROnPlateau cuts after patience bad epochs and its min_delta is absolute (threshold_mode=abs here). mode=max for a value where higher is better (accuracy).',
  references: ['Krizhevsky, Sutskever & Hinton 2012, ImageNet Classification with Deep Convolutional Neural Networks'],
};
