// How evaluations are worded: split names, headline numbers, the source checkpoint.
import type { EvalSplit, EvaluationRecord } from '../../protocol/evaluations';

export const SPLIT_LABELS: Record<EvalSplit, string> = {
  train: 'training split',
  val: 'validation split',
  test: 'test split',
  all: 'all samples',
};

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;

/** "accuracy 91.2% · macro F1 88.0%", "micro F1 … · mAP …" or "mean IoU … · pixel accuracy …". */
export function headlineText(e: EvaluationRecord): string {
  const h = e.headline;
  if (e.task === 'segmentation')
    return `mean IoU ${pct(h.mean_iou)} · pixel accuracy ${pct(h.pixel_accuracy)}`;
  return e.task === 'multilabel'
    ? `micro F1 ${pct(h.micro_f1)} · mAP ${pct(h.map)}`
    : `accuracy ${pct(h.accuracy)} · macro F1 ${pct(h.macro_f1)}`;
}

export function checkpointText(e: EvaluationRecord): string {
  const c = e.checkpoint;
  const where = `${c.kind} checkpoint of "${c.runName}", epoch ${c.epoch}, step ${c.step}`;
  return c.fileName ? `${where} (file ${c.fileName})` : where;
}
