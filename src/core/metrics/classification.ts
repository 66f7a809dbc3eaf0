// Classification metrics with scikit-learn's definitions (labels = range(numClasses), zero_division=0).
// The full report of the evaluation work builds on these.

/** Rows are true classes, columns predicted classes. */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses: number,
): number[][] {
  const cm = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) cm[yTrue[i]][yPred[i]]++;
  return cm;
}

export function accuracy(cm: number[][]): number {
  let right = 0;
  let all = 0;
  cm.forEach((row, i) => row.forEach((n, j) => ((all += n), i === j && (right += n))));
  return all ? right / all : NaN;
}

/** F1 per class from a confusion matrix; 0 where precision and recall are both undefined or zero. */
export function f1PerClass(cm: number[][]): number[] {
  return cm.map((row, c) => {
    const tp = row[c];
    const fn = row.reduce((a, b) => a + b, 0) - tp;
    const fp = cm.reduce((a, r) => a + r[c], 0) - tp;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
}

/**
 * f1_score(average='macro', labels=range(numClasses), zero_division=0): every class counts, so a class
 * absent from both labels and predictions contributes an F1 of 0.
 */
export function macroF1(cm: number[][]): number {
  const f = f1PerClass(cm);
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN;
}

/**
 * average_precision_score for one label: AP = Σ (R_n − R_{n−1}) P_n over distinct score thresholds
 * (tied scores enter together), no interpolation. NaN when the label has no positive example.
 */
export function averagePrecision(scores: ArrayLike<number>, labels01: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (let i = 0; i < labels01.length; i++) if (labels01[i]) positives++;
  if (positives === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < order.length; i++) {
    if (labels01[order[i]]) tp++;
    else fp++;
    const last = i === order.length - 1 || scores[order[i + 1]] !== scores[order[i]];
    if (!last) continue;
    const recall = tp / positives;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

/**
 * Multi-label scores from probabilities and 0/1 targets (n × L, row-major) at a threshold:
 * micro and macro F1 (zero_division=0) and the mean average precision over labels that have a
 * positive example (NaN when none has).
 */
export function multilabelScores(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  n: number,
  L: number,
  threshold: number,
): { micro_f1: number; macro_f1: number; map: number; subset_accuracy: number } {
  let tpAll = 0;
  let fpAll = 0;
  let fnAll = 0;
  let f1Sum = 0;
  let apSum = 0;
  let apCount = 0;
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
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
      scores[i] = probs[i * L + l];
      labels[i] = t ? 1 : 0;
    }
    tpAll += tp;
    fpAll += fp;
    fnAll += fn;
    f1Sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    const ap = averagePrecision(scores, labels);
    if (!Number.isNaN(ap)) {
      apSum += ap;
      apCount++;
    }
  }
  let exact = 0;
  for (let i = 0; i < n; i++) {
    let same = true;
    for (let l = 0; l < L && same; l++) same = probs[i * L + l] >= threshold === targets[i * L + l] > 0;
    if (same) exact++;
  }
  return {
    micro_f1: tpAll === 0 ? 0 : (2 * tpAll) / (2 * tpAll + fpAll + fnAll),
    macro_f1: L ? f1Sum / L : NaN,
    map: apCount ? apSum / apCount : NaN,
    subset_accuracy: n ? exact / n : NaN,
  };
}
