// Our own optimisers over tf.Variables, step for step the same as PyTorch's AdamW, Adam and SGD.
// tfjs's built-in Adam has no decoupled weight decay, and its state is awkward to checkpoint; here the
// state is plain named arrays (`${variable.name}/${slot}`, slots named as in torch's state dicts).
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import type { OptimizerConfig } from './config';

export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface OptimizerState {
  /** Number of apply() calls done. */
  step: number;
  arrays: NamedArray[];
}

export interface Optimizer {
  /** One update of every variable with its gradient (same order), at learning rate lr. Does not dispose grads. */
  apply(vars: tf.Variable[], grads: tf.Tensor[], lr: number): void;
  /** Copies of the state (moments, momentum buffers) keyed by `${variable.name}/${slot}`, to checkpoint. */
  getState(): Promise<OptimizerState>;
  /** Restores state saved by getState; names that match no variable or slot throw a 'bad-file' error. */
  setState(vars: tf.Variable[], state: OptimizerState): void;
  dispose(): void;
}

export function createOptimizer(config: OptimizerConfig): Optimizer {
  switch (config.name) {
    case 'adamw':
      return adam(config, true);
    case 'adam':
      return adam(config, false);
    case 'sgd':
      return sgd(config);
  }
}

/**
 * torch.optim.AdamW (decoupled: p *= 1 - lr·wd first) or torch.optim.Adam (L2: g += wd·p), then
 * m = β1·m + (1-β1)·g, v = β2·v + (1-β2)·g², p -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + eps).
 * One step count for all variables: torch counts per parameter, which is the same when every
 * variable is updated at every step, as here.
 */
function adam(c: OptimizerConfig, decoupled: boolean): Optimizer {
  const slots = new Slots(['exp_avg', 'exp_avg_sq']);
  let step = 0;
  return {
    apply(vars, grads, lr) {
      checkPairs(vars, grads);
      step += 1;
      // Scalars in doubles, as torch computes them in Python.
      const stepSize = lr / (1 - c.beta1 ** step);
      const bc2Sqrt = Math.sqrt(1 - c.beta2 ** step);
      tf.tidy(() =>
        vars.forEach((p, i) => {
          let g = grads[i];
          let param: tf.Tensor = p;
          if (c.weight_decay !== 0) {
            if (decoupled) param = p.mul(1 - lr * c.weight_decay);
            else g = g.add(p.mul(c.weight_decay));
          }
          const m = slots.get(p, 'exp_avg');
          const v = slots.get(p, 'exp_avg_sq');
          m.assign(m.mul(c.beta1).add(g.mul(1 - c.beta1)));
          v.assign(v.mul(c.beta2).add(g.square().mul(1 - c.beta2)));
          const denom = v.sqrt().div(bc2Sqrt).add(c.eps);
          p.assign(param.sub(m.div(denom).mul(stepSize)));
        }),
      );
    },
    getState: async () => ({ step, arrays: await slots.read() }),
    setState(vars, state) {
      checkStep(state);
      slots.restore(vars, state.arrays);
      step = state.step;
    },
    dispose: () => slots.dispose(),
  };
}

/**
 * torch.optim.SGD without dampening: g += wd·p; buf = momentum·buf + g (the zero buffer makes the
 * first step buf = g, as torch's clone does); g = nesterov ? g + momentum·buf : buf; p -= lr·g.
 */
function sgd(c: OptimizerConfig): Optimizer {
  const slots = new Slots(c.momentum !== 0 ? ['momentum_buffer'] : []);
  let step = 0;
  return {
    apply(vars, grads, lr) {
      checkPairs(vars, grads);
      step += 1;
      tf.tidy(() =>
        vars.forEach((p, i) => {
          let g = grads[i];
          if (c.weight_decay !== 0) g = g.add(p.mul(c.weight_decay));
          if (c.momentum !== 0) {
            const buf = slots.get(p, 'momentum_buffer');
            buf.assign(buf.mul(c.momentum).add(g));
            g = c.nesterov ? g.add(buf.mul(c.momentum)) : buf;
          }
          p.assign(p.sub(g.mul(lr)));
        }),
      );
    },
    getState: async () => ({ step, arrays: await slots.read() }),
    setState(vars, state) {
      checkStep(state);
      slots.restore(vars, state.arrays);
      step = state.step;
    },
    dispose: () => slots.dispose(),
  };
}

