// Which head outputs a dataset gives, and each sample's target for a task. Classification datasets
// use their labels; datasets with masks (shapes, COCO instances, image + mask) give multi-label targets
// (the classes present) or a single label (the class covering the most visible pixels).
import { TilewrightError } from '../errors';
import type { DatasetRecord, SampleMeta } from '../../protocol/records';
import type { Task } from './config';
import type { Target } from './types';

export interface HeadClasses {
  names: string[];
  /** Dataset class id → head index (-1 for background). */
  headOf: number[];
}

export function headClasses(record: Pick<DatasetRecord, 'kind' | 'classes'>): HeadClasses {
  const hasBackground = record.kind !== 'classification' && record.classes[0]?.toLowerCase() === 'background';
  const headOf = record.classes.map((_, id) => (hasBackground ? id - 1 : id));
  return { names: hasBackground ? record.classes.slice(1) : [...record.classes], headOf };
}

/** The sample's target, or null when it has none for this task (e.g. an image with no labelled class). */
export function targetFor(meta: SampleMeta, task: Task, head: HeadClasses): Target | null {
  // Segmentation trains on the sample's mask, read with its image; there is no per-sample target.
  if (task === 'segmentation') return meta.label === undefined ? [] : null;
  if (meta.label !== undefined) {
    const h = head.headOf[meta.label];
    if (h === undefined || h < 0) return null;
    return task === 'multilabel' ? [h] : h;
  }
  const present = meta.classes.map((c) => head.headOf[c]).filter((h) => h !== undefined && h >= 0);
  if (task === 'multilabel') return present.length ? present : [];
  if (meta.instances?.length) {
    const area = new Map<number, number>();
    for (const inst of meta.instances) area.set(inst.category, (area.get(inst.category) ?? 0) + inst.area);
    let best = -1;
    let bestArea = -1;
    for (const [c, a] of area) if (a > bestArea || (a === bestArea && c < best)) [best, bestArea] = [c, a];
    const h = head.headOf[best];
    return h !== undefined && h >= 0 ? h : null;
  }
  return present.length === 1 ? present[0] : null;
}

export interface SegmentationClasses {
  /** The head's classes; 0 is the background. */
  names: string[];
  /** Mask value (dataset class id) → head class, 255 (ignored) for values outside the dataset's classes. */
  lut: Uint8Array;
}

/**
 * What a segmentation head predicts for a dataset with class-map masks (0 = background): every class
 * of the dataset, or rectangles against everything else (the shapes study's binary target).
 */
export function segmentationClasses(
  record: Pick<DatasetRecord, 'kind' | 'classes' | 'name'>,
  target: 'classes' | 'rectangles',
): SegmentationClasses {
  if (record.kind === 'classification')
    throw new TilewrightError(
      'incompatible',
      `${record.name} is a classification dataset: it has no masks to segment. Use a shapes, COCO or image + mask dataset.`,
      record.name,
    );
  const C = record.classes.length;
  const lut = new Uint8Array(256).fill(IGNORE);
  if (target === 'classes') {
    for (let v = 0; v < Math.min(C, 255); v++) lut[v] = v;
    return { names: [...record.classes], lut };
  }
  const rect = record.classes.findIndex((c) => c.toLowerCase() === 'rectangle');
  if (rect < 0)
    throw new TilewrightError(
      'incompatible',
      `${record.name} has no class named "rectangle" (its classes: ${record.classes.join(', ')}): choose the "classes" target.`,
      'segmentation.target',
    );
  for (let v = 0; v < Math.min(C, 255); v++) lut[v] = v === rect ? 1 : 0;
  return { names: ['background', 'rectangle'], lut };
}

/** Target value of unlabelled pixels in the label maps the studio builds. */
export const IGNORE = 255;
