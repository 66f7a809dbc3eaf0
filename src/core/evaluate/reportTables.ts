// The classification report and calibration as report tables and a chart (for the HTML page, the CSV
// and JSON files), with scikit-learn's names as column and metric names.
import type { Cell, Chart, Table } from '../report/document';
import type { PrfRow } from '../metrics/prf';
import type { Calibration } from '../metrics/scoring';
import type { ClassificationReport } from './classificationReport';

const PRF = ['precision', 'recall', 'f1-score', 'support'] as const;

/** Per class (or label) rows, then scikit-learn's average rows; multi-label adds AP and ROC AUC. */
export function reportTable(report: ClassificationReport): Table {
  const multi = 'multilabel_confusion_matrix' in report;
  const columns = ['class', ...PRF, ...(multi ? ['average_precision', 'roc_auc'] : [])];
  const rows: Cell[][] = [];
  let support = 0;
  for (const [name, v] of report.classification_report) {
    if (typeof v === 'number') {
      // scikit-learn's text report shows accuracy under f1-score, with the total support.
      rows.push([name, null, null, v, support, ...(multi ? [null, null] : [])]);
      continue;
    }
    const row: Cell[] = [name, ...PRF.map((k) => (v as PrfRow)[k])];
    if (!name.endsWith(' avg')) support += v.support;
    if (multi)
      row.push(report.average_precision?.get(name) ?? null, report.roc_auc_per_label?.get(name) ?? null);
    rows.push(row);
  }
  return {
    id: 'classification_report',
    title: 'Classification report',
    columns,
    rows,
    note: 'scikit-learn definitions, zero_division=0 (a 0/0 is 0); see docs/REPORTS.md.',
  };
}

/** The report's single numbers, one per row. */
export function summaryTable(report: ClassificationReport): Table {
  const rows: Cell[][] = [];
  if ('multilabel_confusion_matrix' in report) {
    rows.push(['subset_accuracy', report.subset_accuracy], ['hamming_loss', report.hamming_loss]);
    for (const [k, v] of Object.entries(report.jaccard)) rows.push([`jaccard_${k}`, v]);
  } else {
    for (const key of [
      'accuracy',
      'balanced_accuracy',
      'balanced_accuracy_adjusted',
      'cohen_kappa',
      'cohen_kappa_linear',
      'cohen_kappa_quadratic',
      'matthews_corrcoef',
    ] as const)
      rows.push([key, report[key]]);
    for (const [k, v] of report.top_k_accuracy ?? []) rows.push([`top_${k}_accuracy`, v]);
    rows.push(['log_loss', report.log_loss], ['ece', report.ece]);
  }
  return { id: 'metrics', title: 'Metrics', columns: ['metric', 'value'], rows };
}

export function calibrationTable(c: Calibration): Table {
  return {
    id: 'calibration',
    title: 'Calibration bins',
    columns: ['bin_lower', 'bin_upper', 'count', 'accuracy', 'confidence'],
    rows: c.bins.map((b) => [
      b.lo,
      b.hi,
      b.count,
      b.count ? b.accuracy : null,
      b.count ? b.confidence : null,
    ]),
    note: `Top-label confidence in ${c.bins.length} equal-width bins (lower, upper]. ECE ${c.ece.toFixed(4)}.`,
  };
}

/** Accuracy per non-empty bin, at the bin's middle; a calibrated model lies on the diagonal. */
export function reliabilityChart(c: Calibration): Chart {
  return {
    title: `Reliability diagram (ECE ${(100 * c.ece).toFixed(2)}%)`,
    xLabel: 'confidence',
    percent: true,
    diagonal: true,
    series: [
      {
        name: 'accuracy',
        points: c.bins.filter((b) => b.count).map((b) => ({ x: (b.lo + b.hi) / 2, y: b.accuracy })),
      },
    ],
  };
}
