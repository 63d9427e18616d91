import type { SessionProgress } from '../session/session';

const PLAIN_LINE_INTERVAL_MS = 2000;

/** Writes training progress to a stream: a redrawn bar on a terminal, a plain line per epoch otherwise. */
export class ProgressReporter {
  private lastLine = -Infinity;
  private lastLabel = '';
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream | { write(text: string): boolean; isTTY?: boolean; columns?: number },
    private readonly file: string,
  ) {}

  update({ cell, label, progress }: SessionProgress): void {
    const { step, totalSteps, epoch, latest, elapsedMs } = progress;
    const loss = latest ? latest.loss : Number.NaN;
    const fraction = Number.isFinite(totalSteps) && totalSteps > 0 ? Math.min(1, step / totalSteps) : 0;
    const eta = fraction > 0 ? (elapsedMs / fraction - elapsedMs) / 1000 : Number.NaN;
    if (this.stream.isTTY) {
      const width = 24;
      const filled = Math.round(fraction * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const text = `${this.file} cell ${cell + 1} ${label.slice(0, 30)} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% epoch ${epoch} step ${step}/${totalSteps} loss ${formatLoss(loss)} ETA ${formatSeconds(eta)}`;
      const columns = this.stream.columns ?? 120;
      this.stream.write(`\r${text.slice(0, columns - 1).padEnd(columns - 1)}`);
      this.drawn = true;
      return;
    }
    // Plain lines (a log, a CI job): one every few seconds, plus each run's first and last.
    const done = step >= totalSteps;
    if (label === this.lastLabel && !done && elapsedMs - this.lastLine < PLAIN_LINE_INTERVAL_MS) return;
    this.lastLine = elapsedMs;
    this.lastLabel = label;
    this.stream.write(`${this.file} cell ${cell + 1} ${label}: epoch ${epoch}, step ${step}/${totalSteps}, loss ${formatLoss(loss)}, ETA ${formatSeconds(eta)}\n`);
  }

  /** Ends the bar's line so the next output starts on a fresh one. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
    this.lastLabel = '';
  }
}

function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toPrecision(4) : String(loss);
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  return seconds < 60 ? `${seconds.toFixed(0)}s` : `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}
