import katex from 'katex';
import type { ReferenceEntry, ReferenceSection } from '../../src/reference/panel-data';
import { append, element } from '../dom';

/**
 * Draws the formula reference: a filter box, a list of kinds, and one card
 * per concept with its formula typeset by KaTeX. Filtering hides cards by
 * the `hidden` attribute, never by inline style, so the page keeps to its
 * strict CSP.
 */

/** Everything a card is found by: name, aliases, title, summary and kind, in lower case. */
export function searchText(entry: ReferenceEntry): string {
  return [entry.name, ...entry.aliases, entry.title, entry.summary, entry.kind].join(' ').toLowerCase();
}

/** Whether a card matches a filter: every word of the filter occurs in its search text. */
export function matches(text: string, filter: string): boolean {
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '')
    .every((word) => text.includes(word) || text.includes(word.replace(/-/g, '_')));
}

/** The id of an entry's card, and what `data-focus` names: `optimizer/adam`. */
export function entryId(entry: Pick<ReferenceEntry, 'kind' | 'name'>): string {
  return `${entry.kind}/${entry.name}`;
}

/** The drawn reference, for the panel script to drive. */
export interface ReferenceView {
  /** Shows only the cards matching `filter`; returns how many match. */
  filter(filter: string): number;
  /** Scrolls to an entry's card and marks it, clearing a filter that hides it. */
  focus(id: string): void;
}

/** Draws every section into `root`; `onFilter` hears each change of the filter, to keep it across reloads. */
export function renderReference(root: HTMLElement, sections: readonly ReferenceSection[], initialFilter: string, onFilter: (filter: string) => void): ReferenceView {
  const total = sections.reduce((sum, section) => sum + section.entries.length, 0);
  const input = element('input', { className: 'filter', attrs: { type: 'search', placeholder: 'Filter: name, alias or words (e.g. kaiming, momentum, clip)', 'aria-label': 'Filter the formula reference' } });
  input.value = initialFilter;
  const count = element('span', { className: 'count', attrs: { 'aria-live': 'polite' } });
  const nav = element('nav', { className: 'kinds', attrs: { 'aria-label': 'Kinds of concept' } }, sections.map((section) => element('a', { attrs: { href: `#kind-${section.kind}` } }, [section.heading])));
  const cards: { card: HTMLElement; text: string; section: HTMLElement }[] = [];
  const sectionNodes = sections.map((section) => {
    const node = element('section', { className: 'kind', attrs: { id: `kind-${section.kind}` } }, [element('h2', {}, [section.heading])]);
    for (const entry of section.entries) {
      const card = renderCard(entry);
      cards.push({ card, text: searchText(entry), section: node });
      node.appendChild(card);
    }
    return node;
  });
  append(root, [element('header', { className: 'top' }, [element('h1', {}, ['Formula reference']), input, count]), nav, ...sectionNodes]);

  const view: ReferenceView = {
    filter(filter) {
      let shown = 0;
      const visible = new Set<HTMLElement>();
      for (const { card, text, section } of cards) {
        card.hidden = !matches(text, filter);
        if (!card.hidden) {
          shown++;
          visible.add(section);
        }
      }
      for (const section of sectionNodes) section.hidden = !visible.has(section);
      count.textContent = filter.trim() === '' ? `${total} concepts` : `${shown} of ${total}`;
      return shown;
    },
    focus(id) {
      const card = cards.find(({ card }) => card.id === id)?.card;
      if (card === undefined) return;
      if (card.hidden) {
        input.value = '';
        view.filter('');
        onFilter('');
      }
      for (const { card: other } of cards) other.classList.remove('focused');
      card.classList.add('focused');
      card.scrollIntoView({ block: 'start' });
    },
  };
  input.addEventListener('input', () => {
    view.filter(input.value);
    onFilter(input.value);
  });
  view.filter(initialFilter);
  return view;
}

function renderCard(entry: ReferenceEntry): HTMLElement {
  const formula = element('div', { className: 'formula' });
  // katex.render builds DOM nodes and sets sizes through style properties, which the CSP allows; renderToString's markup would carry style attributes it blocks.
  katex.render(entry.tex, formula, { displayMode: true, throwOnError: false, strict: 'ignore', trust: false });
  return element('article', { className: 'entry', attrs: { id: entryId(entry) } }, [
    element('h3', {}, [element('code', {}, [entry.name]), ' — ', entry.title]),
    entry.aliases.length > 0 && element('p', { className: 'aliases' }, ['Also: ', ...entry.aliases.flatMap((alias, i) => [i > 0 ? ', ' : '', element('code', {}, [alias])])]),
    element('p', {}, [entry.summary]),
    formula,
    element('pre', { className: 'plain' }, [entry.plain]),
    entry.params.length > 0 && paramTable(entry),
    paragraph('When to use.', entry.whenToUse),
    paragraph('Pitfalls.', entry.pitfalls),
    entry.variants !== undefined && paragraph('Variants and defaults.', entry.variants),
    element('p', { className: 'references' }, [entry.references.join('; ')]),
  ]);
}

function paragraph(label: string, text: string): HTMLElement {
  return element('p', {}, [element('strong', {}, [label]), ' ', text]);
}

function paramTable(entry: ReferenceEntry): HTMLElement {
  const head = element('tr', {}, ['parameter', 'default', 'valid', 'meaning'].map((title) => element('th', { attrs: { scope: 'col' } }, [title])));
  const rows = entry.params.map((param) =>
    element('tr', {}, [element('td', {}, [element('code', {}, [param.name])]), element('td', {}, [param.default]), element('td', {}, [param.valid]), element('td', {}, [param.doc])]),
  );
  return element('table', { className: 'params' }, [element('thead', {}, [head]), element('tbody', {}, rows)]);
}
