// Writes the generated reference page, docs/reference.md, from the formula catalog.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceMarkdown } from '../src/reference/docs';

const target = join(process.cwd(), 'docs', 'reference.md');
writeFileSync(target, referenceMarkdown());
console.log(`wrote ${target}`);
