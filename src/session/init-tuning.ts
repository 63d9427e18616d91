import type { InitTuningReport } from '../engine/meta-init/tune';
import type { InitTuningSummary } from '../protocol/init-tuning';

/** The engine's report of MetaInit or GradInit as the output carries it. */
export function initTuningSummary(report: InitTuningReport): InitTuningSummary {
  return {
    method: report.method,
    objective: [...report.objective],
    ...(report.constrained ? { constrained: [...report.constrained] } : {}),
    scales: report.scales.map(({ layer, parameter, base, scale }) => ({ layer, parameter, base, scale })),
    batchSize: report.batchSize,
  };
}