/** Per-variable state tensors, created zero-filled on first use and keyed `${variable.name}/${slot}`. */
class Slots {
  private byKey = new Map<string, tf.Variable>();

  constructor(private readonly names: readonly string[]) {}

  get(v: tf.Variable, slot: string): tf.Variable {
    const key = `${v.name}/${slot}`;
    let s = this.byKey.get(key);
    if (!s) {
      s = tf.tidy(() => tf.variable(tf.zerosLike(v), false));
      this.byKey.set(key, s);
    }
    return s;
  }

  /** Copies of every slot. Clones are taken at once, so an apply() during the read cannot change them. */
  async read(): Promise<NamedArray[]> {
    const entries = [...this.byKey].map(([name, s]) => ({ name, shape: s.shape.slice(), t: s.clone() }));
    try {
      const data = await Promise.all(entries.map((e) => e.t.data<'float32'>()));
      // slice(): a backend may hand out its own buffer.
      return entries.map((e, i) => ({ name: e.name, shape: e.shape, data: data[i].slice() }));
    } finally {
      tf.dispose(entries.map((e) => e.t));
    }
  }

  /** Replaces every slot with the saved arrays, after checking them all against the variables. */
  restore(vars: tf.Variable[], arrays: NamedArray[]): void {
    const byName = new Map(vars.map((v) => [v.name, v]));
    const slotsOf = new Map<string, Set<string>>();
    for (const a of arrays) {
      // Variable names contain '/' themselves: the slot is what follows the last one.
      const cut = a.name.lastIndexOf('/');
      const v = byName.get(a.name.slice(0, cut));
      const slot = a.name.slice(cut + 1);
      if (cut < 0 || !v || !this.names.includes(slot))
        throw bad(`Optimizer state ${a.name} matches no variable of the model.`, a.name);
      const size = a.shape.reduce((n, d) => n * d, 1);
      if (!sameShape(a.shape, v.shape) || a.data.length !== size)
        throw bad(`Optimizer state ${a.name} has shape [${a.shape}], the variable [${v.shape}].`, a.name);
      const seen = slotsOf.get(v.name) ?? new Set<string>();
      if (seen.has(slot)) throw bad(`Optimizer state ${a.name} appears twice.`, a.name);
      slotsOf.set(v.name, seen.add(slot));
    }
    // A variable has all of its slots or none (zero slots are then made on its first update).
    for (const [name, seen] of slotsOf)
      if (seen.size !== this.names.length) throw bad(`Optimizer state of ${name} is incomplete.`, name);
    this.dispose();
    // slice(): the cpu backend would otherwise keep the caller's array as its buffer.
    for (const a of arrays)
      this.byKey.set(
        a.name,
        tf.tidy(() => tf.variable(tf.tensor(a.data.slice(), a.shape, 'float32'), false)),
      );
  }

  dispose(): void {
    tf.dispose([...this.byKey.values()]);
    this.byKey.clear();
  }
}

function checkStep(state: OptimizerState): void {
  if (!Number.isInteger(state.step) || state.step < 0)
    throw bad(`Optimizer step ${state.step} is not a whole number.`, 'step');
}

function checkPairs(vars: tf.Variable[], grads: tf.Tensor[]): void {
  if (vars.length !== grads.length)
    throw new TilewrightError('invalid-params', `${vars.length} variables but ${grads.length} gradients.`);
  vars.forEach((v, i) => {
    if (!sameShape(v.shape, grads[i].shape))
      throw new TilewrightError(
        'invalid-params',
        `Gradient of ${v.name} has shape [${grads[i].shape}], the variable [${v.shape}].`,
        v.name,
      );
  });
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

const bad = (message: string, subject: string) => new TilewrightError('bad-file', message, subject);
