import type { RunSummary } from '../../src/protocol/cell-output';
import { continuationText } from '../../src/report/continued';
import { layerFractionsChart, layerGradientChart, layerVarianceChart, latestEpochText } from '../charts/layer-charts';
import { epochLossChart, epochMetricsChart, gradientNormChart, learningRateChart, stepLossChart } from '../charts/run-charts';
import { tuningObjectiveChart, tuningScalesChart } from '../charts/init-tuning-charts';
import { throughTimeChart, throughTimeLayers } from '../charts/through-time-chart';
import { element, Region } from '../dom';
import { finite, formatCount, formatDuration, formatNumber, labelOf } from '../format';
import { formulaCards } from '../formula-cards';
import { LandscapePanel } from '../landscape-panel';
import { LayerHeatmapPanel } from '../layer-heatmap-panel';
import { runData, type RenderedOutput, type RunData } from '../run-data';
import type { Theme } from '../theme';
import { chartsBeside, FindingsColumn } from './findings-column';
import { OtherRuns } from './other-runs';
import { ThroughTimeGrid } from './through-time-grid';
import { ChartGrid, outputHeader, ProgressBar, section, statusBadge, type View, type ViewContext } from './view';

/**
 * A `train` statement: its charts over steps and epochs with its
 * diagnostics beside them, what the network learned (the decision
 * landscape, for data with two features), the layers — at the latest epoch
 * and, in one heatmap, over every epoch — and the formulas of every concept
 * it used. The same view draws the live snapshots while the run trains and
 * then the finished result, so the charts are made once and only ever
 * updated, and nothing the end adds sits above them. A run that continued
 * from earlier weights says so under its title, from its first snapshot.
 */
export class RunView implements View {
  readonly element: HTMLElement;
  private readonly header = outputHeader('');
  private readonly progress = new ProgressBar();
  private readonly continued = element('p', { className: 'nnlab-continued', hidden: true });
  private readonly findings: FindingsColumn;
  private readonly training = new ChartGrid(['epoch-loss', 'metrics', 'step-loss', 'learning-rate', 'gradient-norm']);
  private readonly tuning = new ChartGrid(['tuning-objective', 'tuning-scales']);
  private readonly landscape = new LandscapePanel();
  private readonly others: OtherRuns | undefined;
  private readonly layers = new ChartGrid(['layer-variance', 'layer-gradient', 'layer-fractions']);
  private readonly throughTime = new ThroughTimeGrid();
  private readonly heatmap = new LayerHeatmapPanel();
  private readonly cards = new Region('div', 'nnlab-cards');
  private readonly formulas: HTMLDetailsElement;

  constructor(private readonly context: ViewContext) {
    this.formulas = section('Formulas', 'nnlab-formulas', [this.cards.element]);
    this.findings = new FindingsColumn(context.reveal);
    this.others = context.runs && new OtherRuns(context.runs, `${context.outputId ?? 'output'}:${++runViews}`);
    this.element = element('section', { className: 'nnlab-output nnlab-run' }, [
      this.header.element,
      this.continued,
      this.progress.element,
      chartsBeside([this.training.element, ...(this.others ? [this.others.element] : []), this.tuning.element, this.landscape.element], [section('Layers', 'nnlab-layers', [this.layers.element, this.throughTime.element, this.heatmap.element]), this.formulas], this.findings),
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
    this.showContinued(output);
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
      },
      theme,
    );
    this.throughTime.show(throughTimeLayers([run]), (layer) => throughTimeChart(run, layer), theme);
    this.tuning.show({ 'tuning-objective': tuningObjectiveChart([run]), 'tuning-scales': tuningScalesChart([run]) }, theme);
    this.others?.show(this.header.title.textContent ?? run.label, run, theme);
    this.landscape.show(run.landscape, theme, run.live ? 'What the network has learned so far' : 'What the network learned');
    this.heatmap.show(run.epochs, theme);
    this.cards.set(JSON.stringify(run.concepts), () => formulaCards(run.concepts));
    this.formulas.hidden = run.concepts.length === 0;
  }

  retheme(theme: Theme): void {
    this.training.retheme(theme);
    this.others?.retheme(theme);
    this.landscape.retheme(theme);
    this.tuning.retheme(theme);
    this.layers.retheme(theme);
    this.throughTime.retheme(theme);
    this.heatmap.retheme(theme);
  }

  /**
   * "Continued from …" under the title. The final result says where the
   * weights came from; a live snapshot knows it only from the statement's
   * title, which the session marks "(continued)" — the line appears from the
   * first snapshot, so nothing moves when the result arrives.
   */
  private showContinued(output: RenderedOutput): void {
    const run = output.kind === 'train' ? output.run : undefined;
    const text = run?.continued !== undefined ? continuationText(run.continued) : undefined;
    const live = output.kind === 'live' && output.title.endsWith('(continued)');
    this.continued.hidden = text === undefined && !live;
    this.continued.textContent = text ?? (live ? 'Continued from the weights trained before, not from a fresh initialization.' : '');
  }

  dispose(): void {
    this.others?.dispose();
    this.training.dispose();
    this.layers.dispose();
    this.tuning.dispose();
    this.throughTime.dispose();
  }
}

/** Run views made so far in this page: each one's key among the notebook's runs. */
let runViews = 0;

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
