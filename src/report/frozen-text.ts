import type { RunSummary } from '../protocol/cell-output';

/**
 * The line a terminal shows for a run with frozen layers (`trainable=false`),
 * so flat weights read as chosen: "frozen: layers 0, 1 (dense, dense), not
 * updated". None when every layer trained.
 */
export function frozenLines(run: RunSummary): string[] {
  const frozen = (run.epochs[0]?.layers ?? []).filter((layer) => layer.frozen);
  if (frozen.length === 0) return [];
  const noun = frozen.length === 1 ? 'layer' : 'layers';
  return [`frozen: ${noun} ${frozen.map((layer) => layer.layer).join(', ')} (${frozen.map((layer) => layer.kind).join(', ')}), not updated`];
}
