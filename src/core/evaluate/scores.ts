// From logits to what an evaluation keeps per sample: probabilities and the loss. Computed in JS with
// the same stable formulas as the training losses (log-sum-exp; the softplus form of BCE), in float64.
import type { Target } from '../train/types';

/** softmax of one row of logits, written into out. Returns log-sum-exp for the loss. */
function softmaxRow(logits: ArrayLike<number>, from: number, n: number, out: Float32Array): number {
  let max = -Infinity;
  for (let c = 0; c < n; c++) max = Math.max(max, logits[from + c]);
  let sum = 0;
  for (let c = 0; c < n; c++) sum += Math.exp(logits[from + c] - max);
  for (let c = 0; c < n; c++) out[from + c] = Math.exp(logits[from + c] - max) / sum;
  return max + Math.log(sum);
}

/** log(1 + e^x) without overflow. */
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

export interface SampleScores {
  /** Row-major [samples × classes]: softmax (single label) or sigmoid (multi-label) of the logits. */
  probs: Float32Array;
  /** Per sample: cross-entropy (single label), or binary cross-entropy averaged over labels. */
  losses: Float32Array;
}

/** Probabilities and losses of `targets.length` samples from their logits. */
export function scoresOf(
  logits: ArrayLike<number>,
  targets: Target[],
  numClasses: number,
  multilabel: boolean,
): SampleScores {
  const n = targets.length;
  if (logits.length !== n * numClasses)
    throw new RangeError(`scoresOf: ${logits.length} logits for ${n} samples × ${numClasses} classes.`);
  const probs = new Float32Array(n * numClasses);
  const losses = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const from = i * numClasses;
    const t = targets[i];
    if (!multilabel) {
      const lse = softmaxRow(logits, from, numClasses, probs);
      const c = typeof t === 'number' ? t : (t[0] ?? 0);
      losses[i] = lse - logits[from + c];
      continue;
    }
    const on = new Set(typeof t === 'number' ? [t] : t);
    let loss = 0;
    for (let c = 0; c < numClasses; c++) {
      const x = logits[from + c];
      probs[from + c] = 1 / (1 + Math.exp(-x));
      // -[y log σ(x) + (1-y) log(1-σ(x))] = softplus(x) - y·x
      loss += softplus(x) - (on.has(c) ? x : 0);
    }
    losses[i] = loss / numClasses;
  }
  return { probs, losses };
}
