// Writes what is generated from the formula catalog and the registries: the
// reference page, docs/reference.md, and the editor's grammar and language
// configuration (./grammar.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceMarkdown } from '../src/reference/docs';
import { grammar, jsonText, languageConfiguration } from './grammar';

const files: Record<string, string> = {
  'docs/reference.md': referenceMarkdown(),
  'syntaxes/nnlab.tmLanguage.json': jsonText(grammar),
  'language-configuration.json': jsonText(languageConfiguration),
};
for (const [path, text] of Object.entries(files)) {
  writeFileSync(join(process.cwd(), path), text);
  console.log(`wrote ${path}`);
}
