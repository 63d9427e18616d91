import * as vscode from 'vscode';
import { complete, type Candidate, type CandidateKind } from '../../lang/complete';
import { lookup } from '../../reference/catalog';
import { themedFormula } from './formula-ink';

/**
 * Completion in nnlab cells: statement keywords and layer names at the start
 * of a line, concept names where a concept fits (aliases as filter text),
 * `key=` with default and range, and choice values. Choosing a key whose
 * value has candidates (`init=`) opens the list again at the value.
 */

/** Typing these opens the list: after a space the next argument, after `=` its value. */
export const COMPLETION_TRIGGERS = [' ', '=', '(', '[', ','];

const ITEM_KINDS: Readonly<Record<CandidateKind, vscode.CompletionItemKind>> = {
  keyword: vscode.CompletionItemKind.Keyword,
  layer: vscode.CompletionItemKind.Class,
  concept: vscode.CompletionItemKind.Function,
  parameter: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
};

/** An item with the candidate it shows, which resolving reads to add the formula image. */
interface NnlabCompletionItem extends vscode.CompletionItem {
  readonly candidate: Candidate;
}

/** Completion for nnlab documents; resolving an item adds its formula image. */
export class NnlabCompletionProvider implements vscode.CompletionItemProvider<NnlabCompletionItem> {
  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): NnlabCompletionItem[] {
    const { replace, candidates } = complete(document.getText(), document.offsetAt(position));
    const range = new vscode.Range(document.positionAt(replace.start), document.positionAt(replace.end));
    return candidates.map((candidate) => {
      const item = new vscode.CompletionItem(candidate.label, ITEM_KINDS[candidate.kind]) as vscode.CompletionItem & { candidate: Candidate };
      item.candidate = candidate;
      item.insertText = candidate.insertText;
      item.filterText = candidate.filterText;
      item.detail = candidate.detail;
      item.documentation = plainDocumentation(candidate.documentation);
      item.sortText = candidate.sortText;
      item.range = range;
      if (candidate.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
      return item;
    });
  }

  /** The formula image is made only for the item the user looks at. */
  async resolveCompletionItem(item: NnlabCompletionItem): Promise<NnlabCompletionItem> {
    const { candidate } = item;
    const entry = candidate.conceptKind && lookup(candidate.conceptKind, candidate.label);
    const image = entry && (await themedFormula(entry.tex));
    if (image !== undefined) {
      const markdown = plainDocumentation(candidate.documentation);
      markdown.appendMarkdown(`\n\n![${entry!.name} formula](${image})`);
      item.documentation = markdown;
    }
    return item;
  }
}

/** Summary as text, the plain formula after a blank line as code. */
function plainDocumentation(text: string): vscode.MarkdownString {
  const [summary, ...rest] = text.split('\n\n');
  const markdown = new vscode.MarkdownString();
  markdown.appendText(summary);
  if (rest.length > 0) markdown.appendCodeblock(rest.join('\n\n'), 'text');
  return markdown;
}
