import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OptimizerSchema, type OptimizerConfig } from '../../src/core/train/config';
import { isTilewrightError } from '../../src/core/errors';
import { createOptimizer, type Optimizer, type OptimizerState } from '../../src/core/train/optimizers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const optimizerConfig = (c: Partial<OptimizerConfig>): OptimizerConfig => OptimizerSchema.parse(c);

// Two hand-made parameters (a 2×2 kernel and a bias), three steps of gradients, three learning rates.
const SHAPES = [[2, 2], [3]];
const START = [
  [0.5, -1.2, 2.0, 0.03],
  [0.1, -0.2, 0.3],
];
const GRADS = [
  [
    [0.4, -0.1, 1.5, 0],
    [-0.3, 0.05, 2.0],
  ],
  [
    [0.2, 0.3, -0.7, 0.1],
    [0.6, -0.25, 1.0],
  ],
  [
    [-0.5, 0.8, 0.9, -0.2],
    [0.1, 0.4, -1.5],
  ],
];
const LRS = [0.1, 0.05, 0.02];

type Arrays = number[][];

/** Variables with the given names (tfjs variable names are unique while they live) and values. */
function makeVars(names: string[], values: Arrays = START): tf.Variable[] {
  return names.map((n, i) => tf.tidy(() => tf.variable(tf.tensor(values[i], SHAPES[i]), true, n)));
}

let nextId = 0;
const freshNames = () => {
  nextId += 1;
  return [`model${nextId}/dense/kernel`, `model${nextId}/dense/bias`];
};

const read = (vars: tf.Tensor[]): Arrays => vars.map((v) => Array.from(v.dataSync()));

/** Applies one step of gradients GRADS[k] at LRS[k]. */
function step(opt: Optimizer, vars: tf.Variable[], k: number): void {
  const grads = GRADS[k].map((g, i) => tf.tensor(g, SHAPES[i]));
  opt.apply(vars, grads, LRS[k]);
  tf.dispose(grads);
}

/** The AdamW / Adam update written from the papers' formulas, in doubles. */
function refAdam(c: OptimizerConfig, decoupled: boolean, steps: number): Arrays[] {
  const p = START.map((a) => a.slice());
  const m = p.map((a) => a.map(() => 0));
  const v = p.map((a) => a.map(() => 0));
  const out: Arrays[] = [];
  for (let k = 0; k < steps; k++) {
    const t = k + 1;
    const lr = LRS[k];
    p.forEach((pa, j) =>
      pa.forEach((_, i) => {
        let g = GRADS[k][j][i];
        if (decoupled) pa[i] -= lr * c.weight_decay * pa[i];
        else g += c.weight_decay * pa[i];
        m[j][i] = c.beta1 * m[j][i] + (1 - c.beta1) * g;
        v[j][i] = c.beta2 * v[j][i] + (1 - c.beta2) * g * g;
        const mHat = m[j][i] / (1 - c.beta1 ** t);
        const vHat = v[j][i] / (1 - c.beta2 ** t);
        pa[i] -= (lr * mHat) / (Math.sqrt(vHat) + c.eps);
      }),
    );
    out.push(p.map((a) => a.slice()));
  }
  return out;
}

/** torch.optim.SGD's update (dampening 0), in doubles. */
function refSgd(c: OptimizerConfig, steps: number): Arrays[] {
  const p = START.map((a) => a.slice());
  const buf = p.map((a) => a.map(() => 0));
  const out: Arrays[] = [];
  for (let k = 0; k < steps; k++) {
    p.forEach((pa, j) =>
      pa.forEach((_, i) => {
        let g = GRADS[k][j][i] + c.weight_decay * pa[i];
        if (c.momentum !== 0) {
          buf[j][i] = k === 0 ? g : c.momentum * buf[j][i] + g;
          g = c.nesterov ? g + c.momentum * buf[j][i] : buf[j][i];
        }
        pa[i] -= LRS[k] * g;
      }),
    );
    out.push(p.map((a) => a.slice()));
  }
  return out;
}

function expectNear(actual: Arrays, expected: Arrays, tol = 1e-6): void {
  expect(actual.map((a) => a.length)).toEqual(expected.map((a) => a.length));
  actual.forEach((a, j) =>
    a.forEach((x, i) => expect(Math.abs(x - expected[j][i]), `param ${j}[${i}]`).toBeLessThan(tol)),
  );
}

