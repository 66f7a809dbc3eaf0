// The data's status at a glance: samples, classes, image sizes, splits, occlusion, removals.
import type { DatasetSummary } from '../../core/data/summary';
import { SPLITS } from '../../protocol/records';
import { formatCount, formatPercent } from '../../ui/format';
import { classColor, cssColor } from './colors';
import { OcclusionHistogram } from './OcclusionHistogram';

export function SummaryPanel({ summary }: { summary: DatasetSummary }) {
  const maxImages = Math.max(1, ...summary.classes.map((c) => c.images));
  const total = Math.max(1, summary.count);
  const sizes = summary.sizes.slice(0, 4);
  return (
    <section className="panel side-panel" data-testid="summary" aria-labelledby="summary-title">
      <h2 id="summary-title" className="panel-title">
        Summary
      </h2>
      <dl className="facts facts-grid">
        <div>
          <dt>Samples</dt>
          <dd className="num big" data-testid="summary-count">
            {formatCount(summary.count)}
          </dd>
        </div>
        <div>
          <dt>Classes</dt>
          <dd className="num big">{summary.classes.length}</dd>
        </div>
        <div>
          <dt>Removed (noisy filter)</dt>
          <dd className="num big" data-testid="summary-removed">
            {formatCount(summary.removed)}
          </dd>
        </div>
      </dl>

      <h3 className="subhead">Classes</h3>
      <ul className="bars" aria-label="Samples per class">
        {summary.classes.map((c) => (
          <li key={c.id} className="bar-row">
            <span className="bar-name" title={c.name}>
              <span
                className="chip-dot"
                style={{ background: cssColor(classColor(c.id)) }}
                aria-hidden="true"
              />
              {c.name}
            </span>
            <span className="bar-track" aria-hidden="true">
              <span
                className="bar-fill"
                style={{ width: `${(c.images / maxImages) * 100}%`, background: cssColor(classColor(c.id)) }}
              />
            </span>
            <span className="bar-value num">
              {formatCount(c.images)}
              {c.instances !== null && <span className="muted"> · {formatCount(c.instances)} inst.</span>}
            </span>
          </li>
        ))}
      </ul>

      <h3 className="subhead">Splits</h3>
      <div className="splitbar" aria-hidden="true">
        {SPLITS.map((s) =>
          summary.splits[s].count ? (
            <span
              key={s}
              className={`splitbar-seg split-${s}`}
              style={{ flexGrow: summary.splits[s].count }}
            />
          ) : null,
        )}
      </div>
      <ul className="split-legend" data-testid="summary-splits">
        {SPLITS.map((s) => (
          <li key={s}>
            <span className={`legend-dot split-${s}`} aria-hidden="true" />
            {s} <span className="num">{formatCount(summary.splits[s].count)}</span>{' '}
            <span className="muted num">({formatPercent(summary.splits[s].count / total)})</span>
          </li>
        ))}
      </ul>

      <h3 className="subhead">Image sizes</h3>
      <ul className="plain-list">
        {sizes.map((s) => (
          <li key={`${s.width}x${s.height}`} className="num">
            {s.width} × {s.height} px{' '}
            <span className="muted">
              {summary.sizes.length === 1 ? '(all)' : `(${formatCount(s.count)})`}
            </span>
          </li>
        ))}
        {summary.sizes.length > sizes.length && (
          <li className="muted">and {summary.sizes.length - sizes.length} more sizes</li>
        )}
        {summary.sizes.length === 0 && <li className="muted">—</li>}
      </ul>

      {summary.occlusion && (
        <>
          <h3 className="subhead">Instances by hidden fraction</h3>
          <OcclusionHistogram bins={summary.occlusion} />
        </>
      )}
    </section>
  );
}
