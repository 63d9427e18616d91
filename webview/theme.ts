/**
 * Colours and fonts from the VS Code theme. The notebook webview defines the
 * workbench colours as CSS variables (`--vscode-editor-foreground`,
 * `--vscode-charts-blue`, …) and marks the theme kind with a body class
 * (`vscode-light`, `vscode-dark`, `vscode-high-contrast`,
 * `vscode-high-contrast-light`). Canvas drawing cannot use CSS variables, so
 * charts read them here, and again when the theme changes.
 */

/** The colours a chart can ask for by name; the theme decides what they are. */
export const COLOR_NAMES = ['blue', 'orange', 'green', 'purple', 'red', 'yellow', 'foreground', 'muted'] as const;
export type ColorName = (typeof COLOR_NAMES)[number];

/** Colours for runs or layers drawn side by side, in order. */
export const SERIES_COLORS: readonly ColorName[] = ['blue', 'orange', 'green', 'purple', 'red', 'yellow', 'foreground'];

/** The colour of the `index`-th of several series. */
export function seriesColor(index: number): ColorName {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}

export interface Theme {
  readonly kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  readonly colors: Readonly<Record<ColorName, string>>;
  /** Gridlines: faint, so data stays in front. */
  readonly grid: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** Line width for data; thicker in high contrast. */
  readonly lineWidth: number;
}

/** Fallbacks: VS Code's own defaults for the Light+ and Dark+ themes. */
const FALLBACKS: Readonly<Record<'light' | 'dark', Readonly<Record<ColorName, string>>>> = {
  light: {
    blue: '#1a85ff',
    orange: '#d18616',
    green: '#388a34',
    purple: '#652d90',
    red: '#e51400',
    yellow: '#bf8803',
    foreground: '#3b3b3b',
    muted: '#717171',
  },
  dark: {
    blue: '#3794ff',
    orange: '#d18616',
    green: '#89d185',
    purple: '#b180d7',
    red: '#f14c4c',
    yellow: '#cca700',
    foreground: '#cccccc',
    muted: '#9d9d9d',
  },
};

function themeKind(): Theme['kind'] {
  const classes = document.body?.classList;
  if (classes?.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes?.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes?.contains('vscode-dark')) return 'dark';
  if (classes?.contains('vscode-light')) return 'light';
  return matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The theme as the element sees it (the variables may be set on any ancestor). */
export function readTheme(element: Element): Theme {
  const style = getComputedStyle(element);
  const read = (name: string): string => style.getPropertyValue(name).trim();
  const first = (...names: string[]): string | undefined => names.map(read).find((value) => value !== '');
  const kind = themeKind();
  const fallback = FALLBACKS[kind === 'light' || kind === 'high-contrast-light' ? 'light' : 'dark'];
  const foreground = first('--vscode-editor-foreground', '--vscode-foreground') ?? fallback.foreground;
  const background = first('--vscode-notebook-outputContainerBackgroundColor', '--vscode-editor-background') ?? (fallback === FALLBACKS.light ? '#ffffff' : '#1f1f1f');
  // A thin dashed line in a theme's orange or yellow on white is barely seen: series colours get WCAG's 3:1 for graphics.
  const behind = rgbaOf(background);
  const series = (color: string): string => {
    const rgb = rgbaOf(color);
    if (!rgb || !behind) return color;
    const readable = withContrast(rgb, behind, MIN_LINE_CONTRAST);
    return readable.every((channel, i) => channel === rgb[i]) ? color : `rgb(${readable.join(', ')})`;
  };
  const colors: Record<ColorName, string> = {
    blue: series(first('--vscode-charts-blue') ?? fallback.blue),
    orange: series(first('--vscode-charts-orange') ?? fallback.orange),
    green: series(first('--vscode-charts-green') ?? fallback.green),
    purple: series(first('--vscode-charts-purple') ?? fallback.purple),
    red: series(first('--vscode-charts-red') ?? fallback.red),
    yellow: series(first('--vscode-charts-yellow') ?? fallback.yellow),
    foreground: first('--vscode-charts-foreground') ?? foreground,
    muted: first('--vscode-descriptionForeground') ?? fallback.muted,
  };
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const lines = first('--vscode-charts-lines');
  return {
    kind,
    colors,
    // High contrast themes want visible structure; elsewhere the grid stays faint.
    grid: highContrast ? (first('--vscode-contrastBorder') ?? colors.foreground) : withAlpha(lines ?? colors.foreground, 0.15),
    fontFamily: first('--vscode-font-family') ?? 'system-ui, sans-serif',
    fontSize: Number.parseFloat(first('--vscode-font-size') ?? '') || 12,
    lineWidth: highContrast ? 2.5 : 1.5,
  };
}

/** WCAG 2.1's least contrast for graphical objects (1.4.11). */
const MIN_LINE_CONTRAST = 3;

/**
 * An RGB colour mixed toward black on a light background (white on a dark
 * one) in tenths until its contrast with `background` is at least
 * `minimum`; the colour itself when it already is.
 */
export function withContrast(rgb: readonly number[], background: readonly number[], minimum: number): [number, number, number] {
  const target = luminance(background) > 0.5 ? 0 : 255;
  let mixed: [number, number, number] = [rgb[0], rgb[1], rgb[2]];
  for (let step = 1; step <= 10 && contrastRatio(mixed, background) < minimum; step++) {
    mixed = [0, 1, 2].map((i) => Math.round(rgb[i] + (target - rgb[i]) * (step / 10))) as [number, number, number];
  }
  return mixed;
}

/** WCAG's relative luminance of an sRGB colour (0–1). */
function luminance([r, g, b]: readonly number[]): number {
  const linear = (channel: number): number => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG's contrast ratio (1–21) of two colours. */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

let probe: CanvasRenderingContext2D | null | undefined;

/**
 * A CSS colour as red, green, blue (0–255) and alpha (0–1): the canvas parses
 * whatever the theme wrote (#rgb, #rrggbb, rgb(), a name) and hands it back
 * as #rrggbb or rgba(). Undefined when there is no canvas to ask.
 */
export function rgbaOf(color: string): [number, number, number, number] | undefined {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return undefined;
  probe.fillStyle = '#000000';
  probe.fillStyle = color;
  const parsed = String(probe.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(parsed);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16), 1];
  const rgba = /^rgba?\(([^,]+),([^,]+),([^,)]+)(?:,([^)]+))?\)/.exec(parsed);
  return rgba ? [Number(rgba[1]), Number(rgba[2]), Number(rgba[3]), rgba[4] === undefined ? 1 : Number(rgba[4])] : undefined;
}

/** A CSS colour with an alpha, as rgba(); the colour itself when it cannot be parsed. */
export function withAlpha(color: string, alpha: number): string {
  const parsed = rgbaOf(color);
  return parsed ? `rgba(${parsed[0]}, ${parsed[1]}, ${parsed[2]}, ${alpha})` : color;
}

/**
 * Calls `onChange` (at most once a frame) when VS Code switches theme: it
 * rewrites the variables (on <html>, or in a <style> in <head>) and the
 * theme class on <body>.
 */
export function watchTheme(onChange: () => void): { dispose(): void } {
  let pending = 0;
  const observer = new MutationObserver(() => {
    if (pending !== 0) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      onChange();
    });
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  // Some hosts write the variables into a <style> element instead; a change there counts too.
  if (document.head) observer.observe(document.head, { childList: true, subtree: true, characterData: true });
  return {
    dispose() {
      observer.disconnect();
      if (pending !== 0) cancelAnimationFrame(pending);
    },
  };
}
