import * as vscode from 'vscode';
import { hoverMarkdown } from '../../lang/hover-text';
import { locate } from '../../lang/locate';
import { lookup } from '../../reference/catalog';
import { themedFormula } from './formula-ink';
import { referenceLink, SHOW_REFERENCE_COMMAND } from './reference-link';

/**
 * Hover on a concept name (initializer, activation, optimizer, schedule,
 * clipping method, loss, metric, layer, data set) or a diagnostic code in a
 * comment: the catalog entry with its formula typeset as an image and in
 * plain text. On a keyword or parameter: its form, doc, default and range.
 */
export class NnlabHoverProvider implements vscode.HoverProvider {
  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const target = locate(document.getText(), document.offsetAt(position));
    if (target === undefined) return undefined;
    const formula = target.type === 'concept' ? lookup(target.kind, target.name)?.tex : undefined;
    const image = formula === undefined ? undefined : await themedFormula(formula);
    const text = hoverMarkdown(target, { formulaImage: () => image, referenceLink });
    if (text === undefined) return undefined;
    const markdown = new vscode.MarkdownString(text);
    // Only the reference link may run a command; the hover's text comes from the catalog, not the user.
    markdown.isTrusted = { enabledCommands: [SHOW_REFERENCE_COMMAND] };
    const range = new vscode.Range(document.positionAt(target.span.start), document.positionAt(target.span.end));
    return new vscode.Hover(markdown, range);
  }
}
