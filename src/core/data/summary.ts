// What the dataset page shows about a dataset, computed from its record and sample metadata only
// (no image bytes are read).
import {
  hasInstances,
  SPLITS,
  type DatasetKind,
  type DatasetRecord,
  type SampleMeta,
  type Split,
} from '../../protocol/records';

export const OCCLUSION_BINS = 10;

export interface ClassSummary {
  id: number;
  name: string;
  /** Samples showing the class (classification: samples with this label). */
  images: number;
  /** Instances of the class (datasets with instances: shapes and imported COCO instances); null otherwise. */
  instances: number | null;
}

export interface SplitSummary {
  count: number;
  /** Samples showing each class, indexed by class id (background stays 0: it is not listed in SampleMeta.classes). */
  perClass: number[];
}

export interface DatasetSummary {
  kind: DatasetKind;
  count: number;
  /** Every class but the background of shapes and segmentation datasets, by id. */
  classes: ClassSummary[];
  /** Distinct image sizes, most common first (ties: larger area first). */
  sizes: { width: number; height: number; count: number }[];
  splits: Record<Split, SplitSummary>;
  /**
   * Instances by hidden fraction (1 − visibleFraction): bin k counts [k/10, (k+1)/10), the last bin
   * includes 1. Null for data without instances.
   */
  occlusion: number[] | null;
  /** Samples removed by the noisy-sample filter, over all its runs. */
  removed: number;
}

/** Bin of a hidden fraction; hidden fractions computed as 1 − v carry rounding dust (1 − 0.7 = 0.30000000000000004). */
export function occlusionBin(hidden: number): number {
  const b = Math.floor(hidden * OCCLUSION_BINS + 1e-9);
  return Math.min(OCCLUSION_BINS - 1, Math.max(0, b));
}

export function summarize(record: DatasetRecord, metas: readonly SampleMeta[]): DatasetSummary {
  const nClasses = record.classes.length;
  const images = new Array<number>(nClasses).fill(0);
  const instanceCounts = new Array<number>(nClasses).fill(0);
  const splits = Object.fromEntries(
    SPLITS.map((s) => [s, { count: 0, perClass: new Array<number>(nClasses).fill(0) }]),
  ) as Record<Split, SplitSummary>;
  const sizes = new Map<string, { width: number; height: number; count: number }>();
  const occlusion = new Array<number>(OCCLUSION_BINS).fill(0);
  let anyInstances = false;

  for (const m of metas) {
    const sp = splits[m.split];
    if (sp) sp.count++;
    const present = m.classes.length ? m.classes : m.label !== undefined ? [m.label] : [];
    for (const c of new Set(present)) {
      if (c < 0 || c >= nClasses) continue;
      images[c]++;
      if (sp) sp.perClass[c]++;
    }
    const key = `${m.width}x${m.height}`;
    const size = sizes.get(key);
    if (size) size.count++;
    else sizes.set(key, { width: m.width, height: m.height, count: 1 });
    if (m.instances) {
      anyInstances = true;
      for (const inst of m.instances) {
        if (inst.category >= 0 && inst.category < nClasses) instanceCounts[inst.category]++;
        occlusion[occlusionBin(1 - inst.visibleFraction)]++;
      }
    }
  }

  const hasBackground = record.kind !== 'classification' && record.classes[0]?.toLowerCase() === 'background';
  const withInstances = anyInstances || hasInstances(record.kind);
  const classes: ClassSummary[] = [];
  for (let id = hasBackground ? 1 : 0; id < nClasses; id++)
    classes.push({
      id,
      name: record.classes[id],
      images: images[id],
      instances: withInstances ? instanceCounts[id] : null,
    });

  return {
    kind: record.kind,
    count: metas.length,
    classes,
    sizes: [...sizes.values()].sort(
      (a, b) => b.count - a.count || b.width * b.height - a.width * a.height || b.width - a.width,
    ),
    splits,
    occlusion: withInstances ? occlusion : null,
    removed: record.removals.reduce((t, r) => t + r.removed, 0),
  };
}
