// A segmentation evaluation's samples as rows to list, sort, filter and download (mean IoU, mean Dice
// and pixel accuracy of each, from its own confusion matrix), and the error map of one sample.
import { csvLines } from '../formats/csv';
import { segmentationScores } from '../metrics/segmentation';

export interface SegmentationRow {
  /** Position in the evaluation's samples. */
  i: number;
  key: number;
  name: string;
  /** Means over the classes present in the sample's target or prediction; null when none is. */
  mean_iou: number | null;
  mean_dice: number | null;
  pixel_accuracy: number | null;
}

const defined = (v: number) => (Number.isFinite(v) ? v : null);

export function segmentationRows(
  s: { keys: number[]; names: string[]; confusion: ArrayLike<number> },
  C: number,
): SegmentationRow[] {
  const cm = new Float64Array(C * C);
  return s.keys.map((key, i) => {
    for (let k = 0; k < C * C; k++) cm[k] = s.confusion[i * C * C + k];
    const r = segmentationScores(cm, C);
    return {
      i,
      key,
      name: s.names[i],
      mean_iou: defined(r.mean_iou),
      mean_dice: defined(r.mean_dice),
      pixel_accuracy: defined(r.pixel_accuracy),
    };
  });
}

/** Rows whose metric is below the threshold (or undefined), lowest first. */
export function lowScoreRows(
  rows: SegmentationRow[],
  metric: 'mean_iou' | 'mean_dice',
  threshold: number,
): SegmentationRow[] {
  return rows
    .filter((r) => r[metric] === null || r[metric] < threshold)
    .sort((a, b) => (a[metric] ?? -1) - (b[metric] ?? -1) || a.i - b.i);
}

export function segmentationRowsCsv(rows: SegmentationRow[]): string {
  const n = (v: number | null) => (v === null ? '' : String(v));
  return csvLines([
    ['file_name', 'mean_iou', 'mean_dice', 'pixel_accuracy'],
    ...rows.map((r) => [r.name, n(r.mean_iou), n(r.mean_dice), n(r.pixel_accuracy)]),
  ]);
}

/** Error map values: right, a false positive, a false negative, unlabelled. */
export const ERROR = { right: 0, falsePositive: 1, falseNegative: 2, ignored: 3 } as const;

/**
 * Per pixel, against class 0 as the background: a false positive where the prediction marks an object the
 * target does not have (target background); a false negative where the target's object is missed or
 * given another class.
 */
export function errorMap(
  target: ArrayLike<number>,
  pred: ArrayLike<number>,
  ignoreIndex: number | null,
): Uint8Array {
  const out = new Uint8Array(target.length);
  for (let i = 0; i < target.length; i++) {
    const t = target[i];
    const p = pred[i];
    if (t === ignoreIndex) out[i] = ERROR.ignored;
    else if (t === p) out[i] = ERROR.right;
    else out[i] = t === 0 ? ERROR.falsePositive : ERROR.falseNegative;
  }
  return out;
}
