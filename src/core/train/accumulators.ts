// Validation metrics gathered batch by batch: the confusion counts (single label) or the probabilities
// and targets (multi-label, which average precision needs whole).
import { accuracy, macroF1, multilabelScores } from '../metrics/classification';
import type { MetricAccumulator, Target } from './types';

export function classificationAccumulator(numClasses: number): MetricAccumulator {
  const cm = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  return {
    add(logits: Float32Array, targets: Target[]) {
      targets.forEach((t, i) => {
        let best = 0;
        for (let c = 1; c < numClasses; c++)
          if (logits[i * numClasses + c] > logits[i * numClasses + best]) best = c;
        cm[typeof t === 'number' ? t : t[0]][best]++;
      });
    },
    result: () => ({ accuracy: accuracy(cm), macro_f1: macroF1(cm) }),
  };
}

export function multilabelAccumulator(numClasses: number, threshold: number): MetricAccumulator {
  const probs: number[] = [];
  const hot: number[] = [];
  return {
    add(logits: Float32Array, targets: Target[]) {
      targets.forEach((t, i) => {
        const row = new Array<number>(numClasses).fill(0);
        for (const c of typeof t === 'number' ? [t] : t) row[c] = 1;
        hot.push(...row);
        for (let c = 0; c < numClasses; c++) probs.push(1 / (1 + Math.exp(-logits[i * numClasses + c])));
      });
    },
    result() {
      const n = probs.length / Math.max(1, numClasses);
      const s = multilabelScores(probs, hot, n, numClasses, threshold);
      return { accuracy: s.subset_accuracy, micro_f1: s.micro_f1, macro_f1: s.macro_f1, map: s.map };
    },
  };
}
