import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm, globalNorm } from '../../src/core/train/clip';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const values = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

/** The global norm as a number, its tensor disposed. */
function normOf(ts: tf.Tensor[]): number {
  const n = globalNorm(ts);
  const v = n.dataSync()[0];
  n.dispose();
  return v;
}

describe('globalNorm', () => {
  it('is the L2 norm of all gradients as one vector', () => {
    const a = tf.tensor1d([3]);
    const b = tf.tensor2d([[4]]);
    const c = tf.tensor1d([1, 2, 2]);
    expect(normOf([a, b])).toBeCloseTo(5, 6);
    // sqrt(9 + 16 + 1 + 4 + 4) = sqrt(34)
    expect(normOf([a, b, c])).toBeCloseTo(Math.sqrt(34), 5);
    expect(normOf([])).toBe(0);
    tf.dispose([a, b, c]);
  });
});

describe('clipByGlobalNorm', () => {
  it('scales by maxNorm / (norm + 1e-6) so the clipped norm is maxNorm', () => {
    const grads = [tf.tensor1d([3, 0]), tf.tensor2d([[0], [4]])];
    const norm = globalNorm(grads);
    const clipped = clipByGlobalNorm(grads, 1, norm);
    const coef = 1 / (5 + 1e-6);
    const [a, b] = values(clipped);
    expect(a[0]).toBeCloseTo(3 * coef, 6);
    expect(b[1]).toBeCloseTo(4 * coef, 6);
    expect(clipped[1].shape).toEqual([2, 1]);
    expect(normOf(clipped)).toBeCloseTo(1, 5);
    // The inputs are left as they were.
    expect(values(grads)).toEqual([
      [3, 0],
      [0, 4],
    ]);
    tf.dispose([...grads, ...clipped, norm]);
  });

  it('leaves gradients below maxNorm unchanged, as new tensors', () => {
    const grads = [tf.tensor1d([0.3, -0.4]), tf.tensor1d([1e-3])];
    const norm = globalNorm(grads);
    const clipped = clipByGlobalNorm(grads, 10, norm);
    expect(values(clipped)).toEqual(values(grads));
    expect(clipped[0]).not.toBe(grads[0]);
    tf.dispose(grads);
    expect(clipped[0].isDisposed).toBe(false);
    tf.dispose([...clipped, norm]);
  });

  it('returns copies for maxNorm 0 (clipping off)', () => {
    const grads = [tf.tensor1d([30, 40])];
    const norm = globalNorm(grads);
    const clipped = clipByGlobalNorm(grads, 0, norm);
    expect(values(clipped)).toEqual([[30, 40]]);
    tf.dispose([...grads, ...clipped, norm]);
  });

  it('leaves no tensors behind', () => {
    const grads = [tf.randomNormal([4, 4]), tf.randomNormal([7])];
    const before = tf.memory().numTensors;
    const norm = globalNorm(grads);
    const clipped = clipByGlobalNorm(grads, 0.5, norm);
    expect(tf.memory().numTensors).toBe(before + 1 + clipped.length);
    tf.dispose([...grads, ...clipped, norm]);
  });
});