/** Runs three steps and compares the variables after each with the reference. */
function expectMatches(c: OptimizerConfig, expected: Arrays[]): void {
  const vars = makeVars(freshNames());
  const opt = createOptimizer(c);
  for (let k = 0; k < 3; k++) {
    step(opt, vars, k);
    expectNear(read(vars), expected[k]);
  }
  // The updates are not trivially small: 1e-6 is a real bound.
  expect(Math.abs(read(vars)[0][0] - START[0][0])).toBeGreaterThan(1e-3);
  opt.dispose();
  tf.dispose(vars);
}

describe('optimisers against their formulas', () => {
  it('AdamW: decoupled weight decay, then the bias-corrected Adam step', () => {
    const c = optimizerConfig({ name: 'adamw', weight_decay: 0.1, beta1: 0.8, beta2: 0.99, eps: 1e-6 });
    expectMatches(c, refAdam(c, true, 3));
  });

  it('AdamW with the default betas and eps', () => {
    const c = optimizerConfig({ name: 'adamw' });
    expectMatches(c, refAdam(c, true, 3));
  });

  it('Adam: weight decay as L2 on the gradient', () => {
    const c = optimizerConfig({ name: 'adam', weight_decay: 0.1, beta1: 0.85, beta2: 0.995, eps: 1e-7 });
    expectMatches(c, refAdam(c, false, 3));
  });

  it('SGD with momentum and weight decay', () => {
    const c = optimizerConfig({ name: 'sgd', momentum: 0.9, nesterov: false, weight_decay: 0.05 });
    expectMatches(c, refSgd(c, 3));
  });

  it('SGD with Nesterov momentum and weight decay', () => {
    const c = optimizerConfig({ name: 'sgd', momentum: 0.8, nesterov: true, weight_decay: 0.05 });
    expectMatches(c, refSgd(c, 3));
  });

  it('SGD with momentum 0 is plain SGD', () => {
    const c = optimizerConfig({ name: 'sgd', momentum: 0, weight_decay: 0.01 });
    expectMatches(c, refSgd(c, 3));
  });

  it('does not dispose the gradients and rejects mismatched ones', () => {
    const vars = makeVars(freshNames());
    const opt = createOptimizer(optimizerConfig({ name: 'adamw' }));
    const grads = GRADS[0].map((g, i) => tf.tensor(g, SHAPES[i]));
    opt.apply(vars, grads, 0.1);
    expect(grads.every((g) => !g.isDisposed)).toBe(true);
    expect(() => opt.apply(vars, grads.slice(0, 1), 0.1)).toThrow(/2 variables but 1 gradients/);
    expect(() => opt.apply(vars, [grads[1], grads[0]], 0.1)).toThrow(/shape/);
    tf.dispose([...grads, ...vars]);
    opt.dispose();
  });
});

const CONFIGS: [string, OptimizerConfig][] = [
  ['adamw', optimizerConfig({ name: 'adamw', weight_decay: 0.1 })],
  ['adam', optimizerConfig({ name: 'adam', weight_decay: 0.1 })],
  ['sgd nesterov', optimizerConfig({ name: 'sgd', momentum: 0.9, nesterov: true, weight_decay: 0.1 })],
  ['sgd plain', optimizerConfig({ name: 'sgd', momentum: 0 })],
];

