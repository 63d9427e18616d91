/**
 * Small DOM helpers. Text always goes in through textContent, never as
 * HTML: messages and titles come from the user's notebook.
 */

type Child = Node | string | null | undefined | false;

export interface Attributes {
  className?: string;
  role?: string;
  title?: string;
  hidden?: boolean;
  dataset?: Readonly<Record<string, string>>;
  /** Other attributes (`aria-label`, `scope`, `type`, …), set as given. */
  attrs?: Readonly<Record<string, string>>;
  style?: Readonly<Record<string, string>>;
}

/** An element with attributes and children; strings become text nodes. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, children: readonly Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (attributes.className !== undefined) node.className = attributes.className;
  if (attributes.role !== undefined) node.setAttribute('role', attributes.role);
  if (attributes.title !== undefined) node.title = attributes.title;
  if (attributes.hidden !== undefined) node.hidden = attributes.hidden;
  for (const [key, value] of Object.entries(attributes.dataset ?? {})) node.dataset[key] = value;
  for (const [key, value] of Object.entries(attributes.attrs ?? {})) node.setAttribute(key, value);
  for (const [key, value] of Object.entries(attributes.style ?? {})) node.style.setProperty(key, value);
  append(node, children);
  return node;
}

/** Appends children, skipping the empty ones so callers can write `condition && child`. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/**
 * A part of an output that is rebuilt only when what it shows changes: a
 * live run's updates arrive several times a second, and rebuilding an
 * unchanged table or formula card would reset its scroll position and make
 * the page jump.
 */
export class Region {
  readonly element: HTMLElement;
  private key: string | undefined;

  constructor(tag: keyof HTMLElementTagNameMap, className: string) {
    this.element = element(tag, { className });
  }

  /** Rebuilds the children with `build` when `key` differs from last time; an empty result hides the region. */
  set(key: string, build: () => readonly Child[]): void {
    if (key === this.key) return;
    this.key = key;
    const children = build();
    this.element.replaceChildren();
    append(this.element, children);
    this.element.hidden = this.element.childNodes.length === 0;
  }
}

/** A table with a header row; cells are text or nodes. Numeric columns are right-aligned by class. */
export function table(headers: readonly string[], rows: readonly (readonly Child[])[], options: { caption?: string; numeric?: readonly number[] } = {}): HTMLElement {
  const numeric = new Set(options.numeric ?? []);
  const cellClass = (index: number): string | undefined => (numeric.has(index) ? 'nnlab-num' : undefined);
  const head = element('thead', {}, [element('tr', {}, headers.map((text, i) => element('th', { className: cellClass(i), attrs: { scope: 'col' } }, [text])))]);
  const body = element(
    'tbody',
    {},
    rows.map((row) => element('tr', {}, row.map((cell, i) => element('td', { className: cellClass(i) }, [cell])))),
  );
  return element('div', { className: 'nnlab-table-box' }, [
    element('table', { className: 'nnlab-table' }, [options.caption !== undefined && element('caption', {}, [options.caption]), head, body]),
  ]);
}
