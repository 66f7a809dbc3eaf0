// The boundary channel's targets and the instance split along it, on hand-drawn masks: rectangles that
// touch, one that occludes another, a sliver without a seed; and the boundary loss against its definition.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { connectedComponents } from '../../src/core/metrics/instances';
import { boundaryTargets, splitInstances } from '../../src/core/metrics/separation';
import { predictedInstances } from '../../src/core/evaluate/segmentPredict';
import { boundaryLoss } from '../../src/core/train/segLosses';

/** Digits per pixel, one string per row. */
function grid(rows: string[]): { width: number; height: number; data: Int32Array } {
  return { width: rows[0].length, height: rows.length, data: Int32Array.from(rows.join(''), Number) };
}
function rows(data: ArrayLike<number>, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < data.length; i += width)
    out.push(
      Array.from(data)
        .slice(i, i + width)
        .join(''),
    );
  return out;
}
function boundaries(g: ReturnType<typeof grid>): Uint8Array {
  const out = new Uint8Array(g.data.length);
  boundaryTargets(g.data, g.width, g.height, out);
  return out;
}

// Two rectangles sharing an edge (instance 1 left, 2 right), and one rectangle (3) apart.
const TOUCHING = grid([
  '000000000', //
  '011122200',
  '011122200',
  '011122200',
  '000000033',
  '000000033',
]);

// Rectangle 2 drawn over rectangle 1: what is left of 1 is an L around 2's corner.
const OVERLAPPING = grid([
  '1111100', //
  '1111100',
  '1122222',
  '1122222',
  '0022222',
]);

describe('boundaryTargets', () => {
  it('marks the pixels of an instance that touch another instance, not edges against the background', () => {
    expect(rows(boundaries(TOUCHING), 9)).toEqual([
      '000000000',
      '000110000',
      '000110000',
      '000110000',
      '000000000',
      '000000000',
    ]);
  });

  it('follows the edge of an occluding instance', () => {
    expect(rows(boundaries(OVERLAPPING), 7)).toEqual([
      '0000000', //
      '0011100',
      '0111100',
      '0110000',
      '0000000',
    ]);
  });

  it('writes at an offset and leaves a map without touching instances empty', () => {
    const out = new Uint8Array(10).fill(7);
    // Instances meeting at a corner only do not touch (4-neighbours).
    boundaryTargets([1, 0, 0, 2], 2, 2, out, 3);
    expect([...out]).toEqual([7, 7, 7, 0, 0, 0, 0, 7, 7, 7]);
  });
});

describe('splitInstances', () => {
  const mask = (g: ReturnType<typeof grid>) => Uint8Array.from(g.data, (v) => (v ? 1 : 0));

  it('splits touching rectangles that connected components join', () => {
    const m = mask(TOUCHING);
    expect(connectedComponents(m, 9, 6).count).toBe(2);
    const r = splitInstances(m, boundaries(TOUCHING), 9, 6);
    expect(r.count).toBe(3);
    // The boundary pixels go back to the nearest seed: the split follows the true edge.
    expect(rows(r.map.data, 9)).toEqual(rows(TOUCHING.data, 9));
  });

  it('splits an occluded rectangle from the one on top of it', () => {
    const m = mask(OVERLAPPING);
    expect(connectedComponents(m, 7, 5).count).toBe(1);
    const r = splitInstances(m, boundaries(OVERLAPPING), 7, 5);
    expect(r.count).toBe(2);
    // Every pixel as drawn but (2, 2), the corner of the occluder, which is two steps from a seed of either.
    const wrong = [...r.map.data].map((v, i) => (v === OVERLAPPING.data[i] ? -1 : i)).filter((i) => i >= 0);
    expect(wrong).toEqual([2 * 7 + 2]);
  });

  it('reads the boundary as probabilities against the threshold', () => {
    const m = mask(TOUCHING);
    const p = Float32Array.from(boundaries(TOUCHING), (b) => (b ? 0.7 : 0.2));
    expect(splitInstances(m, p, 9, 6).count).toBe(3);
    expect(splitInstances(m, p, 9, 6, 0.8).count).toBe(2);
  });

  it('without boundaries it is connected components', () => {
    const m = mask(TOUCHING);
    const r = splitInstances(m, new Float32Array(m.length), 9, 6);
    expect([...r.map.data]).toEqual([...connectedComponents(m, 9, 6).map.data]);
  });

  it('keeps a part of the mask with no seed as an instance of its own', () => {
    // Left block has a seed; the right sliver is all boundary.
    const m = grid(['110011', '110011']).data;
    const b = grid(['000011', '000011']).data;
    const r = splitInstances(m, b, 6, 2);
    expect(r.count).toBe(2);
    expect(rows(r.map.data, 6)).toEqual(['110022', '110022']);
  });
});

describe('predictedInstances with a boundary map', () => {
  it('scores the split instances by their mean probability', () => {
    const square = grid(['111222', '111222', '111222', '000000', '330000', '330000']);
    const pred = Uint8Array.from(square.data, (v) => (v ? 1 : 0));
    const prob = Float32Array.from(square.data, (v) => [0, 0.9, 0.6, 0.8][v]);
    expect(predictedInstances(pred, prob, 1, 6).scores.size).toBe(2);
    const split = predictedInstances(pred, prob, 1, 6, Float32Array.from(boundaries(square)));
    expect([...split.scores.keys()]).toEqual([1, 2, 3]);
    expect(split.scores.get(1)).toBeCloseTo(0.9, 6);
    expect(split.scores.get(2)).toBeCloseTo(0.6, 6);
    expect(split.scores.get(3)).toBeCloseTo(0.8, 6);
  });
});

describe('boundaryLoss', () => {
  it('is BCE with logits and pos_weight over labelled pixels', () => {
    const x = [2, -1, 0.5, -3, 1.5, 0];
    const y = [1, 0, 1, 0, 0, 1];
    const valid = [1, 1, 1, 1, 0, 1];
    const pw = 3;
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    let sum = 0;
    for (let i = 0; i < x.length; i++)
      sum += valid[i] * -(pw * y[i] * Math.log(sigmoid(x[i])) + (1 - y[i]) * Math.log(1 - sigmoid(x[i])));
    const expected = sum / 5;
    const got = tf.tidy(
      () =>
        boundaryLoss(
          tf.tensor3d(x, [1, 2, 3]),
          tf.tensor3d(y, [1, 2, 3], 'int32'),
          tf.tensor3d(valid, [1, 2, 3]),
          pw,
        ).dataSync()[0],
    );
    expect(got).toBeCloseTo(expected, 5);
  });
});
