import { activations } from '../activations';
import { initializers } from '../initializers';
import { losses } from '../losses';
import { metrics } from '../metrics';
import { clippers } from '../optim/clipping';
import { optimizers } from '../optim/optimizers';
import { schedules } from '../optim/schedules';
import type { Registry, NamedEntry } from '../registry';

/**
 * What the diagnostics need to know about the concepts a run names: which
 * family an activation belongs to, what variance an initializer aims for,
 * which losses are probabilistic. Names are read through the engine's
 * registries, so an alias (`kaiming_normal`, `ReLU`) means what its canonical
 * name means, and a fix always names the canonical concept.
 */

/** The entry `name` stands for, or undefined when the registry does not know it. */
function entryOf<E extends NamedEntry>(registry: Registry<E>, name: string | undefined): E | undefined {
  return name !== undefined && registry.has(name) ? registry.get(name) : undefined;
}

/** The canonical name of `name` in `registry`, or `name` itself when the registry does not know it. */
function canonical(registry: Registry<NamedEntry>, name: string | undefined): string | undefined {
  return entryOf(registry, name)?.name ?? name;
}

export type ActivationFamily = 'relu' | 'saturating' | 'other';

/** ReLU family (dying units), tanh/sigmoid (saturation), or neither. */
export function activationFamily(name: string | undefined): ActivationFamily {
  return entryOf(activations, name)?.create().family ?? 'other';
}

export function activationName(name: string | undefined): string | undefined {
  return canonical(activations, name);
}

export function initializerName(name: string | undefined): string | undefined {
  return canonical(initializers, name);
}

/** The s in the rule Var(W) = s/n an initializer draws by; undefined for one whose variance the name alone does not tell. */
export function varianceScale(initializer: string | undefined): 1 | 2 | undefined {
  return entryOf(initializers, initializer)?.variance?.scale;
}

/**
 * The s a family needs to keep the signal's variance from layer to layer, its
 * suited initializer's: ReLU zeroes half of z, so it needs s = 2 (He et al.
 * 2015); tanh and sigmoid are near-linear around 0 and need s = 1 (Glorot &
 * Bengio 2010).
 */
export function neededVarianceScale(family: ActivationFamily): 1 | 2 | undefined {
  return family === 'other' ? undefined : varianceScale(suitedInitializer(family));
}

/** The initializer a family calls for, as the catalog names it. */
export function suitedInitializer(family: ActivationFamily): 'he_normal' | 'glorot_uniform' {
  return family === 'relu' ? 'he_normal' : 'glorot_uniform';
}

/** The rule an initializer draws by, for messages (`Var(W) = 2/(n_in + n_out)`), written from its registry entry. */
export function varianceFormula(initializer: string | undefined): string {
  const rule = entryOf(initializers, initializer)?.variance;
  if (rule === undefined) return 'its variance';
  return rule.fan === 'fan_avg' ? `Var(W) = ${2 * rule.scale}/(n_in + n_out)` : `Var(W) = ${rule.scale}/n_in`;
}

/**
 * Cross-entropy losses, whose gradient at a sigmoid or softmax output is
 * p − y: it does not pass through σ′, so a saturated output there is a
 * confident prediction, not a stalled unit.
 */
export function isCrossEntropy(loss: string): boolean {
  return entryOf(losses, loss)?.crossEntropy ?? false;
}

/** True when some accuracy metric of the record is 1: a flat loss then means solved. */
export function hasPerfectAccuracy(values: Readonly<Record<string, number>>): boolean {
  return Object.entries(values).some(([name, value]) => canonical(metrics, name) === 'accuracy' && value >= 1);
}

/** The value of the record's accuracy metric (under any of its names), or undefined when it was not measured. */
export function accuracyOf(values: Readonly<Record<string, number>>): number | undefined {
  const found = Object.entries(values).find(([name, value]) => canonical(metrics, name) === 'accuracy' && Number.isFinite(value));
  return found?.[1];
}

export function clipMethodName(method: string | undefined): string | undefined {
  return canonical(clippers, method);
}

export function scheduleName(schedule: string | undefined): string | undefined {
  return canonical(schedules, schedule);
}

/** Optimizers with per-parameter step sizes, which cross flat regions that stall plain SGD. */
export function isAdaptiveOptimizer(optimizer: string): boolean {
  return entryOf(optimizers, optimizer)?.adaptive ?? false;
}
