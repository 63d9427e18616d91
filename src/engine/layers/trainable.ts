import { ParamSchema, boolean, type ParamList, type ParamValue } from '../params';
import type { Parameter } from '../parameter';
import type { ForwardContext, Layer } from './layer';
import type { LayerConfig, LayerEntry } from './layer-entry';

/**
 * `trainable=false` on any layer line, as Keras's `layer.trainable = False`
 * and PyTorch's `requires_grad_(False)`: the layer's parameters get no update
 * and no optimizer state, weight decay and clipping's global norm leave them
 * out, and its buffers (batch norm's running statistics) stay as they are:
 * such a layer computes as in evaluation, Keras's rule for a frozen
 * BatchNormalization (PyTorch keeps updating running statistics unless the
 * module is put in eval()).
 */
export const TRAINABLE = 'trainable';

const TRAINABLE_DOC = 'false freezes the layer: its weights get no update and no optimizer state, and batch norm keeps its running statistics (Keras trainable=False)';

/** A layer registered with the `trainable` option added to its own parameters, so every layer takes it the same way. */
export function withTrainableOption(entry: LayerEntry): LayerEntry {
  const own = (config: LayerConfig): LayerConfig => {
    const { [TRAINABLE]: _trainable, ...rest } = config;
    return rest as LayerConfig;
  };
  return {
    ...entry,
    params: withTrainableParam(entry.params),
    outputShape: (inputShape, config, name) => entry.outputShape(inputShape, own(config), name),
    parameterCount: (inputShape, config) => entry.parameterCount(inputShape, own(config)),
    create: (name, inputShape, config, rng, isFirst) => {
      const layer = entry.create(name, inputShape, own(config), rng, isFirst);
      if (!isFrozen(config)) return layer;
      if (layer.buffers.length > 0) keepBuffers(layer);
      return Object.assign(layer, { frozen: true });
    },
  };
}

/** True for a layer written with `trainable=false`. */
export function isFrozen(config: LayerConfig): boolean {
  return config[TRAINABLE] === false;
}

/** Position names (`0`, `3`) of the frozen layers, as parameters name their layer. */
export function frozenLayerNames(configs: readonly LayerConfig[]): Set<string> {
  return new Set(configs.flatMap((config, index) => (isFrozen(config) ? [String(index)] : [])));
}

/** The parameters an optimizer is built over: those of layers that are not frozen (PyTorch's `filter(lambda p: p.requires_grad, …)`). */
export function trainableParameters(params: readonly Parameter[], configs: readonly LayerConfig[]): Parameter[] {
  const frozen = frozenLayerNames(configs);
  return params.filter((parameter) => !frozen.has(parameter.layer));
}

function withTrainableParam(params: ParamList): ParamList {
  const schema = new ParamSchema(params.owner, { trainable: boolean({ default: true, doc: TRAINABLE_DOC }) });
  return {
    owner: params.owner,
    ...(params.aliases ? { aliases: params.aliases } : {}),
    describe: () => [...params.describe(), ...schema.describe()],
    checkNamed: (name, value) => (name === TRAINABLE ? schema.checkNamed(name, value) : params.checkNamed(name, value)),
    resolveNamed: (values: Readonly<Record<string, ParamValue>>) => {
      const { [TRAINABLE]: trainable, ...rest } = values;
      return { ...params.resolveNamed(rest), ...schema.resolveNamed(trainable === undefined ? {} : { trainable }) };
    },
  };
}

/**
 * Runs a frozen layer's training forward passes as evaluation ones, so its
 * buffers are read and never written; its backward then uses the same fixed
 * statistics. The evaluation context is made once per training context.
 */
function keepBuffers(layer: Layer): void {
  const forward = layer.forward.bind(layer);
  let seen: ForwardContext | undefined;
  let evaluation: ForwardContext | undefined;
  layer.forward = (input, batch, context) => {
    if (!context.training) return forward(input, batch, context);
    if (context !== seen) {
      seen = context;
      evaluation = { training: false, rng: context.rng };
    }
    return forward(input, batch, evaluation!);
  };
}
