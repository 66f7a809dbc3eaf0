// A segmentation evaluation as a report document: the per-class table and the means (with the classes
// left out of them named), the pixel confusion matrix, the lowest-scoring samples with their image and
// error map, every sample's scores, the checkpoint's training history and its config.
import type { ReportDocument, Section } from '../report/document';
import type { InstanceScores } from '../../protocol/evaluations';
import type { History } from '../train/types';
import type { OcclusionBin } from './occlusion';
import { historyCharts } from './reportDocument';
import type { ScoresOut } from './segmentationReport';
import type { SegmentationRow } from './segmentationRows';

export interface SegmentationReportInput {
  title: string;
  facts: [string, string][];
  report: ScoresOut;
  rows: SegmentationRow[];
  /** The lowest-scoring samples to show, lowest first, with data: URLs of their image and error map. */
  worst: { row: SegmentationRow; image?: string; errors?: string }[];
  /** Rectangles as instances: mask AP and the occlusion bins, when the evaluation scored them. */
  instances?: InstanceScores & {
    bins: OcclusionBin[];
    separation?: 'components' | 'boundary';
    /** With the boundary channel: connected components alone, on the same predictions. */
    components?: InstanceScores;
    /** The occlusion study's other evaluation, side by side, and the sentence on the difference. */
    compared?: { name: string; bins: OcclusionBin[]; summary: string };
  };
  config: unknown;
  history: History;
  generatedAt: number;
}

export function segmentationDocument(i: SegmentationReportInput): ReportDocument {
  const r = i.report;
  const names = [...r.per_class.keys()];
  const pct = (v: number | null) => (v === null ? 'undefined' : `${(100 * v).toFixed(1)}%`);
  const sections: Section[] = [
    {
      kind: 'table',
      table: {
        id: 'segmentation_report',
        title: 'Per class',
        columns: ['class', 'iou', 'dice', 'class_accuracy', 'tp', 'fp', 'fn'],
        rows: [...r.per_class].map(([name, c]) => [name, c.iou, c.dice, c.class_accuracy, c.tp, c.fp, c.fn]),
        note: r.classes_excluded_from_means.length
          ? `Left out of the means (in neither target nor prediction): ${r.classes_excluded_from_means.join(', ')}.`
          : 'Every class occurs in the targets or predictions, so every class counts in the means.',
      },
    },
    {
      kind: 'table',
      table: {
        id: 'metrics',
        title: 'Metrics',
        columns: ['metric', 'value'],
        rows: (
          [
            'mean_iou',
            'mean_dice',
            'mean_class_accuracy',
            'frequency_weighted_iou',
            'pixel_accuracy',
          ] as const
        ).map((k) => [k, r[k]]),
      },
    },
    ...(i.instances
      ? ([
          {
            kind: 'table',
            table: instancesTable(i.instances),
          },
          { kind: 'table', table: occlusionTable(i.instances) },
        ] satisfies Section[])
      : []),
    {
      kind: 'matrix',
      id: 'confusion_matrix',
      title: 'Pixel confusion matrix',
      note: 'Rows are target classes, columns predicted classes; labelled pixels of every sample.',
      labels: names,
      values: r.confusion_matrix,
      fraction: false,
    },
    {
      kind: 'gallery',
      title: 'Lowest-scoring samples',
      note: `The ${i.worst.length} samples with the lowest mean IoU, of ${i.rows.length}: each image, then its error map (amber: false positive, magenta: false negative).`,
      items: i.worst.flatMap(({ row, image, errors }) => [
        { image, lines: [row.name, `mean IoU ${pct(row.mean_iou)} · mean Dice ${pct(row.mean_dice)}`] },
        { image: errors, lines: [`errors of ${row.name}`, `pixel accuracy ${pct(row.pixel_accuracy)}`] },
      ]),
    },
    {
      kind: 'table',
      table: {
        id: 'samples',
        title: 'Every sample',
        columns: ['file_name', 'mean_iou', 'mean_dice', 'pixel_accuracy'],
        rows: i.rows.map((s) => [s.name, s.mean_iou, s.mean_dice, s.pixel_accuracy]),
      },
    },
  ];
  const charts = historyCharts(i.history);
  if (charts.length) sections.push({ kind: 'charts', title: 'Training history of the checkpoint', charts });
  sections.push({ kind: 'text', title: 'Experiment config', text: JSON.stringify(i.config, null, 2) });
  return { title: i.title, facts: i.facts, sections, generatedAt: i.generatedAt };
}

const INSTANCE_METRICS = [
  ['mask_ap', 'ap'],
  ['mask_ap50', 'ap50'],
  ['mask_ap75', 'ap75'],
  ['mask_ar100', 'ar'],
] as const;

function instancesTable(i: NonNullable<SegmentationReportInput['instances']>) {
  const c = i.components;
  return {
    id: 'instances',
    title: 'Instances of rectangles',
    columns: c ? ['metric', 'boundary_channel', 'connected_components'] : ['metric', 'value'],
    rows: INSTANCE_METRICS.map(([name, k]) => (c ? [name, i[k], c[k]] : [name, i[k]])),
    note:
      i.separation === 'boundary'
        ? "The predicted rectangles split along the model's boundary channel (and, for comparison, by connected components alone) against the dataset's instances, COCO's mask AP."
        : "Connected components of the predicted rectangles against the dataset's instances, COCO's mask AP.",
  };
}

function occlusionTable(i: NonNullable<SegmentationReportInput['instances']>) {
  const c = i.compared;
  const note =
    'Ground-truth rectangles by visible fraction: the share found by a prediction at IoU ≥ 0.5, and the mean best IoU.';
  return {
    id: 'occlusion',
    title: c ? `Occlusion study, beside “${c.name}”` : 'Occlusion study',
    columns: [
      'visible_from',
      'visible_to',
      'rectangles',
      'found_iou50',
      'mean_best_iou',
      ...(c ? ['rectangles_other', 'found_iou50_other', 'mean_best_iou_other'] : []),
    ],
    rows: i.bins.map((b, k) => [
      b.lo,
      b.hi,
      b.count,
      b.recall50,
      b.meanIoU,
      ...(c ? [c.bins[k]?.count ?? 0, c.bins[k]?.recall50 ?? null, c.bins[k]?.meanIoU ?? null] : []),
    ]),
    note: c ? `${note} ${c.summary}` : note,
  };
}
