import { element } from './dom';

/**
 * The controls above a chart over time, as TensorBoard has them: a
 * smoothing slider (0 = raw values, up to 0.99) and a linear/log toggle for
 * the y axis. Native inputs, so they take keyboard focus and arrow keys,
 * and they are coloured by the theme's CSS. What the reader chose is kept
 * across live updates: a new spec's defaults apply only until the reader
 * touches a control.
 */
export class ChartControls {
  readonly element: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly readout: HTMLOutputElement;
  private readonly logBox: HTMLInputElement;
  private chosenSmoothing: number | undefined;
  private chosenLog: boolean | undefined;
  private defaultSmoothing = 0;
  private defaultLog = false;

  constructor(title: string, private readonly onChange: () => void) {
    this.slider = element('input', {
      className: 'nnlab-smoothing-input',
      attrs: { type: 'range', min: '0', max: '0.99', step: '0.01', 'aria-label': `Smoothing of ${title}` },
    });
    this.readout = element('output', { className: 'nnlab-smoothing-value' });
    this.logBox = element('input', { className: 'nnlab-log-input', attrs: { type: 'checkbox', 'aria-label': `Logarithmic y axis for ${title}` } });
    this.element = element('div', { className: 'nnlab-chart-controls' }, [
      element('label', { className: 'nnlab-control', title: 'Exponential moving average, debiased as in TensorBoard; the raw values stay faint behind' }, ['smoothing ', this.slider, ' ', this.readout]),
      element('label', { className: 'nnlab-control' }, [this.logBox, ' log y']),
    ]);
    this.slider.addEventListener('input', () => {
      this.chosenSmoothing = Number(this.slider.value);
      this.sync();
      this.onChange();
    });
    this.logBox.addEventListener('change', () => {
      this.chosenLog = this.logBox.checked;
      this.onChange();
    });
  }

  /** Takes a spec's defaults: its smoothing and whether its y axis is log. */
  defaults(smoothing: number, log: boolean): void {
    this.defaultSmoothing = smoothing;
    this.defaultLog = log;
    this.sync();
  }

  /** The smoothing weight in force. */
  get smoothing(): number {
    return this.chosenSmoothing ?? this.defaultSmoothing;
  }

  /** Whether the y axis is log. */
  get log(): boolean {
    return this.chosenLog ?? this.defaultLog;
  }

  private sync(): void {
    this.slider.value = String(this.smoothing);
    this.readout.textContent = this.smoothing.toFixed(2);
    this.logBox.checked = this.log;
  }
}
