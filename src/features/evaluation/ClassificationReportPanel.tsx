// The classification report as scikit-learn lays it out: one row per class (sortable, so the weakest
// of 45 classes is one click away), then the average rows; beside it the single-number metrics.
import { useMemo, useState } from 'react';
import type { ClassificationReport } from '../../core/evaluate/classificationReport';
import { reportTable, summaryTable } from '../../core/evaluate/reportTables';
import type { Cell } from '../../core/report/document';
import { formatCount } from '../../ui/format';

const HEADERS: Record<string, string> = {
  class: 'Class',
  precision: 'Precision',
  recall: 'Recall',
  'f1-score': 'F1',
  support: 'Support',
  average_precision: 'AP',
  roc_auc: 'ROC AUC',
};

/** Human names of the summary metrics; the scikit-learn name stays in the tooltip and the files. */
const METRIC_NAMES: Record<string, string> = {
  accuracy: 'Accuracy',
  balanced_accuracy: 'Balanced accuracy',
  balanced_accuracy_adjusted: 'Balanced accuracy, adjusted for chance',
  cohen_kappa: "Cohen's kappa",
  cohen_kappa_linear: "Cohen's kappa, linear weights",
  cohen_kappa_quadratic: "Cohen's kappa, quadratic weights",
  matthews_corrcoef: 'Matthews correlation',
  log_loss: 'Log loss',
  ece: 'Expected calibration error',
  subset_accuracy: 'Subset accuracy (exact match)',
  hamming_loss: 'Hamming loss',
  jaccard_micro: 'Jaccard, micro',
  jaccard_macro: 'Jaccard, macro',
  jaccard_weighted: 'Jaccard, weighted',
  jaccard_samples: 'Jaccard, samples',
};

/** Fractions as percentages; kappa, MCC and log loss as plain numbers (they are not shares). */
function metricText(name: string, v: Cell): string {
  if (v === null || typeof v !== 'number') return '—';
  if (/kappa|matthews|log_loss/.test(name)) return v.toFixed(4);
  return `${(100 * v).toFixed(2)}%`;
}

function metricName(name: string): string {
  const k = /^top_(\d+)_accuracy$/.exec(name);
  return k ? `Top-${k[1]} accuracy` : (METRIC_NAMES[name] ?? name);
}

type SortKey = 'class' | 'precision' | 'recall' | 'f1-score' | 'support';

export function ClassificationReportPanel({ report }: { report: ClassificationReport }) {
  const table = useMemo(() => reportTable(report), [report]);
  const summary = useMemo(() => summaryTable(report), [report]);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean } | null>(null);
  const averages = table.rows.filter((r) => r[0] === 'accuracy' || String(r[0]).endsWith(' avg'));
  const perClass = useMemo(() => {
    const rows = table.rows.slice(0, table.rows.length - averages.length);
    if (!sort) return rows;
    const j = table.columns.indexOf(sort.key);
    const sign = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = a[j];
      const y = b[j];
      if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
      return sign * String(x).localeCompare(String(y));
    });
  }, [table, averages.length, sort]);
  const sortBy = (key: SortKey) =>
    setSort((s) =>
      s?.key === key ? { key, descending: !s.descending } : { key, descending: key !== 'class' },
    );
  const cellText = (column: string, v: Cell) =>
    v === null
      ? ''
      : column === 'support'
        ? formatCount(Number(v))
        : typeof v === 'number'
          ? `${(100 * v).toFixed(1)}%`
          : v;

  return (
    <section
      className="panel report-panel"
      aria-labelledby="report-title"
      data-testid="classification-report"
    >
      <header className="panel-head">
        <h2 id="report-title">Classification report</h2>
        <span className="muted">scikit-learn definitions; a 0/0 is 0</span>
      </header>
      <div className="report-grid">
        <div className="table-wrap report-table-wrap">
          <table className="table table-compact report-table">
            <thead>
              <tr>
                {table.columns.map((c) => {
                  const sortable = c in HEADERS && c !== 'average_precision' && c !== 'roc_auc';
                  const state = sort?.key === c ? (sort.descending ? 'descending' : 'ascending') : 'none';
                  return (
                    <th
                      key={c}
                      className={c === 'class' ? '' : 'num'}
                      aria-sort={sortable ? state : undefined}
                      scope="col"
                    >
                      {sortable ? (
                        <button type="button" className="th-sort" onClick={() => sortBy(c as SortKey)}>
                          {HEADERS[c]}
                          <span aria-hidden="true">
                            {state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ''}
                          </span>
                        </button>
                      ) : (
                        HEADERS[c]
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {perClass.map((r) => (
                <tr key={String(r[0])} data-class={String(r[0])}>
                  {r.map((v, j) => (
                    <td key={table.columns[j]} className={j === 0 ? 'report-class' : 'num'}>
                      {cellText(table.columns[j], v)}
                    </td>
                  ))}
                </tr>
              ))}
              {averages.map((r, k) => (
                <tr
                  key={String(r[0])}
                  className={k === 0 ? 'report-average report-average-first' : 'report-average'}
                  data-class={String(r[0])}
                >
                  {r.map((v, j) => (
                    <td key={table.columns[j]} className={j === 0 ? 'report-class' : 'num'}>
                      {cellText(table.columns[j], v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="report-metrics" data-testid="report-metrics">
          {summary.rows.map(([name, v]) => (
            <div key={String(name)} className="report-metric" data-metric={String(name)} title={String(name)}>
              <dt>{metricName(String(name))}</dt>
              <dd className="num">{metricText(String(name), v)}</dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
