// Which head outputs a dataset gives, and each sample's target for a task. Classification datasets
// use their labels; datasets with masks (shapes, COCO instances, image + mask) give multi-label targets
// (the classes present) or a single label (the class covering the most visible pixels).
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
