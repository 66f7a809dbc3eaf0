// The parts of an export that need no browser: where each sample goes in the zip, the COCO categories
// and info, and the "instances" that turn a class map into one COCO annotation per class.
import type { CocoCategory, CocoInfo } from '../formats/coco';
import type { DatasetRecord, InstanceMeta, SampleMeta } from '../../protocol/records';

export interface ExportPaths {
  /** Path inside images/ (also the COCO file_name). */
  image: string;
  /** Path of the mask inside masks/: the image path with a .png extension. */
  mask: string;
}

/** A relative path with no empty, '.' or '..' segments and no backslashes, so nothing lands outside its folder. */
export function safeRelativePath(name: string): string {
  const parts = name
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..');
  return parts.join('/') || 'unnamed';
}

function splitExt(path: string): [string, string] {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
}

/**
 * Paths of each sample in the zip, keyed by sample index. Names are the stored names made safe;
 * a name seen before (or one whose mask would clash, as x.jpg and x.png do) gets `-<index>` added.
 */
export function exportPaths(metas: readonly SampleMeta[]): Map<number, ExportPaths> {
  const out = new Map<number, ExportPaths>();
  const images = new Set<string>();
  const masks = new Set<string>();
  for (const m of metas) {
    const [base, ext] = splitExt(safeRelativePath(m.name));
    // Compared without case: zips are often unpacked on case-insensitive file systems.
    const taken = (stem: string) =>
      images.has((stem + ext).toLowerCase()) || masks.has(`${stem}.png`.toLowerCase());
    let stem = base;
    for (let k = 1; taken(stem); k++) stem = k === 1 ? `${base}-${m.index}` : `${base}-${m.index}-${k}`;
    const image = stem + ext;
    const mask = `${stem}.png`;
    images.add(image.toLowerCase());
    masks.add(mask.toLowerCase());
    out.set(m.index, { image, mask });
  }
  return out;
}

/** COCO categories: every class with its index as id, except the background of shapes and segmentation data. */
export function cocoCategories(record: DatasetRecord): CocoCategory[] {
  return record.classes
    .map((name, id) => ({ id, name }))
    .filter(
      (c) => !(record.kind !== 'classification' && c.id === 0 && c.name.toLowerCase() === 'background'),
    );
}

export function cocoInfo(record: DatasetRecord): CocoInfo {
  const info: CocoInfo = {
    description: `Tilewright export of "${record.name}"`,
    version: '1',
    kind: record.kind,
    classes: record.classes,
    samples: record.count,
    split: record.split,
  };
  if (record.source !== undefined) info.source = record.source;
  if (record.generator) info.generator = record.generator;
  if (record.removals.length) info.removals = record.removals;
  return info;
}

/**
 * For segmentation data: one pseudo-instance per class present, whose id is the class id, so that the COCO
 * writer, given the class map as its "instance map", emits one region annotation (RLE, iscrowd 0) per class.
 */
export function classRegionInstances(meta: SampleMeta): InstanceMeta[] {
  return meta.classes.map((c) => ({
    id: c,
    category: c,
    bbox: [0, 0, 0, 0],
    area: 0,
    visibleFraction: 1,
    color: [0, 0, 0],
  }));
}
