// The classification report: every number of scikit-learn 1.2's classification metrics for one set of
// predictions, under scikit-learn's names. The CLI prints it as JSON and the studio shows the same
// object, so both always agree with scikit-learn (tests/fixtures/sklearn holds its numbers).
// A value scikit-learn leaves undefined (NaN, or "ill-defined") is null.
import { balancedAccuracy, cohenKappa, matthewsCorrcoef } from '../metrics/agreement';
import { averagePrecision, normalizeConfusion } from '../metrics/classification';
import {
  hammingLoss,
  jaccard,
  labelCounts,
  multilabelConfusion,
  sampleCounts,
  subsetAccuracy,
} from '../metrics/multilabel';
import { averageRow, prfOf, type LabelCounts, type PrfRow } from '../metrics/prf';
import { calibration, logLoss, rocAuc, topKAccuracy } from '../metrics/scoring';
import type { MultilabelInput, ReportInput, SingleLabelInput } from './reportInput';

/** Rows keyed by label name, then the average rows; `accuracy` is a bare number, as in sklearn. */
export type ReportTable = Map<string, PrfRow | number>;

export interface SingleLabelReport {
  confusion_matrix: number[][];
  confusion_matrix_normalized: { true: number[][]; pred: number[][]; all: number[][] };
  classification_report: ReportTable;
  accuracy: number | null;
  balanced_accuracy: number | null;
  balanced_accuracy_adjusted: number | null;
  cohen_kappa: number | null;
  cohen_kappa_linear: number | null;
  cohen_kappa_quadratic: number | null;
  matthews_corrcoef: number | null;
  /** Keyed by k (1, 2, 3, 5, 10 below the class count); null without y_score. */
  top_k_accuracy: Map<string, number | null> | null;
  log_loss: number | null;
  /** Expected calibration error, 15 equal-width bins of the top-label confidence. */
  ece: number | null;
}

export interface MultilabelReport {
  /** Per reported label, [[tn, fp], [fn, tp]]. */
  multilabel_confusion_matrix: number[][][];
  classification_report: ReportTable;
  /** scikit-learn's accuracy_score on indicators, which is the subset accuracy. */
  accuracy: number | null;
  subset_accuracy: number | null;
  hamming_loss: number | null;
  jaccard: { micro: number | null; macro: number | null; weighted: number | null; samples: number | null };
  average_precision: Map<string, number | null> | null;
  roc_auc_per_label: Map<string, number | null> | null;
}

export type ClassificationReport = SingleLabelReport | MultilabelReport;

export const TOP_K = [1, 2, 3, 5, 10];
export const ECE_BINS = 15;

const defined = (v: number) => (Number.isFinite(v) ? v : null);

function singleLabel(i: SingleLabelInput): SingleLabelReport {
  const { yTrue, yPred, labels } = i;
  const position = new Map(labels.map((l, k) => [l, k]));
  const cm = labels.map(() => new Array<number>(labels.length).fill(0));
  const counts = new Map<number, LabelCounts>(labels.map((l) => [l, { tp: 0, predicted: 0, actual: 0 }]));
  let right = 0;
  yTrue.forEach((t, s) => {
    const p = yPred[s];
    if (t === p) right++;
    const ct = counts.get(t);
    const cp = counts.get(p);
    if (ct) ct.actual++;
    if (cp) cp.predicted++;
    if (ct && t === p) ct.tp++;
    // Samples whose true or predicted class is not reported fall outside the matrix, as in sklearn.
    const r = position.get(t);
    const c = position.get(p);
    if (r !== undefined && c !== undefined) cm[r][c]++;
  });
  const labelRows = labels.map((l) => counts.get(l)!);
  const table: ReportTable = new Map();
  labels.forEach((l, k) => table.set(i.names[k], prfOf(counts.get(l)!)));
  const present = new Set([...yTrue, ...yPred]);
  const microIsAccuracy =
    !i.labelsGiven || (present.size === labels.length && labels.every((l) => present.has(l)));
  const micro = averageRow('micro', labelRows);
  if (microIsAccuracy) table.set('accuracy', micro.precision);
  else table.set('micro avg', micro);
  table.set('macro avg', averageRow('macro', labelRows));
  table.set('weighted avg', averageRow('weighted', labelRows));

  const report: SingleLabelReport = {
    confusion_matrix: cm,
    confusion_matrix_normalized: {
      true: normalizeConfusion(cm, 'true'),
      pred: normalizeConfusion(cm, 'pred'),
      all: normalizeConfusion(cm, 'all'),
    },
    classification_report: table,
    accuracy: defined(right / yTrue.length),
    balanced_accuracy: defined(balancedAccuracy(yTrue, yPred)),
    balanced_accuracy_adjusted: defined(balancedAccuracy(yTrue, yPred, true)),
    cohen_kappa: defined(cohenKappa(cm)),
    cohen_kappa_linear: defined(cohenKappa(cm, 'linear')),
    cohen_kappa_quadratic: defined(cohenKappa(cm, 'quadratic')),
    matthews_corrcoef: defined(matthewsCorrcoef(yTrue, yPred)),
    top_k_accuracy: null,
    log_loss: null,
    ece: null,
  };
  if (i.scores) {
    const { values: scores, columns: C } = i.scores;
    const ks = C === 2 ? [1] : TOP_K.filter((k) => k < C);
    report.top_k_accuracy = new Map(ks.map((k) => [String(k), defined(topKAccuracy(yTrue, scores, C, k))]));
    report.log_loss = defined(logLoss(yTrue, scores, C));
    report.ece = defined(calibration(yTrue, scores, C, ECE_BINS).ece);
  }
  return report;
}

function multilabel(i: MultilabelInput): MultilabelReport {
  const { yTrue, yPred, labels, names } = i;
  const counts = labelCounts(yTrue, yPred, labels);
  const table: ReportTable = new Map();
  names.forEach((name, k) => table.set(name, prfOf(counts[k])));
  table.set('micro avg', averageRow('micro', counts));
  table.set('macro avg', averageRow('macro', counts));
  table.set('weighted avg', averageRow('weighted', counts));
  table.set('samples avg', averageRow('samples', counts, sampleCounts(yTrue, yPred, labels)));
  const perLabel = (score: (s: Float64Array, t: Float64Array) => number) => {
    if (!i.scores) return null;
    const { values, columns } = i.scores;
    return new Map(
      labels.map((l, k) => {
        const s = Float64Array.from(yTrue, (_, row) => values[row * columns + l]);
        const t = Float64Array.from(yTrue, (r) => r[l]);
        return [names[k], defined(score(s, t))];
      }),
    );
  };
  const subset = defined(subsetAccuracy(yTrue, yPred));
  return {
    multilabel_confusion_matrix: multilabelConfusion(yTrue, yPred, labels),
    classification_report: table,
    accuracy: subset,
    subset_accuracy: subset,
    hamming_loss: defined(hammingLoss(yTrue, yPred)),
    jaccard: {
      micro: defined(jaccard(yTrue, yPred, labels, 'micro')),
      macro: defined(jaccard(yTrue, yPred, labels, 'macro')),
      weighted: defined(jaccard(yTrue, yPred, labels, 'weighted')),
      samples: defined(jaccard(yTrue, yPred, labels, 'samples')),
    },
    // A label without positives has no AP (sklearn warns and answers 0) and no ROC AUC (sklearn raises).
    average_precision: perLabel(averagePrecision),
    roc_auc_per_label: perLabel(rocAuc),
  };
}

export function classificationReport(input: ReportInput): ClassificationReport {
  return input.multilabel ? multilabel(input) : singleLabel(input);
}
