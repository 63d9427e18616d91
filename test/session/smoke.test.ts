import { it, expect } from 'vitest';
import { NotebookSession } from '../../src/session/session';

it('smoke', () => {
  const files = new Map<string, Uint8Array>();
  const session = new NotebookSession({
    readText: () => { throw Object.assign(new Error('no'), { code: 'ENOENT' }); },
    readBytes: (p) => { const b = files.get(p); if (!b) throw Object.assign(new Error('no'), { code: 'ENOENT' }); return b; },
    writeBytes: (p, b) => files.set(p, b),
  });
  const r1 = session.runCell(0, `data spirals n=300 classes=3 noise=0.1 seed=7
split val=0.2 test=0.1
normalize standard

model
  dense 16 relu init=he_normal
  dense 16 relu
  dense 3 softmax

loss sparse_categorical_crossentropy
optimizer adam lr=0.01
clip norm 1.0
schedule warmup 20 then cosine min=1e-5
metrics accuracy f1
train epochs=10 batch=32 seed=1
evaluate
save weights "w.safetensors"
`);
  console.log(JSON.stringify(r1.problems), r1.status, r1.outputs.map((o) => o.kind === 'summary' ? o.lines.join(' | ') : o.kind === 'train' ? `${o.title} ${o.run.status} ${JSON.stringify(o.run.finalMetrics)} diags=${o.run.diagnostics.map(d=>d.code)}` : o.kind === 'evaluate' ? JSON.stringify(o.metrics) + JSON.stringify(o.confusion) : o.kind));
  const r2 = session.runCell(1, `train epochs=2\ncompare init=[zeros, he_normal] epochs=3\ninspect init\noptimizer adamm lr=-1\n`);
  console.log(JSON.stringify(r2.problems.map(p => [p.message, p.location.line, p.location.column])), r2.status);
  const r3 = session.runCell(2, `train epochs=2\ncompare init=[zeros, he_normal] epochs=3\ninspect init\n`);
  console.log(r3.status, r3.outputs.map((o) => o.kind === 'train' ? o.title : o.kind === 'compare' ? o.runs.map(r => r.label + ':' + r.finalMetrics.accuracy) : o.kind));
  const r4 = session.runCell(3, `model\n  dense 4 relu\n  dense 2 softmax\ntrain epochs=1`);
  console.log(JSON.stringify(r4.problems.map(p => [p.message, p.location.cell, p.location.line, p.location.column])), r4.status);
  expect(r1.status).toBe('ok');
});
