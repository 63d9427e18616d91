import type { GradientSurveyOutput, LrFinderOutput } from '../protocol/find-output';

/** `find lr` in a terminal: the sweep's extent, each suggestion with its reason, and what to write. */
export function lrFinderLines(output: LrFinderOutput): string[] {
  const { sweep, rates } = output;
  return [
    `${output.title}: ${rates.length} of ${sweep.steps} batches of ${sweep.batch}, η from ${sweep.start} to ${rates.at(-1) ?? sweep.start} (${output.optimizer}, declared lr=${output.currentLr})`,
    ...output.suggestions.map((s) => `  ${s.explanation}`),
    ...(output.use ? [`  To use it, write: ${output.use}`] : [`  ${output.explanation}`]),
  ];
}

/** `find clip` in a terminal: the percentiles of ‖g‖, a text histogram, and τ with what to write. */
export function gradientSurveyLines(output: GradientSurveyOutput): string[] {
  const { histogram, percentiles, threshold } = output;
  const most = Math.max(1, ...histogram.counts);
  const bars = histogram.counts.map((count, k) => `  ${histogram.edges[k].toPrecision(3).padStart(9)} │${'█'.repeat(Math.round((count / most) * 30))} ${count}`);
  return [
    `${output.title}: ‖g‖ over ${output.norms.length} steps at η = ${output.learningRate}, without clipping`,
    `  percentiles: ${percentiles.map(({ p, value }) => `p${p} ${value.toPrecision(3)}`).join(', ')}`,
    ...bars,
    `  Suggested τ = ${threshold.value.toPrecision(3)} (the ${threshold.p}th percentile). To use it, write: ${output.use}`,
  ];
}
