// An evaluation as a report document: where it came from, the training history of its checkpoint, the
// confusion matrix, the classification report and calibration (when given), and the worst mistakes
// with thumbnails. Renderers turn it into HTML, CSV and JSON.
import type { Chart, ReportDocument, Section, Table } from '../report/document';
import { historyTable } from '../train/history';
import { metricSeries } from '../train/metricSeries';
import type { History } from '../train/types';
import { sortRows, type SampleRow } from './sampleRows';

export interface EvaluationReportInput {
  title: string;
  facts: [string, string][];
  classes: string[];
  multilabel: boolean;
  /** The checkpoint's experiment config, shown as JSON. */
  config: unknown;
  history: History;
  rows: SampleRow[];
  /** Single label: counts, rows true and columns predicted. */
  confusion: number[][] | null;
  /** Tables from the classification report, calibration and the like, in order. */
  tables: Table[];
  /** Extra charts (e.g. the reliability diagram). */
  charts: Chart[];
  /** data: URL of each listed sample's image, by sample key. */
  thumbnails: Map<number, string>;
  /** How many of the worst mistakes (by loss) to list. */
  worst: number;
  generatedAt: number;
}

/** Keys of the mistakes the report lists: the highest losses first. */
export function worstMistakes(rows: SampleRow[], count: number): SampleRow[] {
  return sortRows(
    rows.filter((r) => !r.correct),
    'loss',
  ).slice(0, count);
}

const PERCENT = /acc|f1|precision|recall|map|iou|dice/;

/** Loss per step and per epoch, and the validation shares per epoch, of a training history. */
export function historyCharts(history: History): Chart[] {
  const table = historyTable(history);
  const bySteps = metricSeries(table, 'step');
  const byEpoch = metricSeries(table, 'epoch');
  const pick = (list: typeof bySteps, names: string[]) =>
    list.filter((s) => names.includes(s.name) && s.points.length > 0);
  const charts: Chart[] = [];
  const loss = pick(bySteps, ['train_loss']);
  if (loss.length) charts.push({ title: 'Training loss per step', xLabel: 'step', series: loss });
  const epochLoss = pick(byEpoch, ['train_loss_epoch', 'val_loss']);
  if (epochLoss.length) charts.push({ title: 'Loss per epoch', xLabel: 'epoch', series: epochLoss });
  const metrics = byEpoch.filter(
    (s) => s.name.startsWith('val_') && PERCENT.test(s.name) && !s.name.includes('loss') && s.points.length,
  );
  if (metrics.length)
    charts.push({ title: 'Validation metrics per epoch', xLabel: 'epoch', series: metrics, percent: true });
  return charts;
}

export function evaluationReport(i: EvaluationReportInput): ReportDocument {
  const names = (cs: number[]) => (cs.length ? cs.map((c) => i.classes[c] ?? String(c)).join(', ') : 'none');
  const sections: Section[] = [];
  for (const t of i.tables) sections.push({ kind: 'table', table: t });
  if (i.confusion)
    sections.push({
      kind: 'matrix',
      id: 'confusion_matrix',
      title: 'Confusion matrix',
      note: 'Rows are true classes, columns predicted classes; counts of samples.',
      labels: i.classes,
      values: i.confusion,
      fraction: false,
    });
  if (i.charts.length) sections.push({ kind: 'charts', title: 'Calibration', charts: i.charts });
  const worst = worstMistakes(i.rows, i.worst);
  const wrong = i.rows.filter((r) => !r.correct).length;
  sections.push({
    kind: 'gallery',
    title: 'Worst mistakes',
    note: `The ${worst.length} mistakes with the highest loss, of ${wrong} in ${i.rows.length} samples.`,
    items: worst.map((r) => ({
      image: i.thumbnails.get(r.key),
      lines: [
        r.name,
        `true ${names(r.target)} → predicted ${names(r.predicted)}`,
        `confidence ${(r.confidence * 100).toFixed(1)}% · loss ${r.loss.toFixed(4)}`,
      ],
    })),
  });
  sections.push({
    kind: 'table',
    table: {
      id: 'mistakes',
      title: 'All mistakes',
      columns: ['file_name', 'true', 'predicted', 'confidence', 'loss'],
      rows: sortRows(
        i.rows.filter((r) => !r.correct),
        'loss',
      ).map((r) => [r.name, names(r.target), names(r.predicted), r.confidence, r.loss]),
    },
  });
  const charts = historyCharts(i.history);
  if (charts.length) sections.push({ kind: 'charts', title: 'Training history of the checkpoint', charts });
  sections.push({ kind: 'text', title: 'Experiment config', text: JSON.stringify(i.config, null, 2) });
  return { title: i.title, facts: i.facts, sections, generatedAt: i.generatedAt };
}
