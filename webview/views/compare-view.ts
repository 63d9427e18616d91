import type { CompareOutput } from '../../src/protocol/cell-output';
import type { LiveOutput } from '../../src/protocol/live-output';
import {
  compareEpochLossChart,
  compareGradientNormChart,
  compareLayerChart,
  compareLearningRateChart,
  compareMetricChart,
  compareStepLossChart,
} from '../charts/compare-charts';
import { tuningObjectiveChart, tuningScalesChart } from '../charts/init-tuning-charts';
import { compareThroughTimeChart, throughTimeLayers } from '../charts/through-time-chart';
import { element, Region, table } from '../dom';
import { finite, formatCount, formatDuration, formatNumber, labelOf } from '../format';
import { formulaCards } from '../formula-cards';
import { runData, type RenderedOutput, type RunData } from '../run-data';
import type { Theme } from '../theme';
import { chartsBeside, FindingsColumn } from './findings-column';
import { CompareLandscapes } from './compare-landscapes';
import { ThroughTimeGrid } from './through-time-grid';
import { ChartGrid, outputHeader, ProgressBar, section, statusBadge, type View, type ViewContext } from './view';

/**
 * A `compare` statement: its runs overlaid in every chart, each run in the
 * same colour throughout, side by side in a table under the charts, and
 * their diagnostics beside the charts. Live snapshots (the runs so far, the
 * last one training) and the final result share the view; what grows or
 * arrives at the end (the table's rows, the diagnostics) never pushes the
 * charts down.
 */
export class CompareView implements View {
  readonly element: HTMLElement;
  private readonly header = outputHeader('');
  private readonly progress = new ProgressBar();
  private readonly summary = new Region('div', 'nnlab-summary-table');
  private readonly findings: FindingsColumn;
  private readonly charts = new ChartGrid(['step-loss', 'epoch-loss', 'metric', 'learning-rate', 'gradient-norm']);
  private readonly landscapes = new CompareLandscapes();
  private readonly layers = new ChartGrid(['layer-variance', 'layer-gradient']);
  private readonly throughTime = new ThroughTimeGrid();
  private readonly tuning = new ChartGrid(['tuning-objective', 'tuning-scales']);
  private readonly cards = new Region('div', 'nnlab-cards');
  private readonly formulas: HTMLDetailsElement;

  constructor(private readonly context: ViewContext) {
    this.formulas = section('Formulas', 'nnlab-formulas', [this.cards.element], false);
    this.findings = new FindingsColumn(context.reveal);
    this.element = element('section', { className: 'nnlab-output nnlab-compare' }, [
      this.header.element,
      this.progress.element,
      chartsBeside([this.charts.element, this.throughTime.element, this.summary.element, this.tuning.element, this.landscapes.element], [section('Layers at initialization', 'nnlab-layers', [this.layers.element]), this.formulas], this.findings),
    ]);
  }

  accepts(output: RenderedOutput): boolean {
    return output.kind === 'compare' || (output.kind === 'live' && output.action === 'compare');
  }

