import { describe, expect, it } from 'vitest';
import { ImageCache, batchesOf, loadBatch } from '../../src/core/train/batches';
import { AugmentSchema } from '../../src/core/train/config';
import { augmentSeed, prepareSample, type Preprocess } from '../../src/core/train/preprocess';
import type { DecodedImage, TrainData } from '../../src/core/train/types';

/** In-memory data: sample k is a w×w RGB image filled with k; loads resolve on the next tick and are counted. */
function fakeData(count: number, w = 4): TrainData & { loads: number[] } {
  const loads: number[] = [];
  const keys = Array.from({ length: count }, (_, k) => k);
  return {
    classes: ['a', 'b', 'c'],
    train: keys,
    val: [],
    loads,
    targetOf: (k) => k % 3,
    nameOf: (k) => `img${k}.png`,
    load: async (k): Promise<DecodedImage> => {
      loads.push(k);
      await new Promise((r) => setTimeout(r, 1));
      return { width: w, height: w, channels: 3, pixels: new Uint8Array(w * w * 3).fill(k) };
    },
  };
}

const p: Preprocess = { inputSize: 4, channels: 3, mean: [0, 0, 0], std: [1, 1, 1], augment: null };

describe('ImageCache', () => {
  it('shares concurrent loads of a key and serves repeats from memory', async () => {
    const data = fakeData(5);
    const cache = new ImageCache(data);
    const [a, b] = await Promise.all([cache.get(2), cache.get(2)]);
    expect(a).toBe(b);
    expect(await cache.get(2)).toBe(a);
    expect(data.loads).toEqual([2]);
    expect(cache.bytes).toBe(48);
  });

  it('evicts the least recently used images beyond maxBytes', async () => {
    const data = fakeData(5);
    const cache = new ImageCache(data, 48 * 2); // room for two 4×4 RGB images
    await cache.get(0);
    await cache.get(1);
    await cache.get(0); // 1 is now the oldest
    await cache.get(2);
    expect([cache.has(0), cache.has(1), cache.has(2)]).toEqual([true, false, true]);
    expect(cache.bytes).toBe(96);
    await cache.get(1);
    expect(data.loads).toEqual([0, 1, 2, 1]);
  });

  it('does not keep an image larger than the whole budget, nor a failed load', async () => {
    const data = fakeData(3);
    const cache = new ImageCache(data, 10);
    await cache.get(0);
    expect(cache.has(0)).toBe(false);
    expect(cache.bytes).toBe(0);

    let fail = true;
    const flaky: TrainData = {
      ...data,
      load: (k) => (fail ? Promise.reject(new Error('gone')) : data.load(k)),
    };
    const c2 = new ImageCache(flaky);
    await expect(c2.get(1)).rejects.toThrow('gone');
    fail = false;
    expect((await c2.get(1)).pixels[0]).toBe(1);
  });
});

describe('loadBatch', () => {
  it('returns NHWC floats, keys and targets in the order asked', async () => {
    const data = fakeData(6);
    const cache = new ImageCache(data);
    const keys = [5, 0, 3];
    const batch = await loadBatch(cache, data, keys, p, [null, null, null]);
    expect(batch.shape).toEqual([3, 4, 4, 3]);
    expect(batch.x.length).toBe(3 * 4 * 4 * 3);
    expect(batch.keys).toEqual(keys);
    expect(batch.targets).toEqual([2, 0, 0]);
    keys.forEach((k, i) => {
      const sample = batch.x.subarray(i * 48, (i + 1) * 48);
      expect(sample.every((v) => v === Math.fround(k / 255))).toBe(true);
    });
  });

  it('prepares a sample the same whichever batch it lands in', async () => {
    const data: TrainData = {
      ...fakeData(4, 12),
      load: async (k) => {
        const pixels = Uint8Array.from({ length: 12 * 12 * 3 }, (_, i) => (i * 37 + k * 11) % 256);
        return { width: 12, height: 12, channels: 3, pixels };
      },
    };
    const aug: Preprocess = {
      ...p,
      inputSize: 8,
      augment: AugmentSchema.parse({ random_resized_crop: true, rot90: true, brightness: 0.3 }),
    };
    const cache = new ImageCache(data);
    const seeds = (keys: number[]) => keys.map((k) => augmentSeed(9, 2, k));
    const one = await loadBatch(cache, data, [1, 2], aug, seeds([1, 2]));
    const two = await loadBatch(cache, data, [3, 2, 0], aug, seeds([3, 2, 0]));
    const per = 8 * 8 * 3;
    expect(two.x.subarray(per, 2 * per)).toEqual(one.x.subarray(per, 2 * per));
    const alone = new Float32Array(per);
    prepareSample(await data.load(2), aug, augmentSeed(9, 2, 2), alone, 0);
    expect(alone).toEqual(one.x.subarray(per, 2 * per));
  });

  it('needs one seed per key', async () => {
    const data = fakeData(2);
    await expect(loadBatch(new ImageCache(data), data, [0, 1], p, [null])).rejects.toThrow(RangeError);
  });
});

describe('batchesOf', () => {
  it('cuts the order into batches and keeps the last partial one', () => {
    expect(batchesOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batchesOf([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(batchesOf([], 3)).toEqual([]);
    expect(() => batchesOf([1], 0)).toThrow(/Batch size/);
  });
});
