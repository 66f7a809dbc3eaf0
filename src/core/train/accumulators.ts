// Validation metrics gathered batch by batch. Single label keeps only the confusion counts; multi-label
// keeps the probabilities and targets, because average precision needs the whole ranking at once.
import { TilewrightError } from '../errors';
import { accuracy, macroF1, multilabelScores } from '../metrics/classification';
import { accumulateConfusion, segmentationScores } from '../metrics/segmentation';
import type { MetricAccumulator, Target } from './types';

function checkBatch(logits: Float32Array, targets: Target[], numClasses: number): void {
  if (logits.length !== targets.length * numClasses)
    throw new TilewrightError(
      'invalid-params',
      `${logits.length} logits for ${targets.length} samples of ${numClasses} classes.`,
      'logits',
    );
}

function classIndex(c: number, numClasses: number): number {
  if (!Number.isInteger(c) || c < 0 || c >= numClasses)
    throw new TilewrightError(
      'invalid-params',
      `Target ${c} is not a class index below ${numClasses}.`,
      'targets',
    );
  return c;
}

/** Single label: the prediction is the arg-max logit (the first on ties, as numpy); → accuracy, macro_f1. */
export function classificationAccumulator(numClasses: number): MetricAccumulator {
  const cm = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  return {
    add(logits, { targets }) {
      checkBatch(logits, targets, numClasses);
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i];
        const truth = classIndex(typeof t === 'number' ? t : (t[0] ?? NaN), numClasses);
        const row = i * numClasses;
        // NaN never wins (`>` is false), so a row of NaN predicts class 0.
        let best = 0;
        for (let c = 1; c < numClasses; c++) if (logits[row + c] > logits[row + best]) best = c;
        cm[truth][best]++;
      }
    },
    result: () => ({ accuracy: accuracy(cm), macro_f1: macroF1(cm) }),
  };
}

/**
 * Multi-label: probabilities are sigmoid(logits), a label is predicted at p >= threshold, targets are
 * the sets of label indices. → accuracy (subset accuracy), micro_f1, macro_f1, map.
 */
export function multilabelAccumulator(numClasses: number, threshold: number): MetricAccumulator {
  const probs: number[] = [];
  const hot: number[] = [];
  return {
    add(logits, { targets }) {
      checkBatch(logits, targets, numClasses);
      for (let i = 0; i < targets.length; i++) {
        const row = hot.length;
        for (let c = 0; c < numClasses; c++) {
          hot.push(0);
          probs.push(1 / (1 + Math.exp(-logits[i * numClasses + c])));
        }
        const t = targets[i];
        for (const c of typeof t === 'number' ? [t] : t) hot[row + classIndex(c, numClasses)] = 1;
      }
    },
    result() {
      const n = numClasses ? probs.length / numClasses : 0;
      const s = multilabelScores(probs, hot, n, numClasses, threshold);
      return { accuracy: s.subset_accuracy, micro_f1: s.micro_f1, macro_f1: s.macro_f1, map: s.map };
    },
  };
}

/**
 * Segmentation: the arg-max class of each pixel against the batch's label maps, one confusion matrix
 * over the pass → mean_iou, mean_dice, pixel_accuracy (classes absent from both left out of the means).
 * The logits have `channels` values per pixel: the classes first, then any others (a boundary channel).
 */
export function segmentationAccumulator(
  numClasses: number,
  ignoreIndex: number | null,
  channels = numClasses,
): MetricAccumulator {
  const C = numClasses;
  const K = channels;
  const cm = new Float64Array(C * C);
  return {
    add(logits, batch) {
      const labels = batch.labels;
      if (!labels || logits.length !== labels.length * K)
        throw new TilewrightError(
          'invalid-params',
          `${logits.length} logits for ${labels?.length ?? 0} labelled pixels of ${K} channels.`,
          'logits',
        );
      const pred = new Uint8Array(labels.length);
      for (let i = 0; i < labels.length; i++) {
        let best = 0;
        for (let c = 1; c < C; c++) if (logits[i * K + c] > logits[i * K + best]) best = c;
        pred[i] = best;
      }
      const w = batch.shape[2];
      accumulateConfusion(
        cm,
        C,
        { width: w, height: labels.length / w, data: labels },
        { width: w, height: labels.length / w, data: pred },
        ignoreIndex,
        'validation batch',
      );
    },
    result() {
      const s = segmentationScores(cm, C);
      return { mean_iou: s.mean_iou, mean_dice: s.mean_dice, pixel_accuracy: s.pixel_accuracy };
    },
  };
}
