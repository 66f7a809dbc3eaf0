// One sample of a segmentation evaluation: the image, its ground truth, the prediction and the error
// map (false positives and false negatives in two colours), at the model's input size; ← and → move
// through the list it was opened from.
import { useEffect, useMemo, useRef, useState } from 'react';
import { ERROR, errorMap, type SegmentationRow } from '../../../core/evaluate/segmentationRows';
import type { EvaluationRecord, SegmentationSamples } from '../../../protocol/evaluations';
import type { DatasetRecord } from '../../../protocol/records';
import { Dialog } from '../../../ui/Dialog';
import { errorText } from '../../../ui/errors';
import { classColor } from '../../browser/colors';
import { useSample } from '../../browser/useSample';
import { predictedMap, targetMap } from './labelMaps';

export const ERROR_COLORS: Record<number, [number, number, number, number]> = {
  [ERROR.right]: [0, 0, 0, 0],
  // Amber and magenta (IBM's colour-blind-safe palette), apart from every class colour.
  [ERROR.falsePositive]: [255, 176, 0, 255],
  [ERROR.falseNegative]: [220, 38, 127, 255],
  [ERROR.ignored]: [150, 150, 150, 255],
};

function drawMap(
  canvas: HTMLCanvasElement | null,
  size: number,
  colorOf: (i: number) => [number, number, number, number],
) {
  if (!canvas) return;
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) img.data.set(colorOf(i), i * 4);
  ctx.putImageData(img, 0, 0);
}

interface Props {
  rec: EvaluationRecord;
  dataset: DatasetRecord;
  samples: SegmentationSamples;
  rows: SegmentationRow[];
  at: number;
  onMove: (at: number) => void;
  onClose: () => void;
}

export function SegmentationSampleView(p: Props) {
  const row = p.rows[p.at];
  const size = p.rec.segmentation!.size;
  const entry = useSample(p.dataset.id, row.key, 0);
  const [failure, setFailure] = useState<unknown>(null);
  const maps = useMemo(() => {
    if (!entry?.data.mask) return null;
    try {
      const target = targetMap(p.dataset, p.rec.segmentation!.target, entry.data.mask, size);
      const pred = predictedMap(p.samples.predictions[row.i]);
      return { target, pred, errors: errorMap(target, pred, p.rec.segmentation!.ignoreIndex) };
    } catch (e) {
      setFailure(e);
      return null;
    }
  }, [entry, p.dataset, p.rec.segmentation, p.samples.predictions, row.i, size]);
  const image = useRef<HTMLCanvasElement>(null);
  const truth = useRef<HTMLCanvasElement>(null);
  const predicted = useRef<HTMLCanvasElement>(null);
  const errors = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState<string | null>(null);

  useEffect(() => {
    if (!entry || !maps) return;
    let live = true;
    const ignore = p.rec.segmentation!.ignoreIndex;
    const labelColor =
      (m: Int32Array) =>
      (i: number): [number, number, number, number] =>
        m[i] === ignore ? [150, 150, 150, 255] : [...classColor(m[i]), 255];
    drawMap(truth.current, size, labelColor(maps.target));
    drawMap(predicted.current, size, labelColor(maps.pred));
    drawMap(errors.current, size, (i) => ERROR_COLORS[maps.errors[i]]);
    const img = new Image();
    img.onload = () => {
      if (!live || !image.current) return;
      image.current.width = size;
      image.current.height = size;
      image.current.getContext('2d')!.drawImage(img, 0, 0, size, size);
      setDrawn(entry.url);
    };
    img.src = entry.url;
    return () => {
      live = false;
    };
  }, [entry, maps, size, p.rec.segmentation]);

  const fmt = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);
  return (
    <Dialog
      title={row.name}
      onClose={p.onClose}
      className="dialog-wide"
      testId="segmentation-sample"
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' && p.at + 1 < p.rows.length) p.onMove(p.at + 1);
        if (e.key === 'ArrowLeft' && p.at > 0) p.onMove(p.at - 1);
      }}
    >
      <div className="seg-view">
        <p className="muted">
          mean IoU {fmt(row.mean_iou)} · mean Dice {fmt(row.mean_dice)} · pixel accuracy{' '}
          {fmt(row.pixel_accuracy)} · {p.at + 1} of {p.rows.length} (← →)
        </p>
        {failure !== null && (
          <p className="notice notice-error" role="alert">
            Could not show this sample. {errorText(failure)}
          </p>
        )}
        {entry === null && (
          <p className="notice notice-error" role="alert">
            This sample is no longer in the dataset.
          </p>
        )}
        {entry && !entry.data.mask && (
          <p className="notice notice-error" role="alert">
            This sample has no mask any more.
          </p>
        )}
        <div
          className="seg-panels"
          data-testid="segmentation-panels"
          data-state={drawn === entry?.url ? 'ready' : 'loading'}
        >
          {(
            [
              [image, 'Image'],
              [truth, 'Ground truth'],
              [predicted, 'Prediction'],
              [errors, 'Errors'],
            ] as const
          ).map(([ref, label]) => (
            <figure key={label} className="seg-panel">
              <canvas ref={ref} className="seg-canvas" aria-label={`${label} of ${row.name}`} role="img" />
              <figcaption>{label}</figcaption>
            </figure>
          ))}
        </div>
        <div className="seg-legends">
          <ul className="chart-legend seg-legend" aria-label="Classes">
            {p.rec.classes.map((c, k) => (
              <li key={c}>
                <span
                  className="legend-swatch"
                  style={{ background: `rgb(${classColor(k).join(' ')})` }}
                  aria-hidden="true"
                />
                {c}
              </li>
            ))}
          </ul>
          <ul className="chart-legend seg-legend" aria-label="Errors">
            <li>
              <span className="legend-swatch" style={{ background: 'rgb(255 176 0)' }} aria-hidden="true" />
              false positive
            </li>
            <li>
              <span className="legend-swatch" style={{ background: 'rgb(220 38 127)' }} aria-hidden="true" />
              false negative (missed or wrong class)
            </li>
            <li>
              <span className="legend-swatch" style={{ background: '#111' }} aria-hidden="true" />
              right
            </li>
          </ul>
        </div>
      </div>
    </Dialog>
  );
}
