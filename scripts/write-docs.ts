// Writes the generated reference pages under docs/ from the engine's registries.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vocabularyMarkdown } from '../src/reference/vocabulary';

const target = join(process.cwd(), 'docs', 'vocabulary.md');
writeFileSync(target, vocabularyMarkdown());
console.log(`wrote ${target}`);