  update(output: RenderedOutput): void {
    if (!this.accepts(output)) return;
    const compare = output as CompareOutput | LiveOutput;
    const runs = compare.runs.map(runData);
    const setting = compare.kind === 'compare' ? compare.setting : settingOf(compare.title);
    const theme = this.context.theme();
    // A comparison saved mid-run is a live snapshot whose runs say `interrupted`: nothing trains it any more.
    const interrupted = compare.kind === 'live' && compare.runs.some((run) => run.status === 'interrupted');
    const live = compare.kind === 'live' && !interrupted;
    this.header.title.textContent = compare.title;
    this.header.facts.replaceChildren(
      ...(live ? [statusBadge('running')] : interrupted ? [statusBadge('interrupted')] : []),
      element('span', { className: 'nnlab-fact' }, [live ? `${runs.length} ${runs.length === 1 ? 'run' : 'runs'} so far` : `${runs.length} runs, differing only in ${labelOf(setting)}`]),
    );
    const steps = runs.reduce((sum, run) => sum + run.steps, 0);
    const total = runs.reduce((sum, run) => sum + run.totalSteps, 0);
    this.progress.show(live, steps, total, `step ${steps} of ${total}`);
    this.summary.set(JSON.stringify(runs.map(rowKey)), () => [summaryTable(runs)]);
    this.findings.show(runs, interrupted ? 'interrupted' : live ? 'training' : 'ended');
    this.charts.show(
      {
        'step-loss': compareStepLossChart(runs, setting),
        'epoch-loss': compareEpochLossChart(runs, setting),
        metric: compareMetricChart(runs, setting),
        'learning-rate': compareLearningRateChart(runs, setting),
        'gradient-norm': compareGradientNormChart(runs, setting),
      },
      theme,
    );
    this.landscapes.show(runs, theme);
    this.layers.show({ 'layer-variance': compareLayerChart(runs, 'activationVariance'), 'layer-gradient': compareLayerChart(runs, 'gradientNorm') }, theme);
    this.throughTime.show(throughTimeLayers(runs), (layer) => compareThroughTimeChart(runs, labelOf(setting), layer), theme);
    this.tuning.show({ 'tuning-objective': tuningObjectiveChart(runs), 'tuning-scales': tuningScalesChart(runs) }, theme);
    const concepts = runs.flatMap((run) => run.concepts);
    this.cards.set(JSON.stringify(concepts), () => formulaCards(concepts));
    this.formulas.hidden = concepts.length === 0;
  }

  retheme(theme: Theme): void {
    this.charts.retheme(theme);
    this.landscapes.retheme(theme);
    this.layers.retheme(theme);
    this.tuning.retheme(theme);
    this.throughTime.retheme(theme);
  }

  dispose(): void {
    this.charts.dispose();
    this.layers.dispose();
    this.tuning.dispose();
    this.throughTime.dispose();
  }
}

/** "compare init=[…] epochs=40" → "init": a live snapshot has only the statement's text. */
function settingOf(title: string): string {
  return /compare\s+(\w+)\s*=/.exec(title)?.[1] ?? 'setting';
}

/** What the table shows of a run; the table is rebuilt only when this changes. */
function rowKey(run: RunData): unknown[] {
  const last = run.epochs[run.epochs.length - 1];
  return [run.label, run.status, run.steps, last?.epoch, run.finalMetrics];
}

/** One row per run: status, steps, losses and metrics of the last epoch, time. */
function summaryTable(runs: readonly RunData[]): HTMLElement {
  const metricNames = [...new Set(runs.flatMap((run) => run.epochs.flatMap((e) => Object.keys(e.validationMetrics ?? {}).length > 0 ? Object.keys(e.validationMetrics) : Object.keys(e.metrics ?? {}))))];
  const validation = runs.some((run) => run.epochs.some((e) => finite(e.validationLoss) !== null));
  const headers = ['run', 'status', 'steps', 'train loss', ...(validation ? ['val loss'] : []), ...metricNames.map((m) => `${validation ? 'val ' : ''}${labelOf(m)}`), 'time'];
  const rows = runs.map((run) => {
    const last = run.epochs[run.epochs.length - 1];
    const metrics = validation ? last?.validationMetrics : last?.metrics;
    return [
      run.label,
      statusBadge(run.status),
      formatCount(run.steps),
      last ? formatNumber(last.trainLoss) : '—',
      ...(validation ? [last?.validationLoss !== undefined ? formatNumber(last.validationLoss) : '—'] : []),
      ...metricNames.map((m) => (metrics?.[m] !== undefined ? formatNumber(metrics[m]) : '—')),
      run.elapsedMs > 0 ? formatDuration(run.elapsedMs) : '—',
    ];
  });
  const numeric = headers.map((_, i) => i).filter((i) => i >= 2);
  return table(headers, rows, { numeric });
}
