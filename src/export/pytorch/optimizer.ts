import { clippers } from '../../engine/optim/clipping';
import { optimizers } from '../../engine/optim/optimizers';
import { schedules } from '../../engine/optim/schedules';
import type { ConceptRef } from '../../lang/program';
import { DEFAULT_OPTIMIZER } from '../../session/build';
import { cite, refuse, type ScriptContext } from './context';
import { ADAM_WITHOUT_CORRECTION, MOMENTUM_FORMS } from './custom-optimizers';
import { pyBool, pyFloat, pyNumber, pyString } from './python';

/**
 * The optimizer as the torch.optim class of the same name and
 * hyper-parameters (ours follow PyTorch's update rules, see
 * src/engine/optim/optimizers); a form PyTorch has no class for (velocity
 * or moving-average momentum, Adam without bias correction) as a small
 * optimizer class with our rule (./custom-optimizers.ts).
 */
export function optimizerSection(context: ScriptContext): string {
  const declared = context.program.declarations.optimizer;
  const ref = declared?.value ?? DEFAULT_OPTIMIZER;
  const location = declared?.location ?? context.program.trainPlace.location;
  const entry = optimizers.get(ref.name);
  const o = entry.params.resolveNamed(ref.options) as Record<string, number | boolean | string>;
  const num = (key: string) => pyFloat(Number(o[key]));
  let call: string;
  // A rule torch.optim has no class for is defined before make_optimizer.
  let defined: string | undefined;
  switch (entry.name) {
    case 'adam':
    case 'adamw': {
      const adam = `lr=${num('lr')}, betas=(${num('beta1')}, ${num('beta2')}), eps=${num('eps')}, weight_decay=${num('weightDecay')}, amsgrad=${pyBool(o.amsgrad === true)}`;
      if (o.biasCorrection === false) {
        defined = ADAM_WITHOUT_CORRECTION;
        call = `AdamWithoutBiasCorrection(parameters, ${adam}, decoupled=${pyBool(entry.name === 'adamw')})`;
      } else {
        call = `torch.optim.${entry.name === 'adam' ? 'Adam' : 'AdamW'}(parameters, ${adam})`;
      }
      break;
    }
    case 'sgd':
    case 'momentum':
    case 'nesterov':
      if (Number(o.momentum) > 0 && o.momentumForm !== 'pytorch') {
        defined = MOMENTUM_FORMS;
        call = `MomentumSGD(parameters, lr=${num('lr')}, momentum=${num('momentum')}, form=${pyString(String(o.momentumForm))}, nesterov=${pyBool(o.nesterov === true)}, weight_decay=${num('weightDecay')})`;
        break;
      }
      call = `torch.optim.SGD(parameters, lr=${num('lr')}, momentum=${num('momentum')}, dampening=${num('dampening')}, nesterov=${pyBool(o.nesterov === true)}, weight_decay=${num('weightDecay')})`;
      break;
    case 'rmsprop':
      call = `torch.optim.RMSprop(parameters, lr=${num('lr')}, alpha=${num('alpha')}, eps=${num('eps')}, weight_decay=${num('weightDecay')}, momentum=${num('momentum')}, centered=${pyBool(o.centered === true)})`;
      break;
    case 'adagrad':
      call = `torch.optim.Adagrad(parameters, lr=${num('lr')}, lr_decay=${num('lrDecay')}, weight_decay=${num('weightDecay')}, initial_accumulator_value=${num('initialAccumulator')}, eps=${num('eps')})`;
      break;
    default:
      return refuse(context, location, `optimizer ${entry.name} has no torch.optim counterpart in the export yet`);
  }
  const source = declared ? cite(context, location) : `${entry.name}, the default optimizer`;
  const make = ['def make_optimizer(parameters):', `    """${source}."""`, `    return ${call}`].join('\n');
  return defined ? `${defined}\n\n\n${make}` : make;
}

/**
 * Gradient clipping after backward. Norm and value clipping are
 * torch.nn.utils's; PyTorch's clip_grad_norm_ divides by ‖g‖ + 1e-6 where we
 * divide by ‖g‖, a relative difference of 1e-6/‖g‖ on clipped steps only,
 * far inside float32 rounding of the loss. Per-layer, unit-wise (AGC) and
 * percentile (AutoClip) clipping have no torch function, so each is a few
 * lines of plain code with our rule.
 */
