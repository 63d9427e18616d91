import type { SchedulePreview } from '../../protocol/worker-messages';

/**
 * The schedule preview page: η_t as an SVG line over the planned steps and a
 * table at a dozen steps. Static HTML — no script, so the webview's content
 * security policy allows only its own inline style — themed with VS Code's
 * CSS variables.
 */

const WIDTH = 640;
const HEIGHT = 260;
/** Room for the y tick labels and title on the left, the x ones below, and half a label beyond each end of the axes. */
const MARGIN = { left: 72, right: 28, top: 14, bottom: 48 };
const TABLE_ROWS = 12;

/** The page for a preview; `nonce` marks the one inline style the policy allows. */
export function scheduleHtml(preview: SchedulePreview, title: string, nonce: string): string {
  const body = preview.status === 'error' ? problemsHtml(preview) : chartHtml(preview) + tableHtml(preview);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<title>${escape(title)}</title>
<style nonce="${nonce}">
body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); padding: 0 1em; }
svg { display: block; width: 100%; max-width: ${WIDTH}px; height: auto; }
svg .curve { fill: none; stroke: var(--vscode-charts-blue, #3794ff); stroke-width: 2; stroke-linejoin: round; }
svg .axis { stroke: var(--vscode-foreground, #888); opacity: 0.6; }
svg .grid { stroke: var(--vscode-foreground, #888); opacity: 0.15; }
svg text { fill: var(--vscode-foreground); font-size: 11px; }
svg .title { font-size: 12px; }
table { border-collapse: collapse; margin-top: 1em; }
td, th { padding: 2px 12px; text-align: right; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
.problem { color: var(--vscode-errorForeground); }
</style></head><body>
<h2>${escape(title)}</h2>
<p><code>${escape(preview.statement)}</code>${describe(preview)}</p>
${body}
</body></html>`;
}

function describe(preview: SchedulePreview): string {
  if (preview.status === 'error') return '';
  const schedule = preview.schedule ? `schedule ${escape(preview.schedule)}` : 'no schedule: a constant learning rate';
  return ` — ${escape(preview.optimizer ?? '')}, ${schedule}, ${preview.totalSteps} steps.`;
}

function problemsHtml(preview: SchedulePreview): string {
  const items = preview.problems.map((p) => `<li class="problem">${escape(p.message)}</li>`).join('');
  return `<p>The run cannot be planned yet:</p><ul>${items || '<li>no train statement could be planned</li>'}</ul>`;
}

/** η_t at the preview's points, or the constant rate over the whole run when there is no schedule. */
function points(preview: SchedulePreview): readonly { x: number; y: number }[] {
  if (preview.points.length > 0) return preview.points;
  const lr = preview.baseLearningRate ?? 0;
  return [
    { x: 0, y: lr },
    { x: Math.max(1, preview.totalSteps - 1), y: lr },
  ];
}

/**
 * η_t over the steps: x and y axes with round ticks (0 to the last step,
 * 0 to a round rate at or above the largest), gridlines, and axis titles.
 * The SVG scales to the panel's width, so the curve is never cut off.
 */
function chartHtml(preview: SchedulePreview): string {
  const data = points(preview);
  const xTicks = roundTicks(Math.max(1, preview.totalSteps, ...data.map((p) => p.x)));
  const yTicks = roundTicks(Math.max(...data.map((p) => p.y)) || 1);
  const xMax = xTicks[xTicks.length - 1];
  const yMax = yTicks[yTicks.length - 1];
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  const sx = (x: number) => left + (x / xMax) * (right - left);
  const sy = (y: number) => bottom - (y / yMax) * (bottom - top);
  const path = data.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  const xStep = xTicks[1] - xTicks[0];
  const yStep = yTicks[1] - yTicks[0];
  const xMarks = xTicks
    .map((t) => `<line class="grid" x1="${sx(t).toFixed(1)}" y1="${top}" x2="${sx(t).toFixed(1)}" y2="${bottom}"/><text class="x-tick" x="${sx(t).toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${tickText(t, xStep)}</text>`)
    .join('\n');
  const yMarks = yTicks
    .map((t) => `<line class="grid" x1="${left}" y1="${sy(t).toFixed(1)}" x2="${right}" y2="${sy(t).toFixed(1)}"/><text class="y-tick" x="${left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${tickText(t, yStep)}</text>`)
    .join('\n');
  return `<svg role="img" aria-label="learning rate over ${preview.totalSteps} steps" viewBox="0 0 ${WIDTH} ${HEIGHT}">
${xMarks}
${yMarks}
<line class="axis x-axis" x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}"/>
<line class="axis y-axis" x1="${left}" y1="${top}" x2="${left}" y2="${bottom}"/>
<text class="title" x="${(left + right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">step t</text>
<text class="title" x="14" y="${(top + bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(top + bottom) / 2})">learning rate η_t</text>
<polyline class="curve" points="${path}"/>
</svg>`;
}

/** Ticks from 0 to the first round value at or above `max`, about five of them, 1, 2 or 5 × 10^k apart. */
function roundTicks(max: number): number[] {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw * (1 - 1e-9)) ?? 10) * power;
  const count = Math.max(1, Math.ceil(max / step - 1e-9));
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/** A tick value with the decimals its spacing needs: 0.002, 0.004 … or 100, 200 …; scientific below 1e-4. */
function tickText(value: number, step: number): string {
  if (value === 0) return '0';
  if (step < 1e-4) return value.toExponential(Math.max(0, Math.floor(Math.log10(Math.abs(value))) - Math.floor(Math.log10(step)))).replace('e+', 'e');
  return value.toFixed(Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
}

function tableHtml(preview: SchedulePreview): string {
  const data = points(preview);
  const rows = Array.from({ length: Math.min(TABLE_ROWS, data.length) }, (_, i) => data[Math.round((i * (data.length - 1)) / Math.max(1, Math.min(TABLE_ROWS, data.length) - 1))]);
  const body = rows.map((p) => `<tr><td>${p.x}</td><td>${formatRate(p.y)}</td></tr>`).join('');
  return `<table><thead><tr><th>step t</th><th>η_t</th></tr></thead><tbody>${body}</tbody></table>`;
}

function formatRate(value: number): string {
  return value === 0 ? '0' : value.toPrecision(4);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
