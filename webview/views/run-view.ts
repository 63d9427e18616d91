import type { RunSummary } from '../../src/protocol/cell-output';
import {
  layerFractionsChart,
  layerFractionsOverTimeChart,
  layerGradientChart,
  layerOverTimeChart,
  layerVarianceChart,
  latestEpochText,
} from '../charts/layer-charts';
import { epochLossChart, epochMetricsChart, gradientNormChart, learningRateChart, stepLossChart } from '../charts/run-charts';
import { element, Region } from '../dom';
import { finite, formatCount, formatDuration, formatNumber, labelOf } from '../format';
import { formulaCards } from '../formula-cards';
import { runData, type RenderedOutput, type RunData } from '../run-data';
import type { Theme } from '../theme';
import { chartsBeside, FindingsColumn } from './findings-column';
import { ChartGrid, outputHeader, ProgressBar, section, statusBadge, type View, type ViewContext } from './view';

/**
 * A `train` statement: its charts over steps and epochs with its
 * diagnostics beside them, the layers, and the formulas of every concept it
 * used. The same view draws the live snapshots while the run trains and
 * then the finished result, so the charts are made once and only ever
 * updated, and nothing the end adds sits above them.
 */
export class RunView implements View {
  readonly element: HTMLElement;
  private readonly header = outputHeader('');
  private readonly progress = new ProgressBar();
  private readonly findings: FindingsColumn;
  private readonly training = new ChartGrid(['epoch-loss', 'metrics', 'step-loss', 'learning-rate', 'gradient-norm']);
  private readonly layers = new ChartGrid(['layer-variance', 'layer-gradient', 'layer-fractions', 'variance-over-time', 'gradient-over-time', 'fractions-over-time']);
  private readonly cards = new Region('div', 'nnlab-cards');
  private readonly formulas: HTMLDetailsElement;

  constructor(private readonly context: ViewContext) {
    this.formulas = section('Formulas', 'nnlab-formulas', [this.cards.element]);
    this.findings = new FindingsColumn(context.reveal);
    this.element = element('section', { className: 'nnlab-output nnlab-run' }, [
      this.header.element,
      this.progress.element,
      chartsBeside([this.training.element], [section('Layers', 'nnlab-layers', [this.layers.element]), this.formulas], this.findings),
    ]);
  }

  accepts(output: RenderedOutput): boolean {
    return output.kind === 'train' || (output.kind === 'live' && output.action === 'train');
  }

  update(output: RenderedOutput): void {
    const run = runOf(output);
    if (run === undefined) return;
    const theme = this.context.theme();
    this.header.title.textContent = output.kind === 'train' || output.kind === 'live' ? output.title : '';
    this.header.facts.replaceChildren(statusBadge(run.status), ...facts(run).map((fact) => element('span', { className: 'nnlab-fact' }, [fact])));
    this.progress.show(run.live, run.steps, run.totalSteps, `step ${run.steps} of ${run.totalSteps}`);
    const state = output.kind !== 'live' ? 'ended' : run.live ? 'training' : 'interrupted';
    this.findings.show([{ diagnostics: run.diagnostics }], state, run.divergence ? divergenceText(run.divergence) : undefined);
    this.training.show(
      {
        'epoch-loss': epochLossChart(run),
        metrics: epochMetricsChart(run),
        'step-loss': stepLossChart(run),
        'learning-rate': learningRateChart(run),
        'gradient-norm': gradientNormChart(run),
      },
      theme,
    );
    const latest = run.epochs[run.epochs.length - 1]?.layers ?? [];
    const when = latestEpochText(run);
    this.layers.show(
      {
        'layer-variance': layerVarianceChart(latest, when),
        'layer-gradient': layerGradientChart(latest, when),
        'layer-fractions': layerFractionsChart(latest, when),
        'variance-over-time': run.epochs.length > 1 ? layerOverTimeChart(run, 'activationVariance') : undefined,
        'gradient-over-time': run.epochs.length > 1 ? layerOverTimeChart(run, 'gradientNorm') : undefined,
        'fractions-over-time': run.epochs.length > 1 ? layerFractionsOverTimeChart(run) : undefined,
      },
      theme,
    );
    this.cards.set(JSON.stringify(run.concepts), () => formulaCards(run.concepts));
    this.formulas.hidden = run.concepts.length === 0;
  }

  retheme(theme: Theme): void {
    this.training.retheme(theme);
    this.layers.retheme(theme);
  }

  dispose(): void {
    this.training.dispose();
    this.layers.dispose();
  }
}

function runOf(output: RenderedOutput): RunData | undefined {
  if (output.kind === 'train') return runData(output.run);
  if (output.kind === 'live' && output.runs.length > 0) return runData(output.runs[output.runs.length - 1]);
  return undefined;
}

/** The facts under the title: progress, time, and the latest loss and metrics. */
export function facts(run: RunData): string[] {
  const out = [run.live ? `step ${formatCount(run.steps)} of ${formatCount(run.totalSteps)}` : `${formatCount(run.steps)} steps`];
  const epoch = run.epochs[run.epochs.length - 1];
  if (epoch !== undefined) out.push(`epoch ${epoch.epoch}`);
  if (run.elapsedMs > 0) out.push(formatDuration(run.elapsedMs));
  if (run.threads !== undefined && run.threads > 1) out.push(`${run.threads} threads`);
  // Like the final metrics, the figures are the validation split's when there is one.
  const validation = epoch !== undefined && finite(epoch.validationLoss) !== null;
  const metrics = run.finalMetrics ?? latestMetrics(run);
  for (const [name, value] of Object.entries(metrics)) out.push(`${validation ? 'val ' : ''}${labelOf(name)} ${formatNumber(value)}`);
  return out;
}

/** While training: the last epoch's loss and metrics, on the validation split when there is one. */
function latestMetrics(run: RunData): Record<string, number> {
  const epoch = run.epochs[run.epochs.length - 1];
  if (epoch === undefined) return run.latest ? { loss: run.latest.loss } : {};
  return epoch.validationLoss !== undefined ? { loss: epoch.validationLoss, ...epoch.validationMetrics } : { loss: epoch.trainLoss, ...epoch.metrics };
}

function divergenceText(divergence: NonNullable<RunSummary['divergence']>): string {
  const where = divergence.layer !== undefined ? ` in layer ${divergence.layer}` : '';
  return `Diverged at step ${formatCount(divergence.step)} (epoch ${divergence.epoch}): the ${divergence.quantity}${where} became ${formatNumber(divergence.value)}.`;
}