describe('optimiser state', () => {
  it.each(CONFIGS)('%s: getState/setState resumes exactly', async (_, c) => {
    const names = freshNames();
    const varsA = makeVars(names);
    const a = createOptimizer(c);
    step(a, varsA, 0);
    step(a, varsA, 1);
    const state = await a.getState();
    const saved = state.arrays.map((x) => Array.from(x.data));
    const after2 = read(varsA);
    step(a, varsA, 2);
    const resultA = read(varsA);
    expect(state.step).toBe(2);
    // The saved state is a copy: the third step did not change it.
    expect(state.arrays.map((x) => Array.from(x.data))).toEqual(saved);
    a.dispose();
    tf.dispose(varsA);

    // B: a fresh optimiser on variables of the same names, holding the values after two steps.
    const varsB = makeVars(names, after2);
    const b = createOptimizer(c);
    b.setState(varsB, state);
    step(b, varsB, 2);
    expect(read(varsB)).toEqual(resultA);
    expect((await b.getState()).step).toBe(3);
    b.dispose();
    tf.dispose(varsB);
  });

  it('names state arrays `${variable}/${slot}` in variable order, as copies', async () => {
    const names = freshNames();
    const vars = makeVars(names);
    const opt = createOptimizer(optimizerConfig({ name: 'adamw' }));
    step(opt, vars, 0);
    const state = await opt.getState();
    expect(state.arrays.map((a) => a.name)).toEqual([
      `${names[0]}/exp_avg`,
      `${names[0]}/exp_avg_sq`,
      `${names[1]}/exp_avg`,
      `${names[1]}/exp_avg_sq`,
    ]);
    expect(state.arrays.map((a) => a.shape)).toEqual([[2, 2], [2, 2], [3], [3]]);
    // exp_avg after one step is (1 - β1) g.
    expectNear([Array.from(state.arrays[2].data)], [GRADS[0][1].map((g) => 0.1 * g)]);
    const before = Array.from(state.arrays[0].data);
    step(opt, vars, 1);
    expect(Array.from(state.arrays[0].data)).toEqual(before);
    // Nor does the optimiser keep the array it was given.
    opt.setState(vars, state);
    state.arrays[0].data.fill(123);
    expect(Array.from((await opt.getState()).arrays[0].data)).toEqual(before);
    opt.dispose();
    tf.dispose(vars);
  });

  it('rejects state that does not fit the variables with a bad-file error', async () => {
    const names = freshNames();
    const vars = makeVars(names);
    const adam = createOptimizer(optimizerConfig({ name: 'adam' }));
    step(adam, vars, 0);
    const state = await adam.getState();
    const codeOf = (opt: Optimizer, s: OptimizerState) => {
      try {
        opt.setState(vars, s);
        return 'ok';
      } catch (e) {
        return isTilewrightError(e) ? e.code : String(e);
      }
    };
    const renamed = (name: string) => ({
      ...state,
      arrays: state.arrays.map((a, i) => (i === 0 ? { ...a, name } : a)),
    });
    expect(codeOf(adam, state)).toBe('ok');
    expect(codeOf(adam, renamed('other/kernel/exp_avg'))).toBe('bad-file');
    expect(codeOf(adam, renamed(`${names[0]}/momentum_buffer`))).toBe('bad-file');
    expect(codeOf(adam, renamed('no-slash'))).toBe('bad-file');
    expect(codeOf(adam, { ...state, arrays: state.arrays.slice(1) })).toBe('bad-file');
    const reshaped = state.arrays.map((a, i) => (i === 0 ? { ...a, shape: [4] } : a));
    expect(codeOf(adam, { ...state, arrays: reshaped })).toBe('bad-file');
    expect(codeOf(adam, { ...state, step: -1 })).toBe('bad-file');
    const plainSgd = createOptimizer(optimizerConfig({ name: 'sgd', momentum: 0 }));
    expect(codeOf(plainSgd, state)).toBe('bad-file');
    expect(codeOf(plainSgd, { step: 4, arrays: [] })).toBe('ok');
    // A rejected state leaves the optimiser as it was.
    expect((await adam.getState()).step).toBe(1);
    tf.dispose(vars);
    adam.dispose();
    plainSgd.dispose();
  });
});

describe('optimiser memory', () => {
  it.each(CONFIGS)('%s: tf.memory().numTensors is flat over 50 steps', async (_, c) => {
    const start = tf.memory().numTensors;
    const vars = makeVars(freshNames());
    const grads = GRADS[0].map((g, i) => tf.tensor(g, SHAPES[i]));
    const opt = createOptimizer(c);
    opt.apply(vars, grads, 0.01); // creates the slots
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) opt.apply(vars, grads, 0.01);
    await opt.getState();
    expect(tf.memory().numTensors).toBe(after1);
    opt.dispose();
    tf.dispose([...vars, ...grads]);
    expect(tf.memory().numTensors).toBe(start);
  });
});
