import type { Typeset } from './mathjax';

/**
 * A catalog formula as a standalone SVG image, for places that show
 * pictures but run no scripts: an editor hover cannot run KaTeX, and KaTeX
 * writes HTML and MathML, never SVG. MathJax typesets the TeX here, in the
 * extension host, into SVG paths (see ./mathjax: nothing is loaded from
 * anywhere; glyph outlines sit in the image's own <defs>).
 *
 * An SVG shown through <img> is a separate document: `currentColor` there is
 * black and the editor's CSS variables do not reach it. So the colour is
 * written into the image, and the caller passes the theme's foreground.
 */

export interface FormulaSvgOptions {
  /** The ink, as CSS writes a colour: `#cccccc` on a dark theme, `#1f1f1f` on a light one. */
  readonly color: string;
  /** Pixels per em of the typeset formula (16 sits well beside the editor's 13px hover text). */
  readonly emPixels?: number;
}

/** MathJax's SVG units: 1000 to the em. */
const UNITS_PER_EM = 1000;
/** Formulas kept; hovers show catalog formulas in one or two theme colours, so this holds them all with room to spare. */
const CACHE_LIMIT = 400;

let typesetter: Promise<Typeset> | undefined;

/** MathJax is loaded on first use, not when the extension starts: loading its fonts is the slow part. */
function getTypesetter(): Promise<Typeset> {
  typesetter ??= import('./mathjax').then((module) => module.createTypesetter());
  return typesetter;
}

const cache = new Map<string, string>();

/**
 * The TeX as an SVG document, typeset in display style, its ink `color`;
 * width and height in pixels (not MathJax's ex) so it has the same size in
 * every <img>. Results are cached. Rejects TeX MathJax cannot read.
 */
export async function formulaSvg(tex: string, options: FormulaSvgOptions): Promise<string> {
  const emPixels = options.emPixels ?? 16;
  if (!/^#[0-9a-fA-F]{3,8}$|^[a-z]+$/.test(options.color)) throw new Error(`formula colour must be #hex or a CSS colour name, got '${options.color}'`);
  const key = `${options.color}\u0000${emPixels}\u0000${tex}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    // A Map keeps insertion order: moving a hit to the end makes the first key the least recently used.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const svg = draw(await getTypesetter(), tex, options.color, emPixels);
  cache.set(key, svg);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return svg;
}

/** The same as a `data:` URI, base64 so that VS Code's Markdown keeps it whole. */
export async function formulaDataUri(tex: string, options: FormulaSvgOptions): Promise<string> {
  return `data:image/svg+xml;base64,${base64(await formulaSvg(tex, options))}`;
}

function draw(typeset: Typeset, tex: string, color: string, emPixels: number): string {
  const svg = typeset(tex);
  const viewBox = svg.getAttribute('viewBox').split(/\s+/).map(Number);
  if (viewBox.length !== 4 || viewBox.some((n) => !Number.isFinite(n))) throw new Error(`MathJax gave no viewBox for ${tex}`);
  const pixels = (units: number): string => (Math.ceil((units / UNITS_PER_EM) * emPixels * 100) / 100).toString();
  svg.setAttribute('width', `${pixels(viewBox[2])}px`);
  svg.setAttribute('height', `${pixels(viewBox[3])}px`);
  // vertical-align places inline math on a text baseline; an image stands alone.
  svg.removeAttribute('style');
  // Glyphs and rules are drawn in currentColor, which an <img> resolves to black.
  return svg.serialize().replaceAll('currentColor', color);
}

/** UTF-8 bytes in base64, with the btoa every host has (Buffer is Node's alone). */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // In chunks: spreading a whole formula's bytes into one call overflows the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
