// Writes what is generated from the formula catalog and the registries: the
// reference page, docs/reference.md; the generated blocks of
// docs/diagnostics.md (./diagnostics-doc.ts); and the editor's grammar and
// language configuration (./grammar.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceMarkdown } from '../src/reference/docs';
import { diagnosticsPage } from './diagnostics-doc';
import { grammar, jsonText, languageConfiguration } from './grammar';

const path = (file: string): string => join(process.cwd(), file);
const files: Record<string, string> = {
  'docs/reference.md': referenceMarkdown(),
  'docs/diagnostics.md': diagnosticsPage(readFileSync(path('docs/diagnostics.md'), 'utf8')),
  'syntaxes/nnlab.tmLanguage.json': jsonText(grammar),
  'language-configuration.json': jsonText(languageConfiguration),
};
for (const [file, text] of Object.entries(files)) {
  writeFileSync(path(file), text);
  console.log(`wrote ${file}`);
}
