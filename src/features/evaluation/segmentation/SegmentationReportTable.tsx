// Per class IoU, Dice, class accuracy and pixel counts over the whole split, then the means; classes
// absent from both target and prediction are named, and left out of the means.
import type { ScoresOut } from '../../../core/evaluate/segmentationReport';
import { formatCount } from '../../../ui/format';

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);

export function SegmentationReportTable({ report }: { report: ScoresOut }) {
  const excluded = report.classes_excluded_from_means;
  return (
    <section
      className="panel report-panel"
      aria-labelledby="seg-report-title"
      data-testid="segmentation-report"
    >
      <header className="panel-head">
        <h2 id="seg-report-title">Segmentation report</h2>
        <span className="muted">one confusion matrix over every labelled pixel</span>
      </header>
      <div className="report-grid">
        <div className="table-wrap report-table-wrap">
          <table className="table table-compact report-table">
            <thead>
              <tr>
                <th scope="col">Class</th>
                {['IoU', 'Dice', 'Class accuracy', 'TP', 'FP', 'FN'].map((h) => (
                  <th key={h} scope="col" className="num">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...report.per_class].map(([name, c]) => (
                <tr key={name} data-class={name}>
                  <td className="report-class">{name}</td>
                  <td className="num">{pct(c.iou)}</td>
                  <td className="num">{pct(c.dice)}</td>
                  <td className="num">{pct(c.class_accuracy)}</td>
                  <td className="num">{formatCount(c.tp ?? 0)}</td>
                  <td className="num">{formatCount(c.fp ?? 0)}</td>
                  <td className="num">{formatCount(c.fn ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="report-metrics" data-testid="segmentation-metrics">
          {(
            [
              ['mean_iou', 'Mean IoU'],
              ['mean_dice', 'Mean Dice'],
              ['mean_class_accuracy', 'Mean class accuracy'],
              ['frequency_weighted_iou', 'Frequency-weighted IoU'],
              ['pixel_accuracy', 'Pixel accuracy'],
            ] as const
          ).map(([k, label]) => (
            <div key={k} className="report-metric" data-metric={k} title={k}>
              <dt>{label}</dt>
              <dd className="num">{pct(report[k])}</dd>
            </div>
          ))}
          <p className="muted small" data-testid="excluded-classes">
            {excluded.length
              ? `Left out of the means (in neither target nor prediction): ${excluded.join(', ')}.`
              : 'Every class occurs, so every class counts in the means.'}
          </p>
        </dl>
      </div>
    </section>
  );
}