export function clippingSection(context: ScriptContext): string {
  const declared = context.program.declarations.clip;
  const header = 'def clip_gradients(model):';
  if (!declared || declared.value.name === 'none') return [header, '    """No clipping declared."""', '    return'].join('\n');
  const entry = clippers.get(declared.value.name);
  const o = entry.params.resolveNamed(declared.value.options) as Record<string, number>;
  const doc = (what: string) => `    """${cite(context, declared.location)}: ${what}."""`;
  switch (entry.name) {
    case 'norm':
      return [header, doc('the global gradient norm clipped to τ'), `    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=${pyFloat(o.maxNorm)})`].join('\n');
    case 'value':
      return [header, doc('every gradient component clamped into [−τ, τ]'), `    torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=${pyFloat(o.clipValue)})`].join('\n');
    case 'layer_norm':
      return [
        header,
        doc("each layer's gradient (the parameters of one module of the Sequential) clipped to norm τ on its own"),
        '    layers = {}',
        '    for name, parameter in model.named_parameters():',
        '        if parameter.grad is not None:',
        '            # "3.weight", or "module.3.weight" under DistributedDataParallel, belongs to module 3.',
        '            layers.setdefault(name.removeprefix("module.").split(".")[0], []).append(parameter)',
        '    for parameters in layers.values():',
        `        clip_to_norm(parameters, ${pyFloat(o.maxNorm)})`,
        '',
        '',
        CLIP_TO_NORM,
      ].join('\n');
    case 'agc':
      return [
        header,
        doc('each unit\'s gradient (a row of a weight, an element of a vector) clipped to λ·max(‖w_unit‖, ε) (Brock et al. 2021)'),
        '    for parameter in model.parameters():',
        '        if parameter.grad is None:',
        '            continue',
        '        units = parameter.shape[0] if parameter.dim() > 1 else parameter.numel()',
        '        weights = parameter.detach().reshape(units, -1)',
        '        grads = parameter.grad.view(units, -1)',
        `        max_norm = ${pyFloat(o.clipping)} * weights.norm(dim=1, keepdim=True).clamp(min=${pyFloat(o.eps)})`,
        '        norm = grads.norm(dim=1, keepdim=True)',
        '        grads.mul_(torch.where(norm > max_norm, max_norm / norm, torch.ones_like(norm)))',
      ].join('\n');
    case 'adaptive':
      return [
        `RECENT_NORMS = []  # the global gradient norms of the last ${o.window} steps`,
        '',
        '',
        header,
        doc(`AutoClip (Seetharaman et al. 2020), the global norm clipped to the ${pyNumber(o.percentile)}th percentile of the recent norms, this step's included`),
        '    parameters = [parameter for parameter in model.parameters() if parameter.grad is not None]',
        '    norm = gradient_norm(parameters)',
        '    if math.isfinite(norm):',
        '        RECENT_NORMS.append(norm)',
        `        del RECENT_NORMS[:-${o.window}]`,
        '    if RECENT_NORMS:',
        `        clip_to_norm(parameters, float(np.percentile(RECENT_NORMS, ${pyNumber(o.percentile)})))`,
        '',
        '',
        CLIP_TO_NORM,
      ].join('\n');
    default:
      return refuse(context, declared.location, `clip ${entry.name} has no PyTorch counterpart in the export yet`);
  }
}

/**
 * g ← g·τ/‖g‖ when ‖g‖ > τ, our exact rule, for the clippers written out:
 * clip_grad_norm_'s +1e-6, on a clipper that clips nearly every step, adds up.
 */
const CLIP_TO_NORM = `def gradient_norm(parameters):
    """‖g‖ over the parameters' gradients, summed in float64 as ours."""
    return math.sqrt(sum(float(parameter.grad.double().pow(2).sum()) for parameter in parameters))


def clip_to_norm(parameters, max_norm):
    """Scales the gradients by τ/‖g‖ when their norm ‖g‖ is above τ."""
    norm = gradient_norm(parameters)
    if norm > max_norm:
        for parameter in parameters:
            parameter.grad.mul_(max_norm / norm)`;

/**
 * The learning rate of each step as a Python function of the steps taken
 * so far (our schedules' t, from 0), set on the optimizer before each
 * update, as our training step does. Parameters that default to the run's
 * length were resolved when the notebook was read, so they are numbers here.
 */
