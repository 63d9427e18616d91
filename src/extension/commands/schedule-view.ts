import type { SchedulePreview } from '../../protocol/worker-messages';

/**
 * The schedule preview page: η_t as an SVG line over the planned steps and a
 * table at a dozen steps. Static HTML — no script, so the webview's content
 * security policy allows only its own inline style — themed with VS Code's
 * CSS variables.
 */

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { left: 64, right: 16, top: 12, bottom: 32 };
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
svg .curve { fill: none; stroke: var(--vscode-charts-blue, #3794ff); stroke-width: 2; }
svg .axis { stroke: var(--vscode-foreground); opacity: 0.5; }
svg text { fill: var(--vscode-foreground); font-size: 11px; }
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

function chartHtml(preview: SchedulePreview): string {
  const data = points(preview);
  const xMax = Math.max(1, ...data.map((p) => p.x));
  const yMax = Math.max(...data.map((p) => p.y)) || 1;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + (x / xMax) * plotWidth;
  const sy = (y: number) => MARGIN.top + plotHeight - (y / yMax) * plotHeight;
  const path = data.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  const bottom = MARGIN.top + plotHeight;
  return `<svg role="img" aria-label="learning rate over ${preview.totalSteps} steps" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<line class="axis" x1="${MARGIN.left}" y1="${bottom}" x2="${WIDTH - MARGIN.right}" y2="${bottom}"/>
<line class="axis" x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}"/>
<text x="${MARGIN.left - 6}" y="${MARGIN.top + 10}" text-anchor="end">${formatRate(yMax)}</text>
<text x="${MARGIN.left - 6}" y="${bottom}" text-anchor="end">0</text>
<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 8}" text-anchor="end">step ${xMax}</text>
<text x="${MARGIN.left}" y="${HEIGHT - 8}">η_t</text>
<polyline class="curve" points="${path}"/>
</svg>`;
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
