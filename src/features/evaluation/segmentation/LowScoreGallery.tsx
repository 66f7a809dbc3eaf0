// The samples a segmentation model does worst on: every sample whose mean IoU (or Dice) is below a
// threshold, lowest first, each opening its image, ground truth, prediction and error map. The same
// list downloads as CSV.
import { useId, useMemo, useState } from 'react';
import { downloadBlob, safeFileName } from '../../../client/download';
import {
  lowScoreRows,
  segmentationRowsCsv,
  type SegmentationRow,
} from '../../../core/evaluate/segmentationRows';
import type { EvaluationRecord, SegmentationSamples } from '../../../protocol/evaluations';
import type { DatasetRecord } from '../../../protocol/records';
import { formatCount } from '../../../ui/format';
import { SegmentationSampleView } from './SegmentationSampleView';

/** Rows drawn at once; the CSV has them all. */
const SHOWN = 500;

interface Props {
  rec: EvaluationRecord;
  dataset: DatasetRecord | undefined;
  samples: SegmentationSamples;
  rows: SegmentationRow[];
}

export function LowScoreGallery({ rec, dataset, samples, rows }: Props) {
  const id = useId();
  const [metric, setMetric] = useState<'mean_iou' | 'mean_dice'>('mean_iou');
  const [threshold, setThreshold] = useState('0.5');
  const [open, setOpen] = useState<number | null>(null);
  const t = Number(threshold);
  const valid = threshold.trim() !== '' && Number.isFinite(t) && t >= 0 && t <= 1;
  const low = useMemo(() => (valid ? lowScoreRows(rows, metric, t) : []), [rows, metric, t, valid]);
  const fmt = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="low-score-gallery">
      <header className="panel-head gallery-head">
        <h2 id={`${id}-title`}>
          Low scores <span className="muted num">({formatCount(low.length)})</span>
        </h2>
        <div className="toolbar">
          <label htmlFor={`${id}-metric`}>Samples with</label>
          <select
            id={`${id}-metric`}
            className="select"
            value={metric}
            onChange={(e) => setMetric(e.target.value as typeof metric)}
          >
            <option value="mean_iou">mean IoU</option>
            <option value="mean_dice">mean Dice</option>
          </select>
          <label htmlFor={`${id}-threshold`}>below</label>
          <input
            id={`${id}-threshold`}
            className="input input-narrow"
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={threshold}
            aria-invalid={!valid}
            aria-describedby={valid ? undefined : `${id}-error`}
            onChange={(e) => setThreshold(e.target.value)}
          />
          <button
            type="button"
            className="btn"
            disabled={!low.length}
            onClick={() =>
              downloadBlob(
                new Blob([segmentationRowsCsv(low)], { type: 'text/csv' }),
                `${safeFileName(rec.name)}-low-${metric}.csv`,
              )
            }
          >
            Download CSV
          </button>
        </div>
      </header>
      {!valid && (
        <p id={`${id}-error`} className="field-error panel-body" role="alert">
          The threshold is a number from 0 to 1.
        </p>
      )}
      {valid && low.length === 0 && (
        <p className="panel-body muted">
          No sample has a {metric === 'mean_iou' ? 'mean IoU' : 'mean Dice'} below {t}.
        </p>
      )}
      {low.length > 0 && (
        <div className="table-wrap report-table-wrap">
          <table className="table table-compact" data-testid="low-score-table" data-count={low.length}>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col" className="num">
                  Mean IoU
                </th>
                <th scope="col" className="num">
                  Mean Dice
                </th>
                <th scope="col" className="num">
                  Pixel accuracy
                </th>
              </tr>
            </thead>
            <tbody>
              {low.slice(0, SHOWN).map((r, k) => (
                <tr key={r.i} data-testid="low-score-row" data-name={r.name}>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setOpen(k)}
                      disabled={!dataset}
                    >
                      {r.name}
                    </button>
                  </td>
                  <td className="num">{fmt(r.mean_iou)}</td>
                  <td className="num">{fmt(r.mean_dice)}</td>
                  <td className="num">{fmt(r.pixel_accuracy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {low.length > SHOWN && (
            <p className="table-more muted">
              The first {SHOWN} of {formatCount(low.length)}; the CSV lists them all.
            </p>
          )}
        </div>
      )}
      {open !== null && dataset && (
        <SegmentationSampleView
          rec={rec}
          dataset={dataset}
          samples={samples}
          rows={low}
          at={open}
          onMove={setOpen}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}
