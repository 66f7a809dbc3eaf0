import { describe, expect, it } from 'vitest';
import { isTilewrightError } from '../../src/core/errors';
import { Random } from '../../src/core/random';
import { AugmentSchema, type AugmentConfig } from '../../src/core/train/config';
import {
  IMAGENET,
  augmentSeed,
  channelStats,
  normalizationStats,
  prepareSample,
  shuffledOrder,
  type Preprocess,
} from '../../src/core/train/preprocess';
import type { DecodedImage } from '../../src/core/train/types';
import { channelMap } from '../../src/core/train/preprocess/image';
import { resizeRows } from '../../src/core/train/preprocess/resize';
import { write } from '../../src/core/train/preprocess/write';

/** Every augmentation off, then `on` switched on. */
function only(on: Partial<AugmentConfig>): AugmentConfig {
  return AugmentSchema.parse({ hflip: false, ...on });
}

function image(width: number, height: number, channels: number, f: (i: number) => number): DecodedImage {
  return {
    width,
    height,
    channels,
    pixels: Uint8Array.from({ length: width * height * channels }, (_, i) => f(i)),
  };
}

function noise(width: number, height: number, channels: number, seed: number): DecodedImage {
  let s = seed;
  return image(width, height, channels, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 24;
  });
}

function unit(size: number, channels: number, augment: AugmentConfig | null = null): Preprocess {
  return { inputSize: size, channels, mean: Array(channels).fill(0), std: Array(channels).fill(1), augment };
}

function run(img: DecodedImage, p: Preprocess, seed: number | null = null): Float32Array {
  const out = new Float32Array(p.inputSize * p.inputSize * p.channels);
  prepareSample(img, p, seed, out, 0);
  return out;
}

/** A 1-channel n×n image that is 0 except 255 at (row, col). */
function marked(n: number, row: number, col: number): DecodedImage {
  return image(n, n, 1, (i) => (i === row * n + col ? 255 : 0));
}

/** [row, col] of the output's largest value. */
function peak(out: Float32Array, n: number): [number, number] {
  let best = 0;
  for (let i = 1; i < out.length; i++) if (out[i] > out[best]) best = i;
  return [Math.floor(best / n), best % n];
}

function code(e: unknown): string | undefined {
  return isTilewrightError(e) ? e.code : undefined;
}

describe('normalizationStats', () => {
  it('gives unit, ImageNet and dataset statistics', () => {
    expect(normalizationStats('unit', 2)).toEqual({ mean: [0, 0], std: [1, 1] });
    expect(normalizationStats('imagenet', 3)).toEqual(IMAGENET);
    const stats = { mean: [0.1], std: [0.2] };
    expect(normalizationStats('dataset', 1, stats)).toEqual(stats);
  });

  it('refuses ImageNet on non-RGB input and dataset without (matching) statistics', () => {
    for (const f of [
      () => normalizationStats('imagenet', 1),
      () => normalizationStats('dataset', 3),
      () => normalizationStats('dataset', 3, { mean: [0], std: [1] }),
    ]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(code(err)).toBe('invalid-params');
      expect((err as { subject?: string }).subject).toBe('normalization');
    }
  });
});

describe('channelStats', () => {
  it('computes the population mean and std per channel in 0..1 units', () => {
    // Channel 0: 0 and 255 -> mean 0.5, std 0.5; channel 1: constant 51 -> mean 0.2, std floored.
    const a = image(1, 1, 2, (i) => (i === 0 ? 0 : 51));
    const b = image(1, 1, 2, (i) => (i === 0 ? 255 : 51));
    const s = channelStats([a, b], 2);
    expect(s.mean[0]).toBeCloseTo(0.5, 12);
    expect(s.std[0]).toBeCloseTo(0.5, 12);
    expect(s.mean[1]).toBeCloseTo(0.2, 12);
    expect(s.std[1]).toBe(1e-6);
  });

  it('converts gray and RGBA images to RGB like prepareSample', () => {
    const gray = image(2, 1, 1, () => 102);
    const rgba = image(1, 1, 4, (i) => [102, 102, 102, 0][i]);
    const s = channelStats([gray, rgba], 3);
    for (const m of s.mean) expect(m).toBeCloseTo(0.4, 12);
  });
});

