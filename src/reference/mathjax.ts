import type { LiteDocument } from 'mathjax-full/js/adaptors/lite/Document.js';
import type { LiteElement, LiteNode } from 'mathjax-full/js/adaptors/lite/Element.js';
import type { LiteText } from 'mathjax-full/js/adaptors/lite/Text.js';
import { liteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import type { MathDocument } from 'mathjax-full/js/core/MathDocument.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { mathjax } from 'mathjax-full/js/mathjax.js';
import { SVG } from 'mathjax-full/js/output/svg.js';

/**
 * MathJax set up to turn TeX into SVG without a browser: the lite DOM
 * adaptor, TeX input with the base and AMS packages (every macro the catalog
 * uses), SVG output with fontCache 'local', so each image carries the
 * outlines of its own glyphs and loads nothing. Its fonts take a tenth of a
 * second to load, so formula-svg imports this module only when the first
 * formula is asked for, not when the extension starts.
 */

/** An SVG element of the lite DOM, with the few operations formula-svg needs. */
export interface TypesetSvg {
  getAttribute(name: string): string;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  serialize(): string;
}

/** Turns display-style TeX into an SVG element; throws on TeX it cannot read. */
export type Typeset = (tex: string) => TypesetSvg;

export function createTypesetter(): Typeset {
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const tex = new TeX({
    packages: ['base', 'ams'],
    // A broken formula is the catalog's mistake: it throws here instead of drawing a red message into the image.
    formatError: (_jax: unknown, error: Error) => {
      throw error;
    },
  });
  const document = mathjax.document('', { InputJax: tex, OutputJax: new SVG({ fontCache: 'local' }) }) as MathDocument<LiteElement, LiteText, LiteDocument>;
  return (source) => {
    const container = document.convert(source, { display: true }) as LiteElement;
    const svg = adaptor.firstChild(container) as LiteNode as LiteElement;
    return {
      getAttribute: (name) => String(adaptor.getAttribute(svg, name) ?? ''),
      setAttribute: (name, value) => adaptor.setAttribute(svg, name, value),
      removeAttribute: (name) => adaptor.removeAttribute(svg, name),
      serialize: () => adaptor.outerHTML(svg),
    };
  };
}
