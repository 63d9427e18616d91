import { layerConfig, shapesThrough } from '../../engine/layers';
import { losses, PROBABILITY_EPSILON } from '../../engine/losses';
import { cite, refuse, type ScriptContext } from './context';
import { pyFloat } from './python';

/** How the script hands targets to the loss: class indices (int64, one per sample) or float rows. */
export type TargetForm = 'indices' | 'rows';

/** The losses that take class indices. */
const CROSS_ENTROPY = new Set(['categorical_crossentropy', 'sparse_categorical_crossentropy', 'cross_entropy']);

/** The loss function and the form of targets it takes. */
export interface LossPart {
  readonly code: string;
  readonly targets: TargetForm;
}

/**
 * log(clamp(p)) whose gradient is 1/p as if unclamped. Our softmax and
 * sigmoid cross-entropies, when the output layer has that activation, take
 * the fused gradient ∂L/∂z = p − y, which goes on where the clamp holds the
 * value (a saturated start); this function gives PyTorch the same gradient
 * through nn.Softmax or nn.Sigmoid.
 */
const PROBABILITY_LOG = `class ProbabilityLog(torch.autograd.Function):
    """log(clamp(p, ε, 1 − ε)) with the gradient of log p: after a softmax or a
    sigmoid, ∂loss/∂z is then p − y even where the clamp holds the value, as in
    NN Lab's fused gradient. (PyTorch's clamp would pass no gradient there.)"""

    @staticmethod
    def forward(ctx, p):
        ctx.save_for_backward(p)
        return torch.log(p.clamp(EPSILON, 1 - EPSILON))

    @staticmethod
    def backward(ctx, grad):
        (p,) = ctx.saved_tensors
        return grad / p`;

/**
 * The declared loss (or the session's default) as a function of the model's
 * output and the targets. Over probabilities, Keras's clamp to [ε, 1 − ε]
 * is kept, so a loss value is ours; PyTorch's own functions do the rest.
 */
