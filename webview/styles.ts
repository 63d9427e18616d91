import panels from './panels.css?inline';
import rules from './renderer.css?inline';

const stylesheet = rules + panels;

/**
 * Puts the renderer's stylesheet (its own rules and KaTeX's, fonts inlined
 * as data URLs by the build) into the page once. When VS Code hosts the
 * output inside a shadow root, the rules go there too; @font-face only
 * works at document level, so the document always gets a copy.
 */
export function ensureStyles(element: HTMLElement): void {
  const root = element.getRootNode();
  const targets: (Document | ShadowRoot)[] = [document];
  if (root instanceof ShadowRoot) targets.push(root);
  for (const target of targets) {
    if (target.querySelector('style[data-nnlab-renderer]')) continue;
    const style = document.createElement('style');
    style.dataset.nnlabRenderer = '';
    style.textContent = stylesheet;
    (target instanceof Document ? target.head : target).append(style);
  }
}
