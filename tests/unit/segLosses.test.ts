// Segmentation losses against numpy values of their definitions (tests/fixtures/numpy/make_seg_losses.py),
// gradients that exist, and no leaked tensors.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropyLoss, diceLoss, focalLoss, segmentationLoss } from '../../src/core/train/segLosses';

interface Case {
  name: string;
  input: {
    logits: number[][][][];
    target: number[][][];
    num_classes: number;
    ignore_index: number | null;
    class_weights: number[] | null;
    focal_gamma: number;
  };
  expected: { ce: number; dice: number; focal: number };
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/numpy/seg_losses.json', import.meta.url), 'utf8'),
) as {
  cases: Case[];
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('segmentation losses equal their numpy definitions', () => {
  for (const c of fixture.cases)
    it(c.name, () => {
      const before = tf.memory().numTensors;
      const logits = tf.tensor4d(c.input.logits);
      const target = tf.tensor3d(c.input.target, undefined, 'int32');
      const o = {
        numClasses: c.input.num_classes,
        ignoreIndex: c.input.ignore_index,
        classWeights: c.input.class_weights,
        focalGamma: c.input.focal_gamma,
      };
      const values = {
        ce: crossEntropyLoss(logits, target, o),
        dice: diceLoss(logits, target, o),
        focal: focalLoss(logits, target, o),
      };
      for (const k of ['ce', 'dice', 'focal'] as const) {
        expect(values[k].dataSync()[0], k).toBeCloseTo(c.expected[k], 5);
        values[k].dispose();
      }
      // The weighted sum, and a finite gradient through every part.
      const v = tf.variable(logits, true, `seg_${c.name.length}`);
      const grads = tf.variableGrads(() => {
        const { total, parts } = segmentationLoss(v as tf.Tensor4D, target, o, {
          ce: 1,
          dice: 0.5,
          focal: 2,
        });
        expect(Object.keys(parts)).toEqual(['ce', 'dice', 'focal']);
        return total;
      }, [v]);
      const g = Object.values(grads.grads)[0].dataSync();
      expect(g.every(Number.isFinite)).toBe(true);
      expect(g.some((x) => x !== 0)).toBe(true);
      expect(grads.value.dataSync()[0]).toBeCloseTo(
        c.expected.ce + 0.5 * c.expected.dice + 2 * c.expected.focal,
        4,
      );
      tf.dispose([grads.value, ...Object.values(grads.grads)]);
      tf.dispose([logits, target]);
      tf.disposeVariables();
      expect(tf.memory().numTensors).toBe(before);
    });

  it('a batch of ignored pixels gives 0, not NaN', () => {
    const logits = tf.randomNormal([1, 2, 2, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const target = tf.fill([1, 2, 2], 255, 'int32') as tf.Tensor3D;
    const o = { numClasses: 3, ignoreIndex: 255, classWeights: null, focalGamma: 2 };
    for (const f of [crossEntropyLoss, diceLoss, focalLoss]) {
      const v = f(logits, target, o);
      expect(v.dataSync()[0]).toBe(0);
      v.dispose();
    }
    tf.dispose([logits, target]);
  });
});