export function scheduleSection(context: ScriptContext): string {
  const declared = context.program.declarations.schedule;
  const baseLr = context.program.plan.learningRate;
  const header = `def learning_rate(step):`;
  if (!declared) return [header, '    """No schedule declared: the optimizer\'s rate throughout."""', `    return ${pyFloat(baseLr)}`].join('\n');
  const stages = declared.value;
  const last = stages[stages.length - 1];
  const warmups = stages.slice(0, -1);
  const warmupSteps = warmups.reduce((sum, stage) => sum + Number(stage.options.steps ?? 0), 0);
  const remaining = Math.max(1, context.program.plan.totalSteps - warmupSteps);
  const functions: string[] = [innerRate(context, last, baseLr, remaining, declared.location)];
  let inner = 'base_rate';
  // Warmups nest: the last written wraps the final schedule, the first written wraps them all.
  [...warmups].reverse().forEach((stage, fromLast) => {
    const index = warmups.length - 1 - fromLast;
    const name = index === 0 ? 'learning_rate' : `warmup_${index + 1}_rate`;
    const steps = Number(stage.options.steps);
    const factor = Number(stage.options.start_factor ?? 0);
    functions.push(
      [
        `def ${name}(step):`,
        `    """warmup ${steps}: linear from ${pyNumber(factor)}·η(0) of what follows, then it; ${cite(context, declared.location)}."""`,
        `    if step < ${steps}:`,
        `        return ${inner}(0) * (${pyFloat(factor)} + (1 - ${pyFloat(factor)}) * step / ${steps})`,
        `    return ${inner}(step - ${steps})`,
      ].join('\n'),
    );
    inner = name;
  });
  if (warmups.length === 0) functions[0] = functions[0].replace('def base_rate(step):', header);
  return functions.join('\n\n\n');
}

