import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { schedules, withWarmup, type LearningRateSchedule } from '../../src/engine/optim/schedules';
import { PYTHON_RNG } from '../../src/export/pytorch/rng';
import { scheduleSection } from '../../src/export/pytorch/optimizer';
import { contextFor } from './context';

/**
 * The Python the script carries, run in plain Python (no torch needed):
 * the random generator must give our stream bit for bit, and each schedule
 * our rate at every step. Skipped, saying why, where there is no python3.
 */

const PYTHON = process.env.PYTHON ?? 'python3';
const probe = spawnSync(PYTHON, ['-c', 'print(1)'], { encoding: 'utf8' });
const noPython = probe.status === 0 ? undefined : (probe.error?.message ?? probe.stderr);
if (noPython) console.log(`no Python at ${PYTHON}: ${noPython}; skipping the script parts' runs`);

function python(code: string): unknown {
  const run = spawnSync(PYTHON, ['-c', `import json, math\n${code}`], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe.skipIf(noPython !== undefined)('the Python the script carries', () => {
  it.each([0, 1, 7, 4294967295])('Rng(%i) draws our 32-bit words, and shuffles as we do', (seed) => {
    const ours = new Rng(seed);
    const words = Array.from({ length: 1000 }, () => ours.nextUint32());
    const order = new Rng(seed).shuffle(Array.from({ length: 257 }, (_, i) => i));
    const theirs = python(`${PYTHON_RNG}\nr = Rng(${seed})\nwords = [r.next_uint32() for _ in range(1000)]\nprint(json.dumps({"words": words, "order": Rng(${seed}).shuffle(list(range(257)))}))`);
    expect(theirs).toEqual({ words, order });
  });

  const scheduleCases: [string, string, (lr: number) => LearningRateSchedule][] = [
    ['constant', 'schedule constant', (lr) => schedules.get('constant').create(lr)],
    ['step', 'schedule step step_size=7 gamma=0.3', (lr) => schedules.get('step').create(lr, { step_size: 7, gamma: 0.3 })],
    ['exponential γ', 'schedule exponential gamma=0.97', (lr) => schedules.get('exponential').create(lr, { gamma: 0.97 })],
    ['exponential λ', 'schedule exponential decay=0.02', (lr) => schedules.get('exponential').create(lr, { decay: 0.02 })],
    ['cosine', 'schedule cosine period=40 min=0.001', (lr) => schedules.get('cosine').create(lr, { period: 40, min: 0.001 })],
    ['cosine restarts ×2', 'schedule cosine_restarts period=5 t_mult=2', (lr) => schedules.get('cosine_restarts').create(lr, { period: 5, t_mult: 2 })],
    ['cosine restarts', 'schedule cosine period=9 restarts=true', (lr) => schedules.get('cosine').create(lr, { period: 9, restarts: true })],
    ['cyclical', 'schedule cyclical max_lr=0.5 step_size=6 mode=triangular2', (lr) => schedules.get('cyclical').create(lr, { max_lr: 0.5, step_size: 6, mode: 'triangular2' })],
    ['cyclical exp_range', 'schedule cyclical max_lr=0.5 step_size=6 mode=exp_range gamma=0.99', (lr) => schedules.get('cyclical').create(lr, { max_lr: 0.5, step_size: 6, mode: 'exp_range', gamma: 0.99 })],
    ['one_cycle', 'schedule one_cycle max_lr=0.4 total_steps=50', (lr) => schedules.get('one_cycle').create(lr, { max_lr: 0.4, total_steps: 50 })],
    ['one_cycle linear', 'schedule one_cycle total_steps=30 anneal_strategy=linear', (lr) => schedules.get('one_cycle').create(lr, { total_steps: 30, anneal_strategy: 'linear' })],
    ['warmup', 'schedule warmup 8 start_factor=0.1', (lr) => schedules.get('warmup').create(lr, { steps: 8, start_factor: 0.1 })],
    [
      'two warmups then cosine',
      'schedule warmup 4 then warmup(3, start_factor=0.5) then cosine',
      // The cosine's period defaults to the steps left after both warmups: 60 − 7.
      (lr) => withWarmup(withWarmup(schedules.get('cosine').create(lr, { period: 53 }), { steps: 3, startFactor: 0.5 }), { steps: 4, startFactor: 0 }),
    ],
  ];

  it.each(scheduleCases)('%s: learning_rate(step) is our rate at every step', (_, statement, make) => {
    const context = contextFor(`data moons n=60\nmodel\n  dense 1 sigmoid\noptimizer sgd lr=0.1\n${statement}\ntrain steps=60 batch=60`);
    const ours = make(0.1);
    const steps = Array.from({ length: 60 }, (__, step) => step);
    const theirs = python(`${scheduleSection(context)}\nprint(json.dumps([learning_rate(step) for step in range(60)]))`) as number[];
    theirs.forEach((rate, step) => expect(rate, `step ${step}`).toBeCloseTo(ours.rate(steps[step]), 15));
  });
});