export function lossSection(context: ScriptContext): LossPart {
  const { plan, declarations, data } = context.program;
  const ref = declarations.loss?.value;
  const location = declarations.loss?.location ?? context.program.trainPlace.location;
  const name = losses.get(plan.concepts.find((use) => use.role === 'loss')!.name).name;
  const options = (ref ? losses.get(ref.name).params.resolveNamed(ref.options) : {}) as Record<string, unknown>;
  const fromLogits = options.fromLogits === true;
  const source = ref ? cite(context, location) : `${name}, the default for this task and output`;
  const header = (doc: string) => ['def loss_fn(output, target):', `    """${doc}; ${source}."""`];
  const clamp = `EPSILON = ${pyFloat(PROBABILITY_EPSILON)}  # Keras clamps probabilities to [ε, 1 − ε] before the log\n\n\n`;
  const output = shapesThrough(data.train.sampleShape, declarations.model!.value.map((spec) => layerConfig(spec))).at(-1)!;
  // A class per timestep: the [batch, time, classes] output and [batch, time] targets are scored as batch × time rows, as ours.
  const perStep = output.length === 2 && data.full.task === 'classification' && data.train.targetWidth === output[0];
  if (output.length > 1 && !(perStep && CROSS_ENTROPY.has(name))) {
    refuse(context, location, `loss ${name} over outputs of shape [${output.join(', ')}] (a prediction per timestep) is not exported so far; end the model in one prediction per sample`);
  }
  const rows = (value: string) => (perStep ? `${value}.reshape(-1, ${output[1]})` : value);
  const last = declarations.model!.value.at(-1)!;
  // As src/engine/train/loss-gradient.ts decides: a dense output layer with the loss's own activation.
  const fused = (activation: string) => last.kind === 'dense' && last.concepts.activation?.name === activation;
  const fusedLog = `${clamp}${PROBABILITY_LOG}\n\n\n`;
  const targetRows = perStep ? 'target.reshape(-1)' : 'target';
  switch (name) {
    case 'binary_crossentropy':
    case 'binary_cross_entropy_with_logits':
      if (fromLogits) return { targets: 'rows', code: [...header('Binary cross-entropy on logits'), '    return F.binary_cross_entropy_with_logits(output, target)'].join('\n') };
      if (fused('sigmoid')) {
        const code = [...header('Binary cross-entropy on the sigmoid\'s probabilities'), '    return -(target * ProbabilityLog.apply(output) + (1 - target) * ProbabilityLog.apply(1 - output)).mean()'];
        return { targets: 'rows', code: fusedLog + code.join('\n') };
      }
      return { targets: 'rows', code: clamp + [...header('Binary cross-entropy on probabilities'), '    return F.binary_cross_entropy(output.clamp(EPSILON, 1 - EPSILON), target)'].join('\n') };
    case 'categorical_crossentropy':
    case 'sparse_categorical_crossentropy':
    case 'cross_entropy':
      if (fromLogits) return { targets: 'indices', code: [...header('Cross-entropy on logits, targets as class indices'), `    return F.cross_entropy(${rows('output')}, ${targetRows})`].join('\n') };
      if (fused('softmax')) {
        const code = [...header('Cross-entropy on the softmax\'s probabilities, targets as class indices'), `    return F.nll_loss(ProbabilityLog.apply(${rows('output')}), ${targetRows})`];
        return { targets: 'indices', code: fusedLog + code.join('\n') };
      }
      return {
        targets: 'indices',
        code: clamp + [...header('Cross-entropy on probabilities, targets as class indices'), `    return F.nll_loss(torch.log(${rows('output')}.clamp(EPSILON, 1 - EPSILON)), ${targetRows})`].join('\n'),
      };
    case 'mse':
    case 'mae':
    case 'huber': {
      if (data.full.task !== 'regression') refuse(context, location, `loss ${name} on class labels: the script exports regression losses on regression data only`);
      const call = name === 'mse' ? 'F.mse_loss(output, target)' : name === 'mae' ? 'F.l1_loss(output, target)' : `F.huber_loss(output, target, delta=${pyFloat(Number(options.delta ?? 1))})`;
      return { targets: 'rows', code: [...header(`${name === 'mse' ? 'Mean squared error' : name === 'mae' ? 'Mean absolute error' : 'Huber loss'}`), `    return ${call}`].join('\n') };
    }
    case 'nll':
      // Our nll takes log-probabilities, as PyTorch's NLLLoss: −(1/N) Σ log p of each sample's class.
      return { targets: 'indices', code: [...header('Negative log-likelihood of log-probabilities, targets as class indices'), '    return F.nll_loss(output, target)'].join('\n') };
    case 'kl_divergence': {
      const classes = data.full.task === 'classification';
      const code = [
        ...header('Kullback–Leibler divergence Σ y·log(y/p) per sample, y and p clamped to [ε, 1] as Keras'),
        ...(classes ? ['    target = F.one_hot(target, output.shape[-1]).to(output.dtype)'] : []),
        '    target = target.clamp(EPSILON, 1)',
        '    return (target * torch.log(target / output.clamp(EPSILON, 1))).sum(dim=-1).mean()',
      ];
      return { targets: classes ? 'indices' : 'rows', code: clamp + code.join('\n') };
    }
    case 'hinge': {
      const oneHot = data.full.task === 'classification' && output[output.length - 1] > 1;
      const code = [
        ...header('Hinge loss mean(max(0, 1 − y·ŷ)); targets that are all 0 or 1 in the batch (class indices, as one-hot rows, too) are read as −1 and +1'),
        ...(oneHot ? ['    target = F.one_hot(target, output.shape[-1]).to(output.dtype)'] : []),
        '    if ((target == 0) | (target == 1)).all():',
        '        target = 2 * target - 1',
        '    return torch.clamp(1 - target * output, min=0).mean()',
      ];
      return { targets: oneHot ? 'indices' : 'rows', code: code.join('\n') };
    }
    default:
      return refuse(context, location, `loss ${name} has no PyTorch counterpart in the export yet`);
  }
}