/** The final stage of the schedule as `def base_rate(step)`. */
function innerRate(context: ScriptContext, stage: ConceptRef, baseLr: number, remaining: number, location: Parameters<typeof cite>[1]): string {
  const entry = schedules.get(stage.name);
  const lengthDefault = entry.runLength ? { [entry.runLength.param]: Math.max(remaining, entry.runLength.least) } : {};
  const o = entry.params.resolveNamed({ ...lengthDefault, ...stage.options }) as Record<string, number | string | boolean | undefined>;
  const lr = pyFloat(baseLr);
  const body = (doc: string, lines: string[]) => ['def base_rate(step):', `    """${doc}; ${cite(context, location)}."""`, ...lines.map((line) => `    ${line}`)].join('\n');
  switch (entry.name) {
    case 'constant':
      return body('Constant', [`return ${lr}`]);
    case 'warmup': {
      const steps = Number(o.steps);
      const factor = pyFloat(Number(o.startFactor ?? 0));
      return body(`Linear warmup over ${steps} steps, then constant`, [`if step < ${steps}:`, `    return ${lr} * (${factor} + (1 - ${factor}) * step / ${steps})`, `return ${lr}`]);
    }
    case 'step':
      return body('Step decay η0·γ^⌊t/T⌋ (StepLR)', [`return ${lr} * ${pyFloat(Number(o.gamma))} ** (step // ${Number(o.stepSize)})`]);
    case 'exponential':
      return o.gamma !== undefined
        ? body('Exponential decay η0·γ^t', [`return ${lr} * ${pyFloat(Number(o.gamma))} ** step`])
        : body('Exponential decay η0·e^(−λt)', [`return ${lr} * math.exp(-${pyFloat(Number(o.decay))} * step)`]);
    case 'cosine':
    case 'cosine_restarts': {
      const restarts = entry.name === 'cosine_restarts' || o.restarts === true;
      const period = Number(o.period);
      const min = pyFloat(Number(o.min ?? 0));
      const tMult = Number(o.tMult ?? 1);
      const walk = !restarts
        ? [`if step >= ${period}:`, `    return ${min}`, 't_cur, t_i = step, ' + period]
        : tMult === 1
          ? [`t_cur, t_i = step % ${period}, ${period}`]
          : [`t_cur, t_i = step, ${period}`, 'while t_cur >= t_i:', '    t_cur -= t_i', `    t_i *= ${pyNumber(tMult)}`];
      return body(`Cosine annealing${restarts ? ' with warm restarts' : ''} from η0 to η_min`, [...walk, `return ${min} + 0.5 * (${lr} - ${min}) * (1 + math.cos(math.pi * t_cur / t_i))`]);
    }
    case 'cyclical': {
      const size = Number(o.stepSize);
      const maxLr = pyFloat(Number(o.maxLr));
      const scale = o.mode === 'triangular' ? '1' : o.mode === 'triangular2' ? '1 / 2 ** (cycle - 1)' : `${pyFloat(Number(o.gamma ?? 1))} ** step`;
      return body(`Cyclical rate, ${String(o.mode)}`, [
        `cycle = math.floor(1 + step / ${2 * size})`,
        `x = abs(step / ${size} - 2 * cycle + 1)`,
        `return ${lr} + (${maxLr} - ${lr}) * max(0, 1 - x) * ${scale}`,
      ]);
    }
    case 'one_cycle': {
      const maxLr = Number(o.maxLr ?? baseLr);
      const initial = maxLr / Number(o.divFactor);
      const final = initial / Number(o.finalDivFactor);
      const phaseOneEnd = Number(o.pctStart) * Number(o.totalSteps) - 1;
      const lastStep = Number(o.totalSteps) - 1;
      const anneal = o.annealStrategy === 'cos' ? 'end + (start - end) / 2 * (1 + math.cos(math.pi * pct))' : 'start + (end - start) * pct';
      return body('One-cycle policy (OneCycleLR without momentum cycling)', [
        'def anneal(start, end, pct):',
        `    return ${anneal}`,
        `if step <= ${pyNumber(phaseOneEnd)}:`,
        `    return anneal(${pyFloat(initial)}, ${pyFloat(maxLr)}, step / ${pyNumber(phaseOneEnd)})`,
        `if step >= ${lastStep}:`,
        `    return ${pyFloat(final)}`,
        `return anneal(${pyFloat(maxLr)}, ${pyFloat(final)}, (step - ${pyNumber(phaseOneEnd)}) / (${lastStep} - ${pyNumber(phaseOneEnd)}))`,
      ]);
    }
    case 'reduce_on_plateau': {
      const better =
        o.mode === 'min'
          ? o.thresholdMode === 'rel' ? `value < self.best * (1 - ${pyFloat(Number(o.threshold))})` : `value < self.best - ${pyFloat(Number(o.threshold))}`
          : o.thresholdMode === 'rel' ? `value > self.best * (1 + ${pyFloat(Number(o.threshold))})` : `value > self.best + ${pyFloat(Number(o.threshold))}`;
      return [
        'class ReduceOnPlateau:',
        `    """${cite(context, location)}: PyTorch's ReduceLROnPlateau rule on the rate.`,
        `    After more than ${Number(o.patience)} epochs without improvement the rate is multiplied by`,
        `    ${pyNumber(Number(o.factor))} (not below ${pyNumber(Number(o.minLr))}), then ${Number(o.cooldown)} epochs of cooldown pass before counting again."""`,
        '',
        '    def __init__(self, rate):',
        '        self.rate = rate',
        `        self.best = ${o.mode === 'min' ? 'math.inf' : '-math.inf'}`,
        '        self.bad_epochs = 0',
        '        self.cooldown_left = 0',
        '',
        '    def observe(self, value):',
        '        """One epoch\'s monitored loss."""',
        `        if ${better}:`,
        '            self.best, self.bad_epochs = value, 0',
        '        else:',
        '            self.bad_epochs += 1',
        '        if self.cooldown_left > 0:',
        '            self.cooldown_left -= 1',
        '            self.bad_epochs = 0',
        `        if self.bad_epochs > ${Number(o.patience)}:`,
        `            reduced = max(self.rate * ${pyFloat(Number(o.factor))}, ${pyFloat(Number(o.minLr))})`,
        `            if self.rate - reduced > ${pyFloat(Number(o.eps))}:`,
        '                self.rate = reduced',
        `            self.cooldown_left, self.bad_epochs = ${Number(o.cooldown)}, 0`,
        '',
        '',
        `PLATEAU = ReduceOnPlateau(${lr})`,
        '',
        '',
        'def base_rate(step):',
        '    """The plateau rule\'s current rate: it moves at the end of an epoch only."""',
        '    return PLATEAU.rate',
      ].join('\n');
    }
    default:
      return refuse(context, location, `schedule ${entry.name} has no Python form in the export yet`);
  }
}
