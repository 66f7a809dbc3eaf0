// Precision, recall, F1 and support per label and averaged, as scikit-learn 1.2's
// precision_recall_fscore_support with zero_division=0: every 0/0 is 0, and F1 is computed from
// precision and recall (2PR / (P + R)), not from the counts.

/** One row of classification_report(output_dict=True): the keys are scikit-learn's. */
export interface PrfRow {
  precision: number;
  recall: number;
  'f1-score': number;
  support: number;
}

/** Counts of one label (or, for the samples average, of one sample over the labels). */
export interface LabelCounts {
  tp: number;
  /** Predicted positive: tp + fp. */
  predicted: number;
  /** Truly positive (the support): tp + fn. */
  actual: number;
}

export type Average = 'micro' | 'macro' | 'weighted' | 'samples';

const divide = (a: number, b: number) => (b === 0 ? 0 : a / b);

function fScore(p: number, r: number): number {
  const denominator = p + r;
  return denominator === 0 ? 0 : (2 * p * r) / denominator;
}

export function prfOf(c: LabelCounts): PrfRow {
  const precision = divide(c.tp, c.predicted);
  const recall = divide(c.tp, c.actual);
  return { precision, recall, 'f1-score': fScore(precision, recall), support: c.actual };
}

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

/**
 * An average row of the report. labels: counts per reported label; samples: counts per sample (only
 * for the samples average). The support of every average row is the total support of the labels.
 */
export function averageRow(average: Average, labels: LabelCounts[], samples?: LabelCounts[]): PrfRow {
  const support = labels.reduce((a, c) => a + c.actual, 0);
  if (average === 'micro') {
    const sum = labels.reduce(
      (a, c) => ({ tp: a.tp + c.tp, predicted: a.predicted + c.predicted, actual: a.actual + c.actual }),
      {
        tp: 0,
        predicted: 0,
        actual: 0,
      },
    );
    return { ...prfOf(sum), support };
  }
  const rows = (average === 'samples' ? (samples ?? []) : labels).map(prfOf);
  if (average === 'weighted') {
    // np.average(weights=support); sklearn answers zero_division (0) when no label has any support.
    if (support === 0) return { precision: 0, recall: 0, 'f1-score': 0, support };
    const weighted = (k: keyof PrfRow) => rows.reduce((a, r, i) => a + r[k] * labels[i].actual, 0) / support;
    return {
      precision: weighted('precision'),
      recall: weighted('recall'),
      'f1-score': weighted('f1-score'),
      support,
    };
  }
  return {
    precision: mean(rows.map((r) => r.precision)),
    recall: mean(rows.map((r) => r.recall)),
    'f1-score': mean(rows.map((r) => r['f1-score'])),
    support,
  };
}
