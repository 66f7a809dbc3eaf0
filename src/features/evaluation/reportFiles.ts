// The evaluation's report as files: the self-contained HTML page alone, or a zip with the HTML, the
// JSON and a CSV of every table, the per-sample CSV and a PNG of the confusion matrix.
import { zipSync, strToU8 } from 'fflate';
import { evaluationReport, worstMistakes } from '../../core/evaluate/reportDocument';
import type { SampleRow } from '../../core/evaluate/sampleRows';
import { samplesCsv } from '../../core/evaluate/sampleRows';
import { imageDataUrl } from '../../core/report/escape';
import { reportHtml } from '../../core/report/html';
import type { Chart, Table } from '../../core/report/document';
import { reportCsvFiles, reportJson } from '../../core/report/tables';
import { readCheckpoint } from '../../core/train/checkpoint';
import type { EvaluationRecord } from '../../protocol/evaluations';
import { getEvaluationCheckpoint, readSample } from '../../storage';
import { formatDate } from '../../ui/format';
import { checkpointText, SPLIT_LABELS } from './evaluationFacts';
import { confusionPng } from './matrixPng';

const WORST = 24;

export interface ReportParts {
  rows: SampleRow[];
  confusion: number[][] | null;
  tables: Table[];
  charts: Chart[];
}

async function thumbnails(datasetId: string, rows: SampleRow[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const r of rows) {
    const s = await readSample(datasetId, r.key).catch(() => undefined);
    const url = s && imageDataUrl(new Uint8Array(s.image), s.imageType);
    if (url) out.set(r.key, url);
  }
  return out;
}

const TASKS: Record<EvaluationRecord['task'], (rec: EvaluationRecord) => string> = {
  classification: () => 'classification',
  multilabel: (rec) => `multi-label, threshold ${rec.threshold}`,
  segmentation: (rec) =>
    `segmentation (${rec.segmentation?.target === 'rectangles' ? 'rectangles only' : 'every class'}), ` +
    `${rec.segmentation?.size}×${rec.segmentation?.size} label maps`,
};

/** What every report says about where its numbers come from. */
export function reportFacts(rec: EvaluationRecord): [string, string][] {
  return [
    ['Checkpoint', checkpointText(rec)],
    ['Data', `${rec.dataset.name}, ${SPLIT_LABELS[rec.split]}`],
    ['Samples', `${rec.samples}${rec.skipped ? ` (${rec.skipped} without a label left out)` : ''}`],
    ['Task', TASKS[rec.task](rec)],
    ['Classes', rec.classes.join(', ')],
    ['Evaluated', `${formatDate(rec.createdAt)} on ${rec.backend}, ${rec.seconds.toFixed(1)} s`],
  ];
}

async function document(rec: EvaluationRecord, parts: ReportParts) {
  const checkpoint = readCheckpoint(await getEvaluationCheckpoint(rec.id), `${rec.name}.zip`);
  return evaluationReport({
    title: rec.name,
    facts: reportFacts(rec),
    classes: rec.classes,
    multilabel: rec.task === 'multilabel',
    config: checkpoint.config,
    history: checkpoint.history,
    rows: parts.rows,
    confusion: parts.confusion,
    tables: parts.tables,
    charts: parts.charts,
    thumbnails: await thumbnails(rec.dataset.id, worstMistakes(parts.rows, WORST)),
    worst: WORST,
    generatedAt: Date.now(),
  });
}

export async function reportHtmlBlob(rec: EvaluationRecord, parts: ReportParts): Promise<Blob> {
  return new Blob([reportHtml(await document(rec, parts))], { type: 'text/html' });
}

export async function reportZipBlob(rec: EvaluationRecord, parts: ReportParts): Promise<Blob> {
  const doc = await document(rec, parts);
  const files: Record<string, Uint8Array> = {
    'report.html': strToU8(reportHtml(doc)),
    'report.json': strToU8(JSON.stringify(reportJson(doc), null, 1)),
    'samples.csv': strToU8(samplesCsv(parts.rows, rec.classes)),
  };
  for (const [name, text] of Object.entries(reportCsvFiles(doc))) files[name] = strToU8(text);
  if (parts.confusion)
    files['confusion_matrix.png'] = new Uint8Array(
      await (await confusionPng(parts.confusion, rec.classes)).arrayBuffer(),
    );
  return new Blob([zipSync(files) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
