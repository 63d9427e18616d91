import { ParamSchema, boolean } from '../engine/params';
import type { ArgumentNode, StatementNode } from './nodes';
import type { Instruction } from './program';
import { bindOptions, type ProblemList } from './resolve';

/**
 * `load weights "file" [strict=false] [include_top=false]`: the whole file
 * by default; part of it for a pretrained body under a new head. The two
 * spellings are the ones PyTorch and Keras users reach for.
 */
export const loadWeightsParams = new ParamSchema('load weights', {
  strict: boolean({
    default: true,
    doc: "false: load the tensors whose nn.Sequential name and shape match the model's, keep the rest at their initialization, and list what was missing, unused or of another shape (PyTorch's load_state_dict(strict=False))",
  }),
  includeTop: boolean({
    default: true,
    doc: "false: leave the output layer (the last layer with weights) at its initialization and ignore the file's own top, for a new head on a pretrained body (Keras's include_top=False)",
  }),
});

/** `load weights`'s meaning: the file and how it is matched to the model. */
type LoadInstruction = Omit<Extract<Instruction, { kind: 'load' }>, 'start' | 'end'>;

/** The options after `load weights "file"`, each checked at its own place; undefined after reporting. */
export function lowerLoadOptions(path: string, options: readonly ArgumentNode[], statement: StatementNode, problems: ProblemList): LoadInstruction | undefined {
  const named = bindOptions(loadWeightsParams, options, statement.keyword, problems, {}, {}, { resolvers: {}, refs: {}, positional: 0 });
  if (!named) return undefined;
  const { strict, includeTop } = loadWeightsParams.resolveNamed(named);
  return { kind: 'load', path, strict, includeTop };
}
