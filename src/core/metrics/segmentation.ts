// Semantic segmentation scores from a pixel confusion matrix (rows target class, columns predicted),
// with the definitions of mmsegmentation and torchmetrics: IoU tp/(tp+fp+fn), Dice 2tp/(2tp+fp+fn),
// class accuracy tp/(tp+fn). A class absent from both target and prediction has no IoU or Dice (NaN)
// and is left out of every mean; the report names such classes.
import { TilewrightError } from '../errors';

/** A label map: one class index per pixel, row-major. */
export interface LabelMap {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/**
 * Adds the pixels of one target/prediction pair to cm (C × C, row-major). Target pixels equal to
 * ignoreIndex are skipped; any other value outside 0..C-1 is an error naming the pixel.
 */
export function accumulateConfusion(
  cm: Float64Array,
  C: number,
  target: LabelMap,
  pred: LabelMap,
  ignoreIndex: number | null,
  where = 'sample',
): void {
  if (target.width !== pred.width || target.height !== pred.height)
    throw new TilewrightError(
      'invalid-params',
      `${where}: the target is ${target.width}×${target.height} but the prediction ${pred.width}×${pred.height}.`,
      where,
    );
  const t = target.data;
  const p = pred.data;
  for (let i = 0; i < t.length; i++) {
    const a = t[i];
    if (a === ignoreIndex) continue;
    const b = p[i];
    if (!(a >= 0 && a < C && Number.isInteger(a)) || !(b >= 0 && b < C && Number.isInteger(b))) {
      const bad = !(a >= 0 && a < C && Number.isInteger(a)) ? ['target', a] : ['pred', b];
      throw new TilewrightError(
        'invalid-params',
        `${where}: ${bad[0]} pixel (${i % target.width}, ${Math.floor(i / target.width)}) is ${bad[1]}, not a class below ${C}` +
          (bad[0] === 'target' && ignoreIndex !== null ? ` or the ignore index ${ignoreIndex}.` : '.'),
        where,
      );
    }
    cm[a * C + b]++;
  }
}

export interface ClassScores {
  iou: number;
  dice: number;
  class_accuracy: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface SegmentationScores {
  per_class: ClassScores[];
  mean_iou: number;
  mean_dice: number;
  mean_class_accuracy: number;
  frequency_weighted_iou: number;
  pixel_accuracy: number;
  /** Classes without IoU (absent from target and prediction), left out of the means. */
  excluded: number[];
}

const mean = (v: number[]) => {
  const ok = v.filter((x) => !Number.isNaN(x));
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
};

export function segmentationScores(cm: ArrayLike<number>, C: number): SegmentationScores {
  let total = 0;
  let correct = 0;
  const per_class: ClassScores[] = [];
  for (let c = 0; c < C; c++) {
    let row = 0;
    let col = 0;
    for (let k = 0; k < C; k++) {
      row += cm[c * C + k];
      col += cm[k * C + c];
    }
    const tp = cm[c * C + c];
    const fp = col - tp;
    const fn = row - tp;
    total += row;
    correct += tp;
    const union = tp + fp + fn;
    per_class.push({
      iou: union ? tp / union : NaN,
      dice: union ? (2 * tp) / (2 * tp + fp + fn) : NaN,
      class_accuracy: row ? tp / row : NaN,
      tp,
      fp,
      fn,
    });
  }
  let fw = 0;
  per_class.forEach((s) => {
    if (!Number.isNaN(s.iou)) fw += ((s.tp + s.fn) / total) * s.iou;
  });
  return {
    per_class,
    mean_iou: mean(per_class.map((s) => s.iou)),
    mean_dice: mean(per_class.map((s) => s.dice)),
    mean_class_accuracy: mean(per_class.map((s) => s.class_accuracy)),
    frequency_weighted_iou: total ? fw : NaN,
    pixel_accuracy: total ? correct / total : NaN,
    excluded: per_class.flatMap((s, c) => (Number.isNaN(s.iou) ? [c] : [])),
  };
}
