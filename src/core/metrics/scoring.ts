// Metrics of predicted probabilities: top-k accuracy, log loss (scikit-learn 1.2's top_k_accuracy_score,
// log_loss, roc_auc_score) and calibration (reliability bins and the expected calibration error).
// Scores are row-major n × C arrays: the probability of class c for sample i at i * C + c.

/**
 * top_k_accuracy_score: the true class is among the k highest scores. Ties rank the higher class index
 * first (sklearn sorts ascending with a stable sort and reverses). With two classes sklearn thresholds
 * the score of class 1 instead: top-1 is (p1 > 0.5) when scores are probabilities; every k ≥ 2 is 1.
 */
export function topKAccuracy(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  C: number,
  k: number,
): number {
  const n = yTrue.length;
  if (!n) return NaN;
  let hits = 0;
  if (C === 2) {
    if (k >= 2) return 1;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, scores[i * 2 + 1]);
      hi = Math.max(hi, scores[i * 2 + 1]);
    }
    const threshold = lo >= 0 && hi <= 1 ? 0.5 : 0;
    for (let i = 0; i < n; i++) if ((scores[i * 2 + 1] > threshold ? 1 : 0) === yTrue[i]) hits++;
    return hits / n;
  }
  for (let i = 0; i < n; i++) {
    const t = yTrue[i];
    const st = scores[i * C + t];
    let ahead = 0;
    for (let c = 0; c < C; c++) {
      const s = scores[i * C + c];
      if (s > st || (s === st && c > t)) ahead++;
    }
    if (ahead < k) hits++;
  }
  return hits / n;
}

/** Machine epsilon of float64, sklearn's clip for float64 scores. */
const EPS = 2.220446049250313e-16;

/** log_loss: mean −log p(true class) after clipping to [eps, 1 − eps] and renormalising each row. */
export function logLoss(yTrue: ArrayLike<number>, scores: ArrayLike<number>, C: number): number {
  const n = yTrue.length;
  if (!n) return NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let c = 0; c < C; c++) rowSum += Math.min(Math.max(scores[i * C + c], EPS), 1 - EPS);
    const p = Math.min(Math.max(scores[i * C + yTrue[i]], EPS), 1 - EPS) / rowSum;
    total += -Math.log(p);
  }
  return total / n;
}

export interface CalibrationBin {
  /** The bin holds confidences in (lo, hi]; the first also holds 0. */
  lo: number;
  hi: number;
  count: number;
  /** Share of the bin's samples whose top class is right; NaN for an empty bin. */
  accuracy: number;
  /** Mean top-class probability in the bin; NaN for an empty bin. */
  confidence: number;
}

export interface Calibration {
  bins: CalibrationBin[];
  /** Σ (count / n) · |accuracy − confidence| over the bins (Guo et al. 2017). */
  ece: number;
}

/**
 * Reliability bins on the top-label confidence (the largest probability, its class the prediction,
 * the first on ties), equal-width over [0, 1].
 */
export function calibration(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  C: number,
  binCount = 15,
): Calibration {
  const n = yTrue.length;
  // Edges as numpy's linspace makes them (i · step, the last exactly 1), so borderline confidences
  // fall in the same bin as in a numpy reference.
  const step = 1 / binCount;
  const edges = Array.from({ length: binCount + 1 }, (_, i) => (i === binCount ? 1 : i * step));
  const count = new Array<number>(binCount).fill(0);
  const right = new Array<number>(binCount).fill(0);
  const confSum = new Array<number>(binCount).fill(0);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (scores[i * C + c] > scores[i * C + best]) best = c;
    const conf = scores[i * C + best];
    let b = 0;
    while (b < binCount - 1 && conf > edges[b + 1]) b++;
    count[b]++;
    confSum[b] += conf;
    if (best === yTrue[i]) right[b]++;
  }
  const bins = count.map((k, b) => ({
    lo: edges[b],
    hi: edges[b + 1],
    count: k,
    accuracy: k ? right[b] / k : NaN,
    confidence: k ? confSum[b] / k : NaN,
  }));
  const ece = n
    ? bins.reduce((a, b) => (b.count ? a + (b.count / n) * Math.abs(b.accuracy - b.confidence) : a), 0)
    : NaN;
  return { bins, ece };
}

/**
 * roc_auc_score of one label: the chance that a random positive scores above a random negative, ties
 * counting half (the Mann–Whitney U over P·N). NaN when the label has no positive or no negative.
 */
export function rocAuc(scores: ArrayLike<number>, labels01: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]] === scores[order[start]]) end++;
    const rank = (start + end) / 2 + 1; // mean 1-based rank of the tied run
    for (let k = start; k <= end; k++)
      if (labels01[order[k]]) {
        positives++;
        rankSum += rank;
      }
    start = end + 1;
  }
  const negatives = n - positives;
  if (!positives || !negatives) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
