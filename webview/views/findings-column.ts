import { groupDiagnostics, type LabelledDiagnostics } from '../../src/report/diagnostic-groups';
import { diagnosticGroups, type Reveal } from '../diagnostics-list';
import { element, Region } from '../dom';

/**
 * The findings of a run or a comparison, in a column beside its charts (below
 * them in a narrow output, renderer.css). The column is there from the first
 * live snapshot, saying that findings come at the end, so that when they come
 * the charts neither move nor change size. Beside the charts the column is
 * as tall as the view's other content and scrolls when the findings are
 * longer, so they never push the charts under them down either.
 */
export class FindingsColumn {
  readonly element: HTMLElement;
  private readonly divergence = new Region('p', 'nnlab-divergence');
  private readonly list = new Region('div', 'nnlab-diagnostics-region');
  private readonly note = element('p', { className: 'nnlab-muted nnlab-findings-note' });

  constructor(private readonly reveal: Reveal | undefined) {
    this.element = element('aside', { className: 'nnlab-findings-column', attrs: { 'aria-label': 'Findings' } }, [
      element('div', { className: 'nnlab-findings-scroll' }, [this.divergence.element, this.list.element, this.note]),
    ]);
  }

  /** Shows the runs' diagnostics grouped by code and run; `divergence` is a diverged run's sentence. */
  show(runs: readonly LabelledDiagnostics[], state: FindingsState, divergence?: string): void {
    this.divergence.set(divergence ?? '', () => (divergence !== undefined ? [divergence] : []));
    this.list.set(JSON.stringify(runs.map((run) => [run.label, run.diagnostics])), () => [diagnosticGroups(groupDiagnostics(runs), this.reveal)]);
    this.note.textContent = NOTES[state];
    this.note.hidden = runs.some((run) => run.diagnostics.length > 0);
  }
}

/** Where the runs are: diagnostics are made when training ends. */
export type FindingsState = 'training' | 'interrupted' | 'ended';

/** What the column says when it has no diagnostics to show. */
const NOTES: Readonly<Record<FindingsState, string>> = {
  training: 'Diagnostics appear here when training ends.',
  interrupted: 'No diagnostics: training was cut off before its end, when they are made.',
  ended: 'No diagnostics: every measurement stayed within its threshold.',
};

/**
 * A view's content with the findings column beside it: `charts` first, then
 * `rest` (layers, formulas). A narrow output stacks them with the findings
 * between the charts and the rest.
 */
export function chartsBeside(charts: readonly HTMLElement[], rest: readonly HTMLElement[], findings: FindingsColumn): HTMLElement {
  return element('div', { className: 'nnlab-beside' }, [
    element('div', { className: 'nnlab-beside-main' }, [element('div', { className: 'nnlab-beside-charts' }, charts), ...rest]),
    findings.element,
  ]);
}
