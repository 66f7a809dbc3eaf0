// Classification metrics with scikit-learn's definitions, always over labels = range(numClasses) and with
// zero_division=0. The full evaluation report builds on these, so they must agree with sklearn exactly.
import { TilewrightError } from '../errors';

function checkLabel(v: number, numClasses: number, what: string, i: number): void {
  if (!Number.isInteger(v) || v < 0 || v >= numClasses)
    throw new TilewrightError(
      'invalid-params',
      `${what}[${i}] = ${v} is not a class index below ${numClasses}.`,
      what,
    );
}

/** confusion_matrix(labels=range(numClasses)): rows are true classes, columns predicted classes. */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses: number,
): number[][] {
  if (yTrue.length !== yPred.length)
    throw new TilewrightError(
      'invalid-params',
      `${yTrue.length} labels but ${yPred.length} predictions.`,
      'yPred',
    );
  const cm = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    checkLabel(yTrue[i], numClasses, 'yTrue', i);
    checkLabel(yPred[i], numClasses, 'yPred', i);
    cm[yTrue[i]][yPred[i]]++;
  }
  return cm;
}

/**
 * confusion_matrix(normalize=...): rows ('true'), columns ('pred') or everything ('all') sum to 1; an
 * empty row or column is 0, as sklearn's nan_to_num makes it.
 */
export function normalizeConfusion(cm: number[][], mode: 'true' | 'pred' | 'all'): number[][] {
  const rows = cm.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = cm[0]?.map((_, j) => cm.reduce((a, r) => a + r[j], 0)) ?? [];
  const all = rows.reduce((a, b) => a + b, 0);
  return cm.map((r, i) =>
    r.map((v, j) => {
      const d = mode === 'true' ? rows[i] : mode === 'pred' ? cols[j] : all;
      return d === 0 ? 0 : v / d;
    }),
  );
}

/** accuracy_score: the trace over the total. NaN for no samples (sklearn would warn and divide by zero). */
export function accuracy(cm: number[][]): number {
  let right = 0;
  let all = 0;
  for (let i = 0; i < cm.length; i++)
    for (let j = 0; j < cm[i].length; j++) {
      all += cm[i][j];
      if (i === j) right += cm[i][j];
    }
  return all ? right / all : NaN;
}

/** F1 of counts, 2tp / (2tp + fp + fn); 0 when tp is 0, which is sklearn's zero_division=0 result too. */
function f1(tp: number, fp: number, fn: number): number {
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** f1_score(average=None, labels=range(numClasses), zero_division=0) from a confusion matrix. */
export function f1PerClass(cm: number[][]): number[] {
  return cm.map((row, c) => {
    const tp = row[c];
    const fn = row.reduce((a, b) => a + b, 0) - tp;
    const fp = cm.reduce((a, r) => a + r[c], 0) - tp;
    return f1(tp, fp, fn);
  });
}

/**
 * f1_score(average='macro', labels=range(numClasses), zero_division=0). Because the labels are given,
 * every class counts: one absent from both labels and predictions contributes an F1 of 0 (sklearn
 * without `labels` would leave it out of the mean instead). NaN when numClasses is 0.
 */
export function macroF1(cm: number[][]): number {
  const f = f1PerClass(cm);
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN;
}

/**
 * average_precision_score for one label: AP = Σ (R_n − R_{n−1}) P_n over the distinct score thresholds
 * in decreasing order (tied scores enter together), with no interpolation.
 * NaN when the label has no positive example (sklearn 1.2 warns and returns 0 there); NaN scores rank
 * lowest (sklearn rejects them).
 */
export function averagePrecision(scores: ArrayLike<number>, labels01: ArrayLike<number>): number {
  const n = scores.length;
  if (labels01.length !== n)
    throw new TilewrightError('invalid-params', `${n} scores but ${labels01.length} labels.`, 'labels01');
  const s = new Float64Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    s[i] = Number.isNaN(scores[i]) ? -Infinity : scores[i];
    if (labels01[i]) positives++;
  }
  if (positives === 0) return NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b] - s[a] || a - b);
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let prevRecall = 0;
  for (let k = 0; k < n; k++) {
    if (labels01[order[k]]) tp++;
    seen++;
    // Only the last of a run of tied scores is a threshold.
    if (k < n - 1 && s[order[k + 1]] === s[order[k]]) continue;
    const recall = tp / positives;
    ap += (recall - prevRecall) * (tp / seen);
    prevRecall = recall;
  }
  return ap;
}

export interface MultilabelScores {
  /** f1_score(average='micro', zero_division=0) */
  micro_f1: number;
  /** f1_score(average='macro', zero_division=0): every label counts, 0 for one never true nor predicted. */
  macro_f1: number;
  /** Mean of average_precision_score over the labels that have a positive example; NaN if none has. */
  map: number;
  /** accuracy_score on the indicator matrices: the share of samples whose label set is exactly right. */
  subset_accuracy: number;
}

/**
 * Multi-label scores from probabilities and 0/1 targets (both n × L, row-major). A label is predicted
 * when its probability reaches the threshold (p >= threshold).
 * Unlike sklearn's average_precision_score(average='macro'), which counts a label without positives as
 * AP 0, map leaves such labels out: on a small validation split a rare label would otherwise drag the
 * mean down for a reason that says nothing about the model.
 */
export function multilabelScores(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  n: number,
  L: number,
  threshold: number,
): MultilabelScores {
  if (probs.length !== n * L || targets.length !== n * L)
    throw new TilewrightError(
      'invalid-params',
      `Expected ${n} × ${L} = ${n * L} values, got ${probs.length} probabilities and ${targets.length} targets.`,
      'targets',
    );
  let tpAll = 0;
  let fpAll = 0;
  let fnAll = 0;
  let f1Sum = 0;
  let apSum = 0;
  let apCount = 0;
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  const wrong = new Uint8Array(n);
  for (let l = 0; l < L; l++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < n; i++) {
      const p = probs[i * L + l] >= threshold;
      const t = targets[i * L + l] > 0;
      if (p && t) tp++;
      else if (p) fp++;
      else if (t) fn++;
      if (p !== t) wrong[i] = 1;
      scores[i] = probs[i * L + l];
      labels[i] = t ? 1 : 0;
    }
    tpAll += tp;
    fpAll += fp;
    fnAll += fn;
    f1Sum += f1(tp, fp, fn);
    const ap = averagePrecision(scores, labels);
    if (!Number.isNaN(ap)) {
      apSum += ap;
      apCount++;
    }
  }
  let exact = 0;
  for (let i = 0; i < n; i++) if (!wrong[i]) exact++;
  return {
    micro_f1: f1(tpAll, fpAll, fnAll),
    macro_f1: L ? f1Sum / L : NaN,
    map: apCount ? apSum / apCount : NaN,
    subset_accuracy: n ? exact / n : NaN,
  };
}
