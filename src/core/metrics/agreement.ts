// Single-label agreement scores from scikit-learn 1.2: balanced_accuracy_score, cohen_kappa_score and
// matthews_corrcoef. NaN where scikit-learn's value is NaN (the report shows it as undefined).

/** Counts over the classes that occur in yTrue or yPred, in increasing order (sklearn's unique_labels). */
function presentMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number[][] {
  const present = [...new Set([...Array.from(yTrue), ...Array.from(yPred)])].sort((a, b) => a - b);
  const index = new Map(present.map((c, i) => [c, i]));
  const cm = present.map(() => new Array<number>(present.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) cm[index.get(yTrue[i])!][index.get(yPred[i])!]++;
  return cm;
}

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

/**
 * Mean recall over the classes present in yTrue (a class only predicted has no recall and is left out).
 * adjusted rescales so that chance is 0 and perfect is 1; NaN with a single class in yTrue.
 */
export function balancedAccuracy(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  adjusted = false,
): number {
  const cm = presentMatrix(yTrue, yPred);
  const recalls: number[] = [];
  cm.forEach((row, c) => {
    const n = sum(row);
    if (n > 0) recalls.push(row[c] / n);
  });
  if (!recalls.length) return NaN;
  let score = sum(recalls) / recalls.length;
  if (adjusted) {
    const chance = 1 / recalls.length;
    score = (score - chance) / (1 - chance);
  }
  return score;
}

export type KappaWeights = 'none' | 'linear' | 'quadratic';

/**
 * Cohen's kappa of a confusion matrix (rows true, columns predicted, in the report's label order; the
 * weights of linear and quadratic kappa are distances between those positions). NaN when the expected
 * disagreement is 0 (e.g. a single class throughout).
 */
export function cohenKappa(cm: number[][], weights: KappaWeights = 'none'): number {
  const n = cm.length;
  const cols = cm[0]?.map((_, j) => sum(cm.map((r) => r[j]))) ?? [];
  const rows = cm.map(sum);
  const total = sum(cols);
  const w = (i: number, j: number) =>
    weights === 'none' ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) ** 2;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      observed += w(i, j) * cm[i][j];
      // sklearn's expected = outer(column sums, row sums) / total, indexed [i][j].
      expected += (w(i, j) * cols[i] * rows[j]) / total;
    }
  return 1 - observed / expected;
}

/** Multiclass Matthews correlation coefficient (Gorodkin's R_K); 0 when either marginal is constant. */
export function matthewsCorrcoef(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const cm = presentMatrix(yTrue, yPred);
  const t = cm.map(sum);
  const p = cm[0]?.map((_, j) => sum(cm.map((r) => r[j]))) ?? [];
  const s = sum(t);
  const correct = sum(cm.map((r, i) => r[i]));
  const dot = (a: number[], b: number[]) => a.reduce((acc, v, i) => acc + v * b[i], 0);
  const covTP = correct * s - dot(t, p);
  const covPP = s * s - dot(p, p);
  const covTT = s * s - dot(t, t);
  return covPP * covTT === 0 ? 0 : covTP / Math.sqrt(covTT * covPP);
}
