import { ParamSchema, type ParamSpec, type ParamSpecs } from '../params';
import { Registry, type NamedEntry } from '../registry';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostic';
import { thresholdSchema, type DiagnosticThresholds } from './snapshot';

/**
 * The diagnostic codes as a registry for the language and the catalog (the
 * checks are never looked up by name), their parameters the thresholds read.
 */

/** The thresholds each code reads, in the order its formula uses them. */
export const thresholdsOf: Readonly<Record<DiagnosticCode, readonly (keyof DiagnosticThresholds)[]>> = {
  symmetry: ['symmetryTolerance'],
  'vanishing-gradients': ['vanishingRatio'],
  'exploding-gradients': ['explodingRatio'],
  'vanishing-through-time': ['vanishingThroughTime'],
  'exploding-through-time': ['explodingThroughTime'],
  'dying-relu': ['deadFraction'],
  saturation: ['saturatedFraction'],
  'frequent-clipping': ['clippingFraction', 'minWindowSteps'],
  divergence: [],
  'lr-too-high': ['lossRiseFactor', 'lossTrendRise', 'minWindowSteps'],
  plateau: ['plateauEpochs', 'plateauChange', 'plateauLossFloor'],
  'chance-level': ['chanceEpochs', 'chanceLossMargin', 'chanceAccuracyMargin'],
  'init-mismatch': [],
  overfitting: ['overfittingEpochs', 'overfittingGap', 'overfittingMargin'],
  'update-ratio': ['updateRatioHigh', 'updateRatioLow'],
};

/** The thresholds one code reads, as a schema of their own built from the engine's specs. */
function thresholdParams(code: DiagnosticCode): ParamSchema<ParamSpecs> {
  const specs: Record<string, ParamSpec> = {};
  for (const key of thresholdsOf[code]) specs[key] = thresholdSchema.specs[key];
  return new ParamSchema(`diagnostic ${code}`, specs);
}

/** Every diagnostic code; `dying_relu` finds `dying-relu` as the registries read `-` as `_`. */
export const diagnostics = new Registry<NamedEntry>(
  'diagnostic',
  DIAGNOSTIC_CODES.map((code) => ({ name: code, aliases: [], params: thresholdParams(code) })),
);
