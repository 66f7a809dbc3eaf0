// Batches for the training loop: decoded images cached by bytes, prepared into one Float32Array per batch.
import { TilewrightError } from '../errors';
import { boundaryTargets } from '../metrics/separation';
import { prepareMask, prepareSample, type Preprocess } from './preprocess';
import type { DecodedImage, Target, TrainData } from './types';

const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

const bytesOf = (img: DecodedImage) =>
  img.pixels.byteLength + (img.mask?.byteLength ?? 0) + (img.instances?.byteLength ?? 0);

/**
 * Decoded images by sample key, least recently used evicted first once their pixels exceed maxBytes
 * (an image larger than that alone is returned but not kept). Concurrent gets of a key share one load.
 * Callers must not modify the returned pixels: they are shared.
 */
export class ImageCache {
  private readonly images = new Map<number, DecodedImage>();
  private readonly pending = new Map<number, Promise<DecodedImage>>();
  private total = 0;

  constructor(
    private readonly data: TrainData,
    private readonly maxBytes = DEFAULT_CACHE_BYTES,
  ) {}

  /** Bytes of pixels held. */
  get bytes(): number {
    return this.total;
  }

  has(key: number): boolean {
    return this.images.has(key);
  }

  get(key: number): Promise<DecodedImage> {
    const hit = this.images.get(key);
    if (hit) {
      // Re-insert: a Map iterates in insertion order, so the first entry is the least recently used.
      this.images.delete(key);
      this.images.set(key, hit);
      return Promise.resolve(hit);
    }
    const waiting = this.pending.get(key);
    if (waiting) return waiting;
    const load = this.data.load(key).then(
      (img) => {
        this.pending.delete(key);
        this.keep(key, img);
        return img;
      },
      (e: unknown) => {
        this.pending.delete(key);
        throw e;
      },
    );
    this.pending.set(key, load);
    return load;
  }

  private keep(key: number, img: DecodedImage): void {
    const size = bytesOf(img);
    if (size > this.maxBytes) return;
    this.total += size;
    this.images.set(key, img);
    for (const [k, old] of this.images) {
      if (this.total <= this.maxBytes) break;
      this.images.delete(k);
      this.total -= bytesOf(old);
    }
  }
}

export interface BatchArrays {
  /** [batch, inputSize, inputSize, channels], row-major (NHWC). */
  x: Float32Array;
  shape: [number, number, number, number];
  keys: number[];
  /** Targets of `keys`, in the same order. */
  targets: Target[];
  /** Segmentation: [batch, inputSize, inputSize] labels, prepared with each image's geometry. */
  labels?: Int32Array;
  /** With instance maps: [batch, inputSize, inputSize] boundary targets, found after the resize. */
  boundaries?: Uint8Array;
}

/** Loads `keys` in parallel and prepares sample i with seeds[i] (null: no augmentation) into one array. */
export async function loadBatch(
  cache: ImageCache,
  data: TrainData,
  keys: number[],
  p: Preprocess,
  seeds: (number | null)[],
): Promise<BatchArrays> {
  if (seeds.length !== keys.length)
    throw new RangeError(`loadBatch: ${keys.length} keys but ${seeds.length} seeds.`);
  const images = await Promise.all(keys.map((k) => cache.get(k)));
  const per = p.inputSize * p.inputSize * p.channels;
  const x = new Float32Array(keys.length * per);
  // Label maps come with every image of a segmentation dataset, or with none.
  const withMasks = images.some((img) => img.mask);
  const area = p.inputSize * p.inputSize;
  const labels = withMasks ? new Int32Array(keys.length * area) : undefined;
  const withInstances = images.some((img) => img.instances);
  const boundaries = withInstances ? new Uint8Array(keys.length * area) : undefined;
  const instances = withInstances ? new Int32Array(area) : undefined;
  images.forEach((img, i) => {
    const g = prepareSample(img, p, seeds[i], x, i * per);
    if (!labels) return;
    if (!img.mask)
      throw new TilewrightError('invalid-params', `${data.nameOf(keys[i])} has no mask to segment.`, 'mask');
    prepareMask(img.mask, img.width, img.height, g, p.inputSize, labels, i * area);
    if (!boundaries || !instances) return;
    if (!img.instances)
      throw new TilewrightError(
        'invalid-params',
        `${data.nameOf(keys[i])} has no instance map to learn boundaries from.`,
        'segmentation.separation',
      );
    // Boundaries are found at the input size: a 1-pixel edge would not survive the resize.
    prepareMask(img.instances, img.width, img.height, g, p.inputSize, instances, 0);
    boundaryTargets(instances, p.inputSize, p.inputSize, boundaries, i * area);
  });
  return {
    x,
    shape: [keys.length, p.inputSize, p.inputSize, p.channels],
    keys: [...keys],
    targets: keys.map((k) => data.targetOf(k)),
    ...(labels ? { labels } : {}),
    ...(boundaries ? { boundaries } : {}),
  };
}

/** Consecutive runs of batchSize keys from `order`; the last may be shorter. */
export function batchesOf(order: number[], batchSize: number): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new TilewrightError(
      'invalid-params',
      `Batch size must be a whole number ≥ 1 (got ${batchSize}).`,
      'batch_size',
    );
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}

/**
 * The keys in batches, without augmentation, each loaded while the one before it is being used (one
 * batch ahead). Throws TilewrightError('cancelled') once the signal is aborted.
 */
export async function* unaugmentedBatches(
  signal: AbortSignal,
  cache: ImageCache,
  data: TrainData,
  keys: number[],
  p: Preprocess,
  batchSize: number,
): AsyncGenerator<BatchArrays> {
  const batches = batchesOf(keys, batchSize);
  const load = (ks: number[]) =>
    loadBatch(
      cache,
      data,
      ks,
      p,
      ks.map(() => null),
    );
  let next = batches.length ? load(batches[0]) : null;
  for (let i = 0; i < batches.length; i++) {
    if (signal.aborted) throw new TilewrightError('cancelled', 'Evaluation cancelled.');
    const b = await next!;
    next = i + 1 < batches.length ? load(batches[i + 1]) : null;
    yield b;
  }
}
