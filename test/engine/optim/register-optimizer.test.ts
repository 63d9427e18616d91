import { describe, expect, it } from 'vitest';
import { diagnose, type RunSnapshot } from '../../../src/engine/diagnostics';
import { defineOptimizer, learningRate } from '../../../src/engine/optim/optimizer';
import { Adam } from '../../../src/engine/optim/optimizers/adam';
import { createOptimizer, optimizers } from '../../../src/engine/optim/optimizers';
import { createParameter } from '../../../src/engine/parameter';
import { ParamSchema } from '../../../src/engine/params';
import { complete } from '../../../src/lang/complete';
import { hoverMarkdown } from '../../../src/lang/hover-text';
import { locate } from '../../../src/lang/locate';
import { registerEntrySource } from '../../../src/reference/catalog';
import { referenceMarkdown } from '../../../src/reference/docs';

/**
 * A new optimizer is one registry entry and one text; nothing else names it.
 * Registered here at run time, it must reach the language, the catalog and
 * the diagnostics as the built-in ones do.
 */

const slowAdamSchema = new ParamSchema('optimizer slow_adam', { lr: learningRate(1e-4) });

optimizers.register(defineOptimizer('slow_adam', ['SlowAdam'], slowAdamSchema, (params, o) => new Adam(params, o), { adaptive: true }));
registerEntrySource('optimizer', {
  name: 'slow_adam',
  title: 'Adam with a small default rate',
  summary: 'Adam whose default learning rate is ten times smaller.',
  formula: String.raw`w_t = w_{t-1} - {{lr}}\, \hat m_t / (\sqrt{\hat v_t} + \varepsilon)`,
  symbols: { lr: String.raw`\eta` },
  plain: 'w ← w − η·m̂/(√v̂ + ε)',
  whenToUse: 'When Adam at 1e-3 overshoots.',
  pitfalls: 'Slow at the start.',
  references: ['Kingma & Ba 2015, Adam'],
});

/** A run whose loss stands still for six epochs with reduce_on_plateau already on. */
function plateauRun(optimizer: string): RunSnapshot {
  const losses = [1.0, 0.8, 0.7, 0.6931, 0.6931, 0.6932, 0.6931, 0.6931, 0.6931];
  return {
    settings: { optimizer, learningRate: 1e-4, loss: 'categorical_crossentropy', schedule: 'reduce_on_plateau', batchSize: 32 },
    epochs: losses.map((trainLoss, epoch) => ({
      epoch,
      step: epoch * 10,
      trainLoss,
      validationLoss: trainLoss,
      metrics: {},
      validationMetrics: {},
      learningRate: 1e-4,
      layers: [],
    })),
    recentSteps: [],
  };
}

describe('registering a new optimizer', () => {
  it('builds it by name and alias, with its default rate on the entry', () => {
    const optimizer = createOptimizer('SlowAdam', [createParameter('0', 'weight', [2], 'weight')]);
    expect(optimizer.lr).toBe(1e-4);
    expect(optimizers.get('slow_adam')).toMatchObject({ adaptive: true, defaultLr: 1e-4 });
  });

  it('is offered by completion after `optimizer`', () => {
    const text = 'optimizer slo';
    expect(complete(text, text.length).candidates.map((candidate) => candidate.label)).toContain('slow_adam');
  });

  it('has a hover with its title and formula', () => {
    const text = 'optimizer slow_adam lr=0.001';
    const target = locate(text, 12);
    expect(target && hoverMarkdown(target)).toContain('Adam with a small default rate');
  });

  it('has a section in the reference docs with its parameters', () => {
    const docs = referenceMarkdown();
    expect(docs).toContain('### `slow_adam` — Adam with a small default rate');
    expect(docs).toContain('Also: `SlowAdam`.');
  });

  it('counts as adaptive for the plateau diagnostic, so the fix is not "switch to adam"', () => {
    expect(diagnose(plateauRun('slow_adam')).find((d) => d.code === 'plateau')).toMatchObject({ fixConcept: 'reduce_on_plateau' });
    expect(diagnose(plateauRun('sgd')).find((d) => d.code === 'plateau')).toMatchObject({ fixConcept: 'adam' });
  });
});
