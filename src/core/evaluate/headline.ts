// The few numbers an evaluation is listed by: accuracy and macro F1 (single label), micro F1 and mAP
// (multi-label), with the same definitions as the validation metrics of training.
import { accuracy, confusionMatrix, macroF1, multilabelScores } from '../metrics/classification';
import type { Target } from '../train/types';

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** Index of the largest value of row i (the first on ties, as numpy's argmax). */
export function argmaxRow(probs: Float32Array, i: number, numClasses: number): number {
  let best = 0;
  for (let c = 1; c < numClasses; c++) if (probs[i * numClasses + c] > probs[i * numClasses + best]) best = c;
  return best;
}

export function headlineOf(
  task: 'classification' | 'multilabel',
  s: { targets: Target[]; probs: Float32Array },
  numClasses: number,
  threshold: number,
): Record<string, number | null> {
  const n = s.targets.length;
  if (task === 'classification') {
    const pred = Array.from({ length: n }, (_, i) => argmaxRow(s.probs, i, numClasses));
    const cm = confusionMatrix(s.targets as number[], pred, numClasses);
    return { accuracy: finite(accuracy(cm)), macro_f1: finite(macroF1(cm)) };
  }
  const hot = new Float32Array(n * numClasses);
  s.targets.forEach((t, i) => {
    for (const c of typeof t === 'number' ? [t] : t) hot[i * numClasses + c] = 1;
  });
  const m = multilabelScores(s.probs, hot, n, numClasses, threshold);
  return { micro_f1: finite(m.micro_f1), map: finite(m.map), subset_accuracy: finite(m.subset_accuracy) };
}
