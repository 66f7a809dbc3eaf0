// Records stored in IndexedDB and passed between workers and the page.
// Everything here is plain data (structured-cloneable), no classes.
import type { ShapesParams } from '../core/generate/params';

/**
 * shapes: generated (instances, and the generator to append with); instances: imported COCO instance data;
 * classification: one label per image; segmentation: a class map per image.
 */
export type DatasetKind = 'shapes' | 'instances' | 'classification' | 'segmentation';

/** Whether samples of this kind carry instances (instance maps and SampleMeta.instances). */
export function hasInstances(kind: DatasetKind): boolean {
  return kind === 'shapes' || kind === 'instances';
}
export type Split = 'train' | 'val' | 'test';
export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

/** Fractions of samples per split, and the seed that makes the assignment reproducible. */
export interface SplitConfig {
  seed: number;
  train: number;
  val: number;
  test: number;
}

/** One run of the noisy-sample filter, kept so the summary can say how many samples went. */
export interface RemovalRecord {
  maxHidden: number;
  split: Split | 'all';
  removed: number;
  at: number;
}

export interface DatasetRecord {
  id: string;
  name: string;
  kind: DatasetKind;
  createdAt: number;
  updatedAt: number;
  /** Class names; the position is the class id. Shapes: background, rectangle, ellipse. */
  classes: string[];
  /** Samples stored and visible (committed batches only). */
  count: number;
  /** Ids of the metadata chunks, in order; each chunk was written with its samples in one transaction. */
  chunks: number[];
  /** Index the next appended sample gets. */
  nextIndex: number;
  /** Bytes of encoded sample data stored (images, masks), as written. */
  bytes: number;
  split: SplitConfig;
  removals: RemovalRecord[];
  /** 'writing' while an import or generation job owns it; a reload finds interrupted jobs by this. */
  status: 'ready' | 'writing';
  /** Shapes datasets: how they were made, so appending continues the same stream. */
  generator?: { params: ShapesParams; seed: number };
  /** Imports: where the data came from (folder or zip name). */
  source?: string;
}

export interface InstanceMeta {
  /** Value of this instance in the instance map (1-based draw order). */
  id: number;
  /** Class id (index into DatasetRecord.classes). */
  category: number;
  /** [x, y, w, h] of the visible pixels, COCO convention. */
  bbox: [number, number, number, number];
  /** Visible pixels. */
  area: number;
  /** Visible pixels / pixels of the whole shape, in [0, 1]. */
  visibleFraction: number;
  color: [number, number, number];
}

/** Per-sample metadata: small, loaded for the whole dataset at once to browse, filter and summarise. */
export interface SampleMeta {
  index: number;
  /** File name (imports: path relative to the dropped root). */
  name: string;
  width: number;
  height: number;
  split: Split;
  /** Classification: the class id. */
  label?: number;
  /** Class ids present in the sample (label for classification, mask classes otherwise, background excluded). */
  classes: number[];
  instances?: InstanceMeta[];
  /** Smallest visible fraction over the instances; 1 when there are none. */
  minVisible: number;
}

/** Encoded bytes of one sample. PNG/JPEG as stored; masks are 8-bit grayscale PNG. */
export interface SampleData {
  image: ArrayBuffer;
  imageType: string;
  /** Class map PNG (0 = background). */
  mask?: ArrayBuffer;
  /** Instance map PNG (0 = none, k = instance id k). */
  instanceMap?: ArrayBuffer;
}
