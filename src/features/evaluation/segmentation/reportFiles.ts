// A segmentation evaluation's report as files: the self-contained HTML page, or a zip with it, the JSON,
// a CSV of every table and a PNG of the pixel confusion matrix. The lowest-scoring samples carry their
// image and error map, made here from the stored prediction and the dataset's mask.
import { strToU8, zipSync } from 'fflate';
import { occlusionBins, occlusionSummary } from '../../../core/evaluate/occlusion';
import type { OcclusionComparison } from './InstancesPanel';
import { segmentationDocument } from '../../../core/evaluate/segmentationDocument';
import type { ScoresOut } from '../../../core/evaluate/segmentationReport';
import { errorMap, lowScoreRows, type SegmentationRow } from '../../../core/evaluate/segmentationRows';
import { encodePng } from '../../../core/formats/png';
import { imageDataUrl } from '../../../core/report/escape';
import { reportHtml } from '../../../core/report/html';
import { reportCsvFiles, reportJson } from '../../../core/report/tables';
import { readCheckpoint } from '../../../core/train/checkpoint';
import type { EvaluationRecord, SegmentationSamples } from '../../../protocol/evaluations';
import type { DatasetRecord } from '../../../protocol/records';
import { getEvaluationCheckpoint, readSample } from '../../../storage';
import { confusionPng } from '../matrixPng';
import { reportFacts } from '../reportFiles';
import { predictedMap, targetMap } from './labelMaps';
import { ERROR_COLORS } from './SegmentationSampleView';

const WORST = 12;

export interface SegmentationParts {
  report: ScoresOut;
  rows: SegmentationRow[];
  samples: SegmentationSamples;
  dataset: DatasetRecord | undefined;
  /** The occlusion study's other evaluation, shown beside this one. */
  comparison?: OcclusionComparison | null;
}

function errorPng(
  rec: EvaluationRecord,
  dataset: DatasetRecord,
  mask: ArrayBuffer,
  prediction: Uint8Array,
): string {
  const seg = rec.segmentation!;
  const errors = errorMap(
    targetMap(dataset, seg.target, mask, seg.size),
    predictedMap(prediction),
    seg.ignoreIndex,
  );
  const rgba = new Uint8Array(errors.length * 4);
  errors.forEach((e, i) => rgba.set(e === 0 ? [17, 17, 17, 255] : ERROR_COLORS[e], i * 4));
  return imageDataUrl(encodePng(rgba, seg.size, seg.size, 4), 'image/png') ?? '';
}

async function document(rec: EvaluationRecord, p: SegmentationParts) {
  const checkpoint = readCheckpoint(await getEvaluationCheckpoint(rec.id), `${rec.name}.zip`);
  const worst = [];
  for (const row of lowScoreRows(p.rows, 'mean_iou', Infinity).slice(0, WORST)) {
    const s = p.dataset ? await readSample(p.dataset.id, row.key).catch(() => undefined) : undefined;
    worst.push({
      row,
      image: (s && imageDataUrl(new Uint8Array(s.image), s.imageType)) || undefined,
      errors:
        s?.mask && p.dataset ? errorPng(rec, p.dataset, s.mask, p.samples.predictions[row.i]) : undefined,
    });
  }
  return segmentationDocument({
    title: rec.name,
    facts: reportFacts(rec),
    report: p.report,
    rows: p.rows,
    worst,
    instances:
      rec.instances && p.samples.instances
        ? {
            ...rec.instances,
            bins: occlusionBins(p.samples.instances),
            ...(p.comparison
              ? {
                  compared: {
                    name: p.comparison.name,
                    bins: p.comparison.bins,
                    summary: occlusionSummary(
                      occlusionBins(p.samples.instances),
                      p.comparison.bins,
                      `“${rec.name}”`,
                      `“${p.comparison.name}”`,
                    ),
                  },
                }
              : {}),
          }
        : undefined,
    config: checkpoint.config,
    history: checkpoint.history,
    generatedAt: Date.now(),
  });
}

export async function segmentationReportBlob(
  rec: EvaluationRecord,
  p: SegmentationParts,
  kind: 'html' | 'zip',
): Promise<Blob> {
  const doc = await document(rec, p);
  if (kind === 'html') return new Blob([reportHtml(doc)], { type: 'text/html' });
  const files: Record<string, Uint8Array> = {
    'report.html': strToU8(reportHtml(doc)),
    'report.json': strToU8(JSON.stringify(reportJson(doc), null, 1)),
    'confusion_matrix.png': new Uint8Array(
      await (await confusionPng(p.report.confusion_matrix, rec.classes)).arrayBuffer(),
    ),
  };
  for (const [name, text] of Object.entries(reportCsvFiles(doc))) files[name] = strToU8(text);
  return new Blob([zipSync(files) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
