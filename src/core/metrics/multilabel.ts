// Multi-label scores of 0/1 indicator rows, as scikit-learn 1.2 computes them: per-label and per-sample
// counts, hamming_loss, accuracy_score (exact match) and jaccard_score with zero_division=0.
import type { LabelCounts } from './prf';

export type Indicator = ArrayLike<number>[];

/** Counts of each of the given columns over all samples. */
export function labelCounts(yTrue: Indicator, yPred: Indicator, columns: number[]): LabelCounts[] {
  return columns.map((l) => {
    let tp = 0;
    let predicted = 0;
    let actual = 0;
    yTrue.forEach((row, i) => {
      const t = row[l] > 0;
      const p = yPred[i][l] > 0;
      if (t) actual++;
      if (p) predicted++;
      if (t && p) tp++;
    });
    return { tp, predicted, actual };
  });
}

/** Counts of each sample over the given columns (the samples average). */
export function sampleCounts(yTrue: Indicator, yPred: Indicator, columns: number[]): LabelCounts[] {
  return yTrue.map((row, i) => {
    let tp = 0;
    let predicted = 0;
    let actual = 0;
    for (const l of columns) {
      const t = row[l] > 0;
      const p = yPred[i][l] > 0;
      if (t) actual++;
      if (p) predicted++;
      if (t && p) tp++;
    }
    return { tp, predicted, actual };
  });
}

/** multilabel_confusion_matrix: per column [[tn, fp], [fn, tp]]. */
export function multilabelConfusion(yTrue: Indicator, yPred: Indicator, columns: number[]): number[][][] {
  return labelCounts(yTrue, yPred, columns).map((c) => {
    const fp = c.predicted - c.tp;
    const fn = c.actual - c.tp;
    return [
      [yTrue.length - c.tp - fp - fn, fp],
      [fn, c.tp],
    ];
  });
}

/** Share of all cells (every column) that differ. */
export function hammingLoss(yTrue: Indicator, yPred: Indicator): number {
  let wrong = 0;
  let cells = 0;
  yTrue.forEach((row, i) => {
    for (let l = 0; l < row.length; l++) {
      cells++;
      if (row[l] > 0 !== yPred[i][l] > 0) wrong++;
    }
  });
  return cells ? wrong / cells : NaN;
}

/** accuracy_score on indicators: the share of samples whose every column is right. */
export function subsetAccuracy(yTrue: Indicator, yPred: Indicator): number {
  let exact = 0;
  yTrue.forEach((row, i) => {
    let ok = true;
    for (let l = 0; l < row.length && ok; l++) ok = row[l] > 0 === yPred[i][l] > 0;
    if (ok) exact++;
  });
  return yTrue.length ? exact / yTrue.length : NaN;
}

const jaccardOf = (c: LabelCounts) => {
  const union = c.predicted + c.actual - c.tp;
  return union === 0 ? 0 : c.tp / union;
};

/**
 * jaccard_score(average) over the given columns. weighted falls back to the plain mean when no column
 * has any support, as sklearn's np.average(weights=None) does.
 */
export function jaccard(
  yTrue: Indicator,
  yPred: Indicator,
  columns: number[],
  average: 'micro' | 'macro' | 'weighted' | 'samples',
): number {
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  if (average === 'samples') return mean(sampleCounts(yTrue, yPred, columns).map(jaccardOf));
  const counts = labelCounts(yTrue, yPred, columns);
  if (average === 'micro')
    return jaccardOf(
      counts.reduce(
        (a, c) => ({ tp: a.tp + c.tp, predicted: a.predicted + c.predicted, actual: a.actual + c.actual }),
        {
          tp: 0,
          predicted: 0,
          actual: 0,
        },
      ),
    );
  const scores = counts.map(jaccardOf);
  const support = counts.reduce((a, c) => a + c.actual, 0);
  if (average === 'weighted' && support > 0)
    return scores.reduce((a, s, i) => a + s * counts[i].actual, 0) / support;
  return mean(scores);
}
