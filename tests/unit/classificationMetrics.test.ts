import { describe, expect, it } from 'vitest';
import {
  accuracy,
  averagePrecision,
  confusionMatrix,
  macroF1,
  multilabelScores,
} from '../../src/core/metrics/classification';
import { classificationAccumulator, multilabelAccumulator } from '../../src/core/train/accumulators';

// Class 0 dominates, class 2 is never predicted, class 3 never appears at all.
const yTrue = [0, 0, 0, 0, 0, 0, 1, 1, 2, 2];
const yPred = [0, 0, 0, 0, 1, 0, 1, 0, 1, 0];

describe('single-label metrics (scikit-learn definitions, labels=range(4), zero_division=0)', () => {
  it('confusion matrix, accuracy and macro F1', () => {
    const cm = confusionMatrix(yTrue, yPred, 4);
    expect(cm).toEqual([
      [5, 1, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(accuracy(cm)).toBeCloseTo(0.6);
    // F1 = 2tp / (2tp + fp + fn): class 0 = 10/13, class 1 = 2/5, class 2 = 0, class 3 = 0 (absent: counted as 0).
    expect(macroF1(cm)).toBeCloseTo((10 / 13 + 2 / 5) / 4, 12);
  });

  it('accumulates over batches like over one batch', () => {
    const logitsFor = (pred: number[]) =>
      Float32Array.from(pred.flatMap((p) => [0, 1, 2, 3].map((c) => (c === p ? 1 : 0))));
    const whole = classificationAccumulator(4);
    whole.add(logitsFor(yPred), yTrue);
    const parts = classificationAccumulator(4);
    parts.add(logitsFor(yPred.slice(0, 3)), yTrue.slice(0, 3));
    parts.add(logitsFor(yPred.slice(3)), yTrue.slice(3));
    expect(parts.result()).toEqual(whole.result());
    expect(whole.result().accuracy).toBeCloseTo(0.6);
  });
});

describe('average precision (step-wise, ties enter together)', () => {
  it('matches hand-worked values', () => {
    // Ranked: 0.9(+) 0.8(-) 0.7(+) 0.1(-): AP = 0.5*1 + 0.5*(2/3)
    expect(averagePrecision([0.1, 0.9, 0.8, 0.7], [0, 1, 0, 1])).toBeCloseTo(0.5 + 1 / 3, 12);
    // A tie between a positive and a negative at the top: both enter at once, precision 1/2.
    // sklearn average_precision_score([1,0,1],[0.5,0.5,0.2]) = 0.5*0.5 + 0.5*(2/3) = 0.5833333333333333
    expect(averagePrecision([0.5, 0.5, 0.2], [1, 0, 1])).toBeCloseTo(0.5833333333333333, 12);
    expect(averagePrecision([0.3, 0.2], [0, 0])).toBeNaN();
  });

  it('multi-label micro/macro F1, mAP and subset accuracy', () => {
    // 3 samples × 2 labels
    const probs = [0.9, 0.2, 0.6, 0.7, 0.1, 0.4];
    const targets = [1, 0, 0, 1, 1, 1];
    const s = multilabelScores(probs, targets, 3, 2, 0.5);
    // label 0: tp1 fp1 fn1 → F1 0.5; label 1: tp1 fp0 fn1 → F1 2/3. micro: tp2 fp1 fn2 → 4/7
    expect(s.macro_f1).toBeCloseTo((0.5 + 2 / 3) / 2, 12);
    expect(s.micro_f1).toBeCloseTo(4 / 7, 12);
    expect(s.subset_accuracy).toBeCloseTo(1 / 3, 12);
    // label 0 ranked 0.9(+) 0.6(-) 0.1(+): 0.5 + 0.5*2/3; label 1: 0.7(+) 0.4(+) 0.2(-): 1
    expect(s.map).toBeCloseTo((0.5 + 1 / 3 + 1) / 2, 12);
    const acc = multilabelAccumulator(2, 0.5);
    const logit = (p: number) => Math.log(p / (1 - p));
    acc.add(Float32Array.from(probs.map(logit)), [[0], [1], [0, 1]]);
    expect(acc.result().map).toBeCloseTo(s.map, 5);
  });
});