describe('prepareSample resize', () => {
  it('an image at the input size is written straight from its bytes, with the floats resampling gives', () => {
    const p: Preprocess = {
      ...unit(6, 3, only({ hflip: true, vflip: true, rot90: true })),
      mean: [0.4, 0.5, 0.6],
    };
    p.std = [0.2, 0.25, 0.3];
    for (const channels of [1, 3, 4])
      for (let seed = 1; seed <= 12; seed++) {
        const img = noise(6, 6, channels, seed);
        const fast = new Float32Array(6 * 6 * 3);
        const { turn } = prepareSample(img, p, seed, fast, 0);
        // The resampling path by the identity, as prepareSample took it before.
        const slow = new Float32Array(6 * 6 * 3);
        const rows = resizeRows(img, channelMap(channels, 3), { x: 0, y: 0, w: 6, h: 6 }, 6);
        write(rows, p, turn, slow, 0);
        expect(Array.from(fast), `${channels} channels, seed ${seed}`).toEqual(Array.from(slow));
      }
  });

  it('keeps a constant image constant at any scale', () => {
    const img = image(37, 23, 3, (i) => [10, 128, 250][i % 3]);
    for (const size of [5, 8, 16, 64, 100]) {
      const out = run(img, unit(size, 3));
      const worst = Math.max(...out.map((v, i) => Math.abs(v - [10, 128, 250][i % 3] / 255)));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it('upsamples 2×2 to 4×4 with half-pixel-centre bilinear weights', () => {
    const [a, b, c, d] = [0, 100, 200, 40];
    const img = image(2, 2, 1, (i) => [a, b, c, d][i]);
    // Source coordinates of the outputs: -0.25 -> 0, 0.25, 0.75, 1.25 -> 1 (clamped at the edges).
    const w = [
      [1, 0],
      [0.75, 0.25],
      [0.25, 0.75],
      [0, 1],
    ];
    const out = run(img, unit(4, 1));
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) {
        const [wy0, wy1] = w[y];
        const [wx0, wx1] = w[x];
        const v = wy0 * (wx0 * a + wx1 * b) + wy1 * (wx0 * c + wx1 * d);
        expect(out[y * 4 + x]).toBeCloseTo(v / 255, 6);
      }
  });

  it('at the same size without augmentation is exactly (pixel / 255 - mean) / std', () => {
    const img = noise(16, 16, 3, 1);
    const p: Preprocess = { ...unit(16, 3), ...IMAGENET };
    const out = run(img, p);
    const expected = Float32Array.from(
      img.pixels,
      (v, i) => (v / 255 - IMAGENET.mean[i % 3]) / IMAGENET.std[i % 3],
    );
    expect(out).toEqual(expected);
  });

  it('averages when shrinking by an integer factor above 2 (no aliasing)', () => {
    // A 1-pixel checkerboard shrunk 4× is flat grey, not a sample of either colour.
    const img = image(32, 32, 1, (i) => (((i % 32) + Math.floor(i / 32)) % 2 ? 255 : 0));
    const out = run(img, unit(8, 1));
    for (const v of out) expect(v).toBeCloseTo(0.5, 6);
    // 3.5×: cells of 3 interpolated; still close to grey.
    for (const v of run(img, unit(9, 1))) expect(Math.abs(v - 0.5)).toBeLessThan(0.2);
    // 4× per axis is exactly the mean of each 4×4 block.
    const src = noise(8, 8, 1, 2);
    const blocks = run(src, unit(2, 1));
    for (let by = 0; by < 2; by++)
      for (let bx = 0; bx < 2; bx++) {
        let sum = 0;
        for (let y = 0; y < 4; y++)
          for (let x = 0; x < 4; x++) sum += src.pixels[(by * 4 + y) * 8 + bx * 4 + x];
        expect(blocks[by * 2 + bx]).toBeCloseTo(sum / 16 / 255, 6);
      }
  });

  it('converts gray and RGBA to RGB and refuses other channel counts', () => {
    const gray = image(4, 4, 1, (i) => i * 10);
    const rgb = image(4, 4, 3, (i) => Math.floor(i / 3) * 10);
    const rgba = image(4, 4, 4, (i) => (i % 4 === 3 ? 7 : Math.floor(i / 4) * 10));
    const expected = run(rgb, unit(4, 3));
    expect(run(gray, unit(4, 3))).toEqual(expected);
    expect(run(rgba, unit(4, 3))).toEqual(expected);
    expect(() =>
      run(
        image(4, 4, 2, () => 0),
        unit(4, 3),
      ),
    ).toThrow(/2-channel/);
    expect(() => run(rgb, unit(4, 1))).toThrow(/3-channel/);
  });

  it('writes at the offset and nowhere else', () => {
    const out = new Float32Array(2 + 4 * 4 * 3 + 2).fill(-9);
    prepareSample(
      image(4, 4, 3, () => 255),
      unit(4, 3),
      null,
      out,
      2,
    );
    expect([...out.slice(0, 2), ...out.slice(-2)]).toEqual([-9, -9, -9, -9]);
    expect(out.slice(2, -2).every((v) => v === 1)).toBe(true);
    expect(() =>
      prepareSample(
        image(4, 4, 3, () => 0),
        unit(4, 3),
        null,
        out,
        5,
      ),
    ).toThrow(RangeError);
  });
});

describe('prepareSample augmentation', () => {
  const n = 6;
  const img = marked(n, 1, 2);
  const plain = peak(run(img, unit(n, 1)), n);

  /** Peak positions over seeds 0..63 for an augmentation with one op. */
  function peaks(augment: AugmentConfig): Set<string> {
    const seen = new Set<string>();
    for (let seed = 0; seed < 64; seed++) seen.add(peak(run(img, unit(n, 1, augment), seed), n).join());
    return seen;
  }

  it('ignores augmentation without a seed', () => {
    expect(plain).toEqual([1, 2]);
    expect(run(img, unit(n, 1, only({ hflip: true, vflip: true, rot90: true })), null)).toEqual(
      run(img, unit(n, 1)),
    );
  });

  it('hflip mirrors columns, vflip mirrors rows, on about half the seeds', () => {
    expect(peaks(only({ hflip: true }))).toEqual(new Set(['1,2', '1,3']));
    expect(peaks(only({ vflip: true }))).toEqual(new Set(['1,2', '4,2']));
    // A seed that flips: the whole image is mirrored, not only the marked pixel.
    const p = unit(n, 1, only({ hflip: true }));
    const src = noise(n, n, 1, 3);
    const seed = [...Array(64).keys()].find((s) => peak(run(img, p, s), n).join() === '1,3')!;
    const out = run(src, p, seed);
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++)
        expect(out[y * n + x]).toBe(Math.fround(src.pixels[y * n + n - 1 - x] / 255));
  });

  it('rot90 turns by k × 90° counter-clockwise, every k occurring', () => {
    // np.rot90 moves (r, c) to (n-1-c, r) per quarter turn: (1,2) -> (3,1) -> (4,3) -> (2,4).
    expect(peaks(only({ rot90: true }))).toEqual(new Set(['1,2', '3,1', '4,3', '2,4']));
  });

  it('repeats for the same seed and crops differently in another epoch', () => {
    const src = noise(40, 30, 3, 7);
    const p = unit(16, 3, only({ random_resized_crop: true, crop_scale_min: 0.2, hflip: true }));
    const s0 = augmentSeed(123, 0, 5);
    expect(run(src, p, s0)).toEqual(run(src, p, s0));
    expect(augmentSeed(123, 0, 5)).toBe(s0);
    const s1 = augmentSeed(123, 1, 5);
    expect(s1).not.toBe(s0);
    expect(run(src, p, s1)).not.toEqual(run(src, p, s0));
    expect(augmentSeed(123, 0, 6)).not.toBe(s0);
    expect(augmentSeed(124, 0, 5)).not.toBe(s0);
  });

  it('crops inside the image: a crop of a constant region stays constant', () => {
    const src = image(50, 20, 1, () => 77);
    const p = unit(8, 1, only({ random_resized_crop: true, crop_scale_min: 0.05 }));
    for (let seed = 0; seed < 50; seed++)
      for (const v of run(src, p, seed)) expect(v).toBeCloseTo(77 / 255, 6);
  });

  it('colour jitter changes values but keeps them in [0, 1] before normalisation', () => {
    const src = noise(20, 20, 3, 11);
    const p = unit(20, 3, only({ brightness: 0.8, contrast: 0.8, saturation: 0.8 }));
    const base = run(src, unit(20, 3));
    let changed = 0;
    for (let seed = 0; seed < 30; seed++) {
      const out = run(src, p, seed);
      for (const v of out) expect(v >= 0 && v <= 1).toBe(true);
      if (out.some((v, i) => v !== base[i])) changed++;
    }
    expect(changed).toBe(30);
  });

  it('colour jitter follows torchvision, with factors drawn in the documented order', () => {
    const src = noise(4, 4, 3, 13);
    const strength = { brightness: 0.5, contrast: 0.5, saturation: 0.5 };
    const seed = 99;
    const r = new Random(seed);
    const [fb, fc, fs] = Object.values(strength).map((s) => 1 - s + 2 * s * r.float());
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    const luma = (q: number[]) => 0.2989 * q[0] + 0.587 * q[1] + 0.114 * q[2];
    let px = Array.from({ length: 16 }, (_, i) => [0, 1, 2].map((c) => src.pixels[i * 3 + c] / 255));
    px = px.map((q) => q.map((v) => clamp(v * fb)));
    const m = px.reduce((acc, q) => acc + luma(q), 0) / px.length;
    px = px.map((q) => q.map((v) => clamp(fc * v + (1 - fc) * m)));
    px = px.map((q) => q.map((v) => clamp(fs * v + (1 - fs) * luma(q))));
    const out = run(src, unit(4, 3, only(strength)), seed);
    px.flat().forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
  });

  it('saturation jitter leaves a gray image gray', () => {
    const src = image(8, 8, 1, (i) => i * 3);
    const p = unit(8, 3, only({ saturation: 1 }));
    const plainOut = run(src, unit(8, 3));
    for (let seed = 0; seed < 10; seed++) {
      const out = run(src, p, seed);
      for (let i = 0; i < out.length; i += 3) {
        expect(out[i + 1]).toBe(out[i]);
        expect(out[i + 2]).toBe(out[i]);
      }
      // torchvision's luma weights sum to 0.9999, so gray moves by at most 1e-4.
      for (let i = 0; i < out.length; i++) expect(Math.abs(out[i] - plainOut[i])).toBeLessThan(2e-4);
    }
  });

  it('prepares a 64×64 sample with every augmentation quickly', () => {
    const src = noise(96, 96, 3, 5);
    const p: Preprocess = {
      ...unit(64, 3),
      ...IMAGENET,
      augment: AugmentSchema.parse({
        vflip: true,
        rot90: true,
        random_resized_crop: true,
        brightness: 0.2,
        contrast: 0.2,
        saturation: 0.2,
      }),
    };
    const out = new Float32Array(64 * 64 * 3);
    for (let i = 0; i < 200; i++) prepareSample(src, p, i, out, 0);
    const t0 = performance.now();
    const count = 1000;
    for (let i = 0; i < count; i++) prepareSample(src, p, i, out, 0);
    // Typically well under 0.2 ms; the bound is loose for busy machines.
    expect((performance.now() - t0) / count).toBeLessThan(2);
  });
});

describe('shuffledOrder', () => {
  const keys = Array.from({ length: 50 }, (_, i) => i * 3 + 1);

  it('is a deterministic permutation that changes with the epoch and the seed', () => {
    const a = shuffledOrder(keys, 42, 0);
    expect([...a].sort((x, y) => x - y)).toEqual(keys);
    expect(shuffledOrder(keys, 42, 0)).toEqual(a);
    expect(a).not.toEqual(keys);
    expect(shuffledOrder(keys, 42, 1)).not.toEqual(a);
    expect(shuffledOrder(keys, 43, 0)).not.toEqual(a);
    expect(keys[0]).toBe(1);
  });

  it('handles empty and single-key lists', () => {
    expect(shuffledOrder([], 1, 0)).toEqual([]);
    expect(shuffledOrder([9], 1, 0)).toEqual([9]);
  });
});
