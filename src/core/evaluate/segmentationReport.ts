// The segmentation report, as `tilewright segmentation-report IN.json` prints it: one confusion matrix
// accumulated over every sample and its scores (`dataset`), and the same for each sample by name
// (`per_sample`). IN: { num_classes, class_names?, ignore_index?, samples: [{ name, target, pred }] },
// label maps as nested row-major arrays, or (resolved by the caller) paths to PNG label maps.
import { TilewrightError } from '../errors';
import {
  accumulateConfusion,
  segmentationScores,
  type ClassScores,
  type LabelMap,
  type SegmentationScores,
} from '../metrics/segmentation';

export interface SegmentationInput {
  numClasses: number;
  classNames: string[];
  ignoreIndex: number | null;
  samples: { name: string; target: LabelMap; pred: LabelMap }[];
}

export interface ScoresOut {
  confusion_matrix: number[][];
  per_class: Map<string, { [K in keyof ClassScores]: number | null }>;
  mean_iou: number | null;
  mean_dice: number | null;
  mean_class_accuracy: number | null;
  frequency_weighted_iou: number | null;
  pixel_accuracy: number | null;
  classes_excluded_from_means: string[];
}

export interface SegmentationReport {
  num_classes: number;
  class_names: string[];
  ignore_index: number | null;
  dataset: ScoresOut;
  per_sample: Map<string, ScoresOut>;
}

const KEYS = ['num_classes', 'class_names', 'ignore_index', 'samples'];

function bad(field: string, message: string): TilewrightError {
  return new TilewrightError('invalid-params', `${field}: ${message}`, field);
}

/** Nested rows of integers as a label map; every row as long as the first. */
function nestedMap(v: unknown, field: string): LabelMap {
  if (!Array.isArray(v) || v.length === 0 || !Array.isArray(v[0]) || v[0].length === 0)
    throw bad(
      field,
      'expected rows of class indices (a non-empty list of non-empty lists), or a path to a PNG.',
    );
  const height = v.length;
  const width = (v[0] as unknown[]).length;
  const data = new Int32Array(width * height);
  v.forEach((row, y) => {
    if (!Array.isArray(row) || row.length !== width)
      throw bad(field, `row ${y} has ${Array.isArray(row) ? row.length : 'no'} values; row 0 has ${width}.`);
    row.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isInteger(x))
        throw bad(field, `pixel (${i}, ${y}) is ${JSON.stringify(x)}, not an integer.`);
      data[y * width + i] = x;
    });
  });
  return { width, height, data };
}

/**
 * Checks IN. loadMap reads a label map from a path (the CLI decodes PNGs); without it, paths are refused.
 */
export function parseSegmentationInput(
  json: unknown,
  loadMap?: (path: string, field: string) => LabelMap,
): SegmentationInput {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw bad('input', 'expected a JSON object with num_classes and samples.');
  const o = json as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !KEYS.includes(k));
  if (unknown.length) throw bad(unknown[0], `unknown key (the keys are ${KEYS.join(', ')}).`);
  const C = o.num_classes;
  if (typeof C !== 'number' || !Number.isInteger(C) || C < 1 || C > 65536)
    throw bad('num_classes', `expected an integer from 1, got ${JSON.stringify(C)}.`);
  let classNames = Array.from({ length: C }, (_, c) => String(c));
  if (o.class_names !== undefined) {
    if (!Array.isArray(o.class_names) || o.class_names.some((x) => typeof x !== 'string'))
      throw bad('class_names', 'expected a list of strings.');
    if (o.class_names.length !== C)
      throw bad('class_names', `expected ${C} names (num_classes), got ${o.class_names.length}.`);
    if (new Set(o.class_names).size !== C) throw bad('class_names', 'names must be distinct.');
    classNames = o.class_names as string[];
  }
  let ignoreIndex: number | null = null;
  if (o.ignore_index !== undefined && o.ignore_index !== null) {
    if (typeof o.ignore_index !== 'number' || !Number.isInteger(o.ignore_index))
      throw bad('ignore_index', `expected an integer, got ${JSON.stringify(o.ignore_index)}.`);
    if (o.ignore_index >= 0 && o.ignore_index < C)
      throw bad(
        'ignore_index',
        `${o.ignore_index} is a class index (0-${C - 1}); use a value outside them, e.g. 255.`,
      );
    ignoreIndex = o.ignore_index;
  }
  if (!Array.isArray(o.samples) || o.samples.length === 0)
    throw bad('samples', 'expected a non-empty list of { name, target, pred }.');
  const names = new Set<string>();
  const samples = o.samples.map((s: unknown, i) => {
    const field = `samples[${i}]`;
    if (typeof s !== 'object' || s === null) throw bad(field, 'expected { name, target, pred }.');
    const r = s as Record<string, unknown>;
    const extra = Object.keys(r).filter((k) => !['name', 'target', 'pred'].includes(k));
    if (extra.length) throw bad(`${field}.${extra[0]}`, 'unknown key (the keys are name, target, pred).');
    if (typeof r.name !== 'string' || !r.name) throw bad(`${field}.name`, 'expected a non-empty string.');
    if (names.has(r.name))
      throw bad(`${field}.name`, `${JSON.stringify(r.name)} is used by an earlier sample.`);
    names.add(r.name);
    const map = (k: 'target' | 'pred'): LabelMap => {
      const f = `${field}.${k}`;
      if (typeof r[k] === 'string') {
        if (!loadMap) throw bad(f, 'paths to PNG label maps are read by the command line only.');
        return loadMap(r[k], f);
      }
      return nestedMap(r[k], f);
    };
    return { name: r.name, target: map('target'), pred: map('pred') };
  });
  return { numClasses: C, classNames, ignoreIndex, samples };
}

const defined = (v: number) => (Number.isFinite(v) ? v : null);

/** The report's scores of one confusion matrix (C × C, rows target), classes named. */
export function scoresFromConfusion(cm: ArrayLike<number>, C: number, names: string[]): ScoresOut {
  const s: SegmentationScores = segmentationScores(cm, C);
  return {
    confusion_matrix: Array.from({ length: C }, (_, r) => Array.from({ length: C }, (_, c) => cm[r * C + c])),
    per_class: new Map(
      s.per_class.map((c, k) => [
        names[k],
        {
          iou: defined(c.iou),
          dice: defined(c.dice),
          class_accuracy: defined(c.class_accuracy),
          tp: c.tp,
          fp: c.fp,
          fn: c.fn,
        },
      ]),
    ),
    mean_iou: defined(s.mean_iou),
    mean_dice: defined(s.mean_dice),
    mean_class_accuracy: defined(s.mean_class_accuracy),
    frequency_weighted_iou: defined(s.frequency_weighted_iou),
    pixel_accuracy: defined(s.pixel_accuracy),
    classes_excluded_from_means: s.excluded.map((c) => names[c]),
  };
}

export function segmentationReport(input: SegmentationInput): SegmentationReport {
  const C = input.numClasses;
  const total = new Float64Array(C * C);
  const perSample = new Map<string, ScoresOut>();
  input.samples.forEach((s, i) => {
    const cm = new Float64Array(C * C);
    accumulateConfusion(cm, C, s.target, s.pred, input.ignoreIndex, `samples[${i}] (${s.name})`);
    for (let k = 0; k < cm.length; k++) total[k] += cm[k];
    perSample.set(s.name, scoresFromConfusion(cm, C, input.classNames));
  });
  return {
    num_classes: C,
    class_names: input.classNames,
    ignore_index: input.ignoreIndex,
    dataset: scoresFromConfusion(total, C, input.classNames),
    per_sample: perSample,
  };
}
