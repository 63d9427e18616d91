import katex from 'katex';
import type { ConceptUse } from '../src/protocol/cell-output';
import { cardEntry, fillParameters, type CardEntry } from '../src/reference/card-data';
import type { ConceptKind } from '../src/reference/entry';
import { CARD_CATALOG } from './card-catalog';
import { element } from './dom';
import { listText } from './format';

/**
 * Formula cards: one per concept a run used, its formula typeset by KaTeX
 * with the run's own values in place of the symbols (η becomes 0.01), so
 * the card shows what was computed, not only the textbook form. The TeX
 * comes from the catalog (src/reference), the one place formulas are
 * written.
 */

/** Card order: the path of a training step, from how weights start to how the step is scheduled. */
const ROLE_ORDER: readonly ConceptUse['role'][] = ['layer', 'initializer', 'activation', 'loss', 'optimizer', 'clipping', 'schedule', 'metric'];

interface Card {
  readonly use: ConceptUse;
  readonly layers: string[];
}

/**
 * The same concept with the same options used by several layers makes one
 * card ("he_normal — layers 0, 1, 2"); different options make separate ones.
 */
function group(concepts: readonly ConceptUse[]): Card[] {
  const cards = new Map<string, Card>();
  for (const use of concepts) {
    const key = `${use.role}\u0000${use.name}\u0000${JSON.stringify(use.options)}`;
    const card = cards.get(key) ?? { use, layers: [] };
    if (use.layer !== undefined && !card.layers.includes(use.layer)) card.layers.push(use.layer);
    cards.set(key, card);
  }
  const rank = (role: ConceptUse['role']): number => ROLE_ORDER.indexOf(role);
  return [...cards.values()].sort((a, b) => rank(a.use.role) - rank(b.use.role));
}

/** The cards for a run's concepts, in role order. */
export function formulaCards(concepts: readonly ConceptUse[]): HTMLElement[] {
  return group(concepts).map(card);
}

function card({ use, layers }: Card): HTMLElement {
  const entry = cardEntry(CARD_CATALOG, use.role as ConceptKind, use.name);
  const where = layers.length === 0 ? undefined : `${layers.length === 1 ? 'layer' : 'layers'} ${listText(layers)}`;
  const header = element('header', { className: 'nnlab-card-head' }, [
    element('span', { className: 'nnlab-card-role' }, [use.role]),
    element('strong', { className: 'nnlab-card-title' }, [entry?.title ?? use.name]),
    element('code', {}, [use.name]),
    where !== undefined && element('span', { className: 'nnlab-card-where' }, [where]),
  ]);
  if (entry === undefined) {
    return element('article', { className: 'nnlab-card', dataset: { concept: `${use.role} ${use.name}` } }, [
      header,
      element('p', {}, [`${use.name} is not in the formula reference.`]),
    ]);
  }
  const formula = element('div', { className: 'nnlab-formula' });
  formula.innerHTML = typeset(fillParameters(entry, use.options));
  const article = element('article', { className: 'nnlab-card', dataset: { concept: `${use.role} ${entry.name}` } }, [
    header,
    formula,
    element('p', { className: 'nnlab-card-summary' }, [entry.summary]),
    parameterList(entry, use.options),
  ]);
  fitToWidth(formula, article, header);
  return article;
}

/** The smallest share of its size a formula may shrink to so it fits its card; wider than that, it scrolls. */
const MIN_FORMULA_SCALE = 0.7;

/** Pixels kept free beside a shrunk formula: KaTeX's boxes overhang the measured width by a few. */
const FIT_SLACK = 8;

/**
 * Keeps a formula inside its card. A formula wider than a card of one grid
 * column makes its card span the whole row; one still wider is set
 * smaller, down to MIN_FORMULA_SCALE, and past that scrolls sideways in
 * its box (which then takes keyboard focus, so arrow keys scroll it too).
 * KaTeX cannot break aligned rows into lines, so these are what is left;
 * clipping never happens. Measured again whenever the card's width or the
 * formula's own changes.
 */
function fitToWidth(box: HTMLElement, card: HTMLElement, widthOf: HTMLElement): void {
  const fit = (): void => {
    const math = box.querySelector<HTMLElement>('.katex-display > .katex');
    if (math === null || box.clientWidth === 0) return;
    const current = Number(box.style.getPropertyValue('--nnlab-formula-scale') || '1');
    // KaTeX sizes everything in em, so the formula's width at full size is its width now over the scale now.
    const natural = math.getBoundingClientRect().width / current;
    const grid = card.parentElement;
    const column = grid ? Number.parseFloat(getComputedStyle(grid).gridTemplateColumns.split(' ')[0]) : NaN;
    const padding = card.offsetWidth - box.clientWidth;
    card.classList.toggle('nnlab-card-wide', Number.isFinite(column) && natural > column - padding);
    const available = box.clientWidth;
    const scale = natural > available ? Math.max(MIN_FORMULA_SCALE, (available - FIT_SLACK) / natural) : 1;
    if (Math.abs(scale - current) > 0.002) box.style.setProperty('--nnlab-formula-scale', scale.toFixed(3));
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle('nnlab-formula-scrolls', scrolls);
    if (scrolls) box.setAttribute('tabindex', '0');
    else box.removeAttribute('tabindex');
  };
  if (typeof ResizeObserver !== 'function') return;
  // The card's width shows in its header, whose height the formula does not change (observing the formula's
  // own box would report every rescale as a new size); the formula's width changes when KaTeX's fonts arrive.
  const observer = new ResizeObserver(fit);
  observer.observe(widthOf);
  const math = box.querySelector('.katex-display > .katex');
  if (math !== null) observer.observe(math);
}

/** KaTeX's HTML for a display formula; a TeX mistake shows as KaTeX's red error text instead of breaking the output. */
export function typeset(tex: string): string {
  return katex.renderToString(tex, { displayMode: true, throwOnError: false, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
}

/** Each parameter with the value the run gave it, or its default (marked as such). */
function parameterList(entry: CardEntry, options: ConceptUse['options']): HTMLElement | null {
  if (entry.params.length === 0) return null;
  // Own fields only: a saved output's options are a plain object, where `constructor` would find Object's.
  const own = (name: string): ConceptUse['options'][string] | undefined => (Object.hasOwn(options, name) ? options[name] : undefined);
  const given = (name: string, key: string): ConceptUse['options'][string] | undefined => own(name) ?? own(key);
  const items = entry.params.map((param) => {
    const value = given(param.name, param.key);
    const shown = value ?? param.default;
    const text = shown === undefined ? '—' : String(shown);
    return element('li', { title: param.doc }, [
      element('code', {}, [param.name]),
      ' = ',
      element('span', { className: value === undefined ? 'nnlab-default' : 'nnlab-given' }, [text]),
      value === undefined && shown !== undefined ? element('span', { className: 'nnlab-muted' }, [' (default)']) : null,
    ]);
  });
  return element('ul', { className: 'nnlab-card-params' }, items);
}
