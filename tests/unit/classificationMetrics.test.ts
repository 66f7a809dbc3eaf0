import { describe, expect, it } from 'vitest';
import {
  accuracy,
  averagePrecision,
  confusionMatrix,
  f1PerClass,
  macroF1,
  multilabelScores,
} from '../../src/core/metrics/classification';
import { classificationAccumulator, multilabelAccumulator } from '../../src/core/train/accumulators';
import type { BatchTargets, Target } from '../../src/core/train/types';

/** A batch of these targets, as the loop hands it to an accumulator. */
const batch = (targets: Target[]): BatchTargets => ({ targets, shape: [targets.length, 1, 1, 1] });

// Class 0 dominates, class 2 is never predicted, class 3 never appears at all.
const yTrue = [0, 0, 0, 0, 0, 0, 1, 1, 2, 2];
const yPred = [0, 0, 0, 0, 1, 0, 1, 0, 1, 0];

// scikit-learn 1.2.1:
//   from sklearn.metrics import confusion_matrix, accuracy_score, f1_score
//   confusion_matrix(yt, yp, labels=range(4)).tolist()
//   accuracy_score(yt, yp)                                                    # 0.6
//   f1_score(yt, yp, labels=range(4), average='macro', zero_division=0)      # 0.29230769230769227
//   f1_score(yt, yp, average='macro', zero_division=0)  # 0.3897435897435897 (labels present only: not ours)
const SK_MACRO_F1 = 0.29230769230769227;

