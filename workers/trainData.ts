// A dataset in IndexedDB as the training loop's TrainData: sample keys per split, targets, and
// decoded pixels (PNG by our own decoder, other formats through createImageBitmap).
import { decodeLabelPng, decodePng, isPng } from '../src/core/formats/png';
import { TilewrightError } from '../src/core/errors';
import { headClasses, segmentationClasses, targetFor } from '../src/core/train/targets';
import type { SegmentationConfig, Task } from '../src/core/train/config';
import type { DecodedImage, Target, TrainData } from '../src/core/train/types';
import { hasInstances, type DatasetRecord, type SampleMeta } from '../src/protocol/records';
import { splitKeys } from '../src/core/train/splitKeys';
import { readSample } from '../src/storage';

export interface StoredData extends TrainData {
  /** Samples left out because they have no target for the task. */
  skipped: number;
  /** Keys of the samples with a target in one of the dataset's own splits (or all of them), and how many were left out. */
  keysIn(split: 'train' | 'val' | 'test' | 'all'): { keys: number[]; skipped: number };
}

export interface StoredDataOptions {
  /** Fixed keys (kept in the run, so a resume uses the same data even after the dataset was re-split). */
  split?: { train: number[]; val: number[] };
  /** Segmentation: what the head predicts, and whether samples bring their instance maps (boundary channel). */
  segmentation?: Pick<SegmentationConfig, 'target' | 'separation'>;
  /** Leave training samples with a less visible instance out (train_min_visible). */
  minVisible?: number;
}

/** Without `split`, the dataset's own train and val splits are taken. */
export function storedData(
  record: DatasetRecord,
  metas: SampleMeta[],
  task: Task,
  o: StoredDataOptions = {},
): StoredData & { occluded: number } {
  const head = headClasses(record);
  // Segmentation predicts the mask's classes (background first) instead of the head's.
  const seg =
    task === 'segmentation' ? segmentationClasses(record, o.segmentation?.target ?? 'classes') : null;
  const withInstances = !!seg && o.segmentation?.separation === 'boundary';
  if (withInstances && !hasInstances(record.kind))
    throw new TilewrightError(
      'incompatible',
      `"${record.name}" has no instance maps to learn boundaries from: use a generated shapes or COCO dataset, or set separation to none.`,
      'segmentation.separation',
    );
  const targets = new Map<number, Target>();
  const names = new Map<number, string>();
  let skipped = 0;
  for (const m of metas) {
    const t = targetFor(m, task, head);
    if (t === null) skipped++;
    else targets.set(m.index, t);
    names.set(m.index, m.name);
  }
  const own = splitKeys(metas, (k) => targets.has(k), o.minVisible);
  return {
    classes: seg ? seg.names : head.names,
    train: o.split?.train ?? own.train,
    val: o.split?.val ?? own.val,
    skipped,
    occluded: o.split ? 0 : own.occluded,
    keysIn(which) {
      const inSplit = metas.filter((m) => which === 'all' || m.split === which);
      const keys = inSplit.filter((m) => targets.has(m.index)).map((m) => m.index);
      return { keys, skipped: inSplit.length - keys.length };
    },
    targetOf(key) {
      const t = targets.get(key);
      if (t === undefined)
        throw new TilewrightError('not-found', `Sample ${key} is not in the dataset any more.`, String(key));
      return t;
    },
    nameOf: (key) => names.get(key) ?? String(key),
    async load(key) {
      const data = await readSample(record.id, key);
      if (!data)
        throw new TilewrightError(
          'not-found',
          `Sample "${names.get(key) ?? key}" of dataset "${record.name}" is gone: the dataset was changed or deleted during the run.`,
          record.name,
        );
      const name = names.get(key) ?? String(key);
      const img = await decodeImage(new Uint8Array(data.image), data.imageType, name);
      if (!seg) return img;
      if (!data.mask) throw new TilewrightError('bad-file', `${name} has no mask to segment.`, name);
      const mask = decodeLabelPng(new Uint8Array(data.mask));
      if (mask.width !== img.width || mask.height !== img.height)
        throw new TilewrightError(
          'bad-file',
          `The mask of ${name} is ${mask.width}×${mask.height}, its image ${img.width}×${img.height}.`,
          name,
        );
      for (let i = 0; i < mask.data.length; i++) mask.data[i] = seg.lut[mask.data[i]];
      if (!withInstances) return { ...img, mask: mask.data };
      if (!data.instanceMap)
        throw new TilewrightError('bad-file', `${name} has no instance map to learn boundaries from.`, name);
      const instances = decodeLabelPng(new Uint8Array(data.instanceMap));
      if (instances.width !== img.width || instances.height !== img.height)
        throw new TilewrightError(
          'bad-file',
          `The instance map of ${name} is ${instances.width}×${instances.height}, its image ${img.width}×${img.height}.`,
          name,
        );
      return { ...img, mask: mask.data, instances: instances.data };
    },
  };
}

async function decodeImage(bytes: Uint8Array, type: string, name: string): Promise<DecodedImage> {
  if (isPng(bytes)) {
    const png = decodePng(bytes);
    return { pixels: png.data, width: png.width, height: png.height, channels: png.channels };
  }
  try {
    const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    return {
      pixels: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength),
      width: canvas.width,
      height: canvas.height,
      channels: 4,
    };
  } catch {
    throw new TilewrightError('bad-file', `${name} cannot be decoded.`, name);
  }
}
