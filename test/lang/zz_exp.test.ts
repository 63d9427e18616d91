import { it } from 'vitest';
import { parseCell } from '../../src/lang/index';
import { lowerCell } from '../../src/lang/lower';
const cells = [ 'x', 'optimzer adam', 'Optimizer adam', 'optimizer adam weight-decay=0.1', 'clip norm 1.0 max_norm=2', 'split val=0.1 validation=0.3', 'model\n  dense 4 relu(0.1)', 'model\n  dense 4 init=he_normal init=zeros', 'model\n  dense 4 use-bias=false', 'data spirals 100 n=200',
 'compare init=[zeros, he_normal] lr=0.1', 'schedule cosine then', 'model\n  dense 3\n\n  dense 2', '  dense 3', 'data spirals n=1e999', 'train epochs=1e999'];
it('x', () => { console.log('---'); for (const c of cells) { const p = parseCell(c); const l = lowerCell(p.cell); console.log(JSON.stringify(c), p.problems.length ? 'SYNTAX ' + JSON.stringify(p.problems.map(q=>[q.message, c.slice(q.start,q.end)])) : '', JSON.stringify(l.problems.map(q => [q.code, q.message, c.slice(q.start, q.end)])), JSON.stringify(l.instructions)); } });