describe('single-label metrics (scikit-learn, labels=range(4), zero_division=0)', () => {
  it('confusion matrix, accuracy and macro F1', () => {
    const cm = confusionMatrix(yTrue, yPred, 4);
    expect(cm).toEqual([
      [5, 1, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(accuracy(cm)).toBe(0.6);
    // F1 = 2tp / (2tp + fp + fn): class 0 = 10/13, class 1 = 2/5, class 2 (never predicted) = 0,
    // class 3 (absent from both) = 0 and still in the mean.
    expect(f1PerClass(cm)).toEqual([10 / 13, 2 / 5, 0, 0]);
    expect(macroF1(cm)).toBeCloseTo((10 / 13 + 2 / 5) / 4, 15);
    expect(macroF1(cm)).toBeCloseTo(SK_MACRO_F1, 15);
  });

  it('is NaN with no samples, and rejects labels outside the classes', () => {
    const empty = confusionMatrix([], [], 3);
    expect(accuracy(empty)).toBeNaN();
    expect(macroF1(empty)).toBe(0);
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(/yTrue\[1\] = 3/);
    expect(() => confusionMatrix([0, 1], [0, 1.5], 3)).toThrow(/yPred\[1\]/);
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(/1 labels but 2 predictions/);
  });

  it('accumulates over two batches as over one', () => {
    const logitsFor = (pred: number[]) =>
      Float32Array.from(pred.flatMap((p) => [0, 1, 2, 3].map((c) => (c === p ? 2 : -c))));
    const whole = classificationAccumulator(4);
    whole.add(logitsFor(yPred), batch(yTrue));
    const parts = classificationAccumulator(4);
    parts.add(logitsFor(yPred.slice(0, 3)), batch(yTrue.slice(0, 3)));
    parts.add(logitsFor(yPred.slice(3)), batch(yTrue.slice(3)));
    expect(parts.result()).toEqual(whole.result());
    expect(whole.result()).toEqual({ accuracy: 0.6, macro_f1: macroF1(confusionMatrix(yTrue, yPred, 4)) });
    expect(classificationAccumulator(4).result().accuracy).toBeNaN();
  });

  it('takes the first of tied logits, as numpy argmax', () => {
    const acc = classificationAccumulator(3);
    acc.add(Float32Array.from([1, 1, 0, 0, 2, 2]), batch([0, 1]));
    expect(acc.result().accuracy).toBe(1);
    expect(() => acc.add(Float32Array.from([0, 0, 0]), batch([3]))).toThrow(/Target 3/);
    expect(() => acc.add(Float32Array.from([0, 0]), batch([0]))).toThrow(/2 logits/);
  });
});

describe('average precision (step-wise, tied scores enter together)', () => {
  it('matches scikit-learn on ties', () => {
    // from sklearn.metrics import average_precision_score as ap
    expect(averagePrecision([0.1, 0.9, 0.8, 0.7], [0, 1, 0, 1])).toBeCloseTo(0.5 + 1 / 3, 15);
    // ap([1,0,1], [0.5,0.5,0.2])                                   # 0.5833333333333333
    expect(averagePrecision([0.5, 0.5, 0.2], [1, 0, 1])).toBeCloseTo(0.5833333333333333, 15);
    // ap([1,0,1,0,1,1,0], [0.9,0.7,0.7,0.7,0.4,0.2,0.2])          # 0.6678571428571428
    expect(averagePrecision([0.9, 0.7, 0.7, 0.7, 0.4, 0.2, 0.2], [1, 0, 1, 0, 1, 1, 0])).toBeCloseTo(
      0.6678571428571428,
      15,
    );
    // ap([0,1,0,1,1,0,0,1], [0.8,0.8,0.6,0.5,0.5,0.5,0.1,0.1])    # 0.5
    expect(averagePrecision([0.8, 0.8, 0.6, 0.5, 0.5, 0.5, 0.1, 0.1], [0, 1, 0, 1, 1, 0, 0, 1])).toBeCloseTo(
      0.5,
      15,
    );
    // ap([1,0,0], [0.3,0.3,0.3])                                   # 0.3333333333333333
    expect(averagePrecision([0.3, 0.3, 0.3], [1, 0, 0])).toBeCloseTo(1 / 3, 15);
    expect(averagePrecision([0.3, 0.3, 0.3], [1, 1, 1])).toBe(1);
  });

  it('is NaN without a positive (sklearn warns and gives 0)', () => {
    expect(averagePrecision([0.3, 0.2], [0, 0])).toBeNaN();
    expect(averagePrecision([], [])).toBeNaN();
  });
});

describe('multi-label scores', () => {
  // 5 samples × 4 labels; label 2 has no positive and one false positive (sample 3).
  const Y = [
    [1, 0, 0, 1],
    [0, 1, 0, 1],
    [1, 1, 0, 0],
    [0, 0, 0, 1],
    [1, 0, 0, 0],
  ];
  const P = [
    [0.9, 0.2, 0.1, 0.5],
    [0.6, 0.7, 0.3, 0.8],
    [0.5, 0.4, 0.2, 0.2],
    [0.1, 0.4, 0.6, 0.9],
    [0.7, 0.4, 0.1, 0.3],
  ];
  // Yh = (P >= 0.5).astype(int)
  // f1_score(Y, Yh, average='micro', zero_division=0)   # 0.823529411764706
  // f1_score(Y, Yh, average='macro', zero_division=0)   # 0.6309523809523809
  // accuracy_score(Y, Yh)                                # 0.4
  // np.mean([average_precision_score(Y[:, l], P[:, l]) for l in range(4) if Y[:, l].any()])
  //                                                      # [0.9166666666666665, 0.75, 1.0] → 0.8888888888888888
  // (average_precision_score(Y, P, average='macro') counts label 2 as 0 → 0.6666666666666666; we skip it.)
  const SK = { micro_f1: 0.823529411764706, macro_f1: 0.6309523809523809, subset_accuracy: 0.4 };
  const SK_MAP = 0.8888888888888888;

  it('matches scikit-learn (label without positives left out of mAP)', () => {
    const s = multilabelScores(P.flat(), Y.flat(), 5, 4, 0.5);
    expect(s.micro_f1).toBeCloseTo(SK.micro_f1, 15);
    expect(s.macro_f1).toBeCloseTo(SK.macro_f1, 15);
    expect(s.subset_accuracy).toBeCloseTo(SK.subset_accuracy, 15);
    expect(s.map).toBeCloseTo(SK_MAP, 15);
  });

  it('is NaN for mAP when no label has a positive, and checks sizes', () => {
    expect(multilabelScores([0.2, 0.7], [0, 0], 1, 2, 0.5)).toEqual({
      micro_f1: 0,
      macro_f1: 0,
      map: NaN,
      subset_accuracy: 0,
    });
    expect(() => multilabelScores([0.2], [0, 0], 1, 2, 0.5)).toThrow(/1 × 2/);
  });

  it('accumulates sigmoid(logits) over two batches as over one', () => {
    const logit = (p: number) => Math.log(p / (1 - p));
    const targets = Y.map((row) => row.flatMap((v, l) => (v ? [l] : [])));
    const logits = (rows: number[][]) => Float32Array.from(rows.flat().map(logit));
    const whole = multilabelAccumulator(4, 0.5);
    whole.add(logits(P), batch(targets));
    const parts = multilabelAccumulator(4, 0.5);
    parts.add(logits(P.slice(0, 2)), batch(targets.slice(0, 2)));
    parts.add(logits(P.slice(2)), batch(targets.slice(2)));
    expect(parts.result()).toEqual(whole.result());
    const r = whole.result();
    // float32 logits move the probabilities slightly but keep their order, ties, and side of 0.5
    // (logit(0.5) = 0 and sigmoid(0) = 0.5 exactly).
    expect(r.map).toBeCloseTo(SK_MAP, 12);
    expect(r.micro_f1).toBeCloseTo(SK.micro_f1, 12);
    expect(r.macro_f1).toBeCloseTo(SK.macro_f1, 12);
    expect(r.accuracy).toBeCloseTo(SK.subset_accuracy, 12);
    expect(() => whole.add(Float32Array.from([0, 0, 0, 0]), batch([[4]]))).toThrow(/Target 4/);
  });
});
