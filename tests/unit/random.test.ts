import { describe, expect, it } from 'vitest';
import { Random, mix32, randomFor, seedFor } from '../../src/core/random';

function take(r: Random, n: number): number[] {
  return Array.from({ length: n }, () => r.nextUint32());
}

describe('Random', () => {
  it('repeats its stream for the same seed, and reseed() restarts it', () => {
    const a = new Random(123);
    const b = new Random(123);
    const first = take(a, 100);
    expect(take(b, 100)).toEqual(first);
    a.reseed(123);
    expect(take(a, 100)).toEqual(first);
  });

  it('keeps the published stream (datasets are regenerated from it: change only on purpose)', () => {
    expect(take(new Random(42), 3)).toEqual([1028872839, 2516511472, 400437680]);
    expect([seedFor(0, 0), seedFor(0, 1), seedFor(1, 0), seedFor(2 ** 32 - 1, 2 ** 40)]).toEqual([
      2008210422, 1118580153, 3311306429, 3810336852,
    ]);
  });

  it('gives different streams for nearby seeds', () => {
    const streams = [0, 1, 2, 3].map((s) => take(new Random(s), 8).join());
    expect(new Set(streams).size).toBe(4);
  });

  it('nextUint32 stays in [0, 2^32) and float in [0, 1)', () => {
    const r = new Random(7);
    for (let i = 0; i < 10_000; i++) {
      const u = r.nextUint32();
      expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true);
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
    }
  });

  it('int() includes both bounds and nothing outside them', () => {
    const r = new Random(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(-2, 3);
      expect(Number.isInteger(v) && v >= -2 && v <= 3).toBe(true);
      seen.add(v);
    }
    expect([...seen].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3]);
    for (let i = 0; i < 20; i++) expect(r.int(5, 5)).toBe(5);
    for (let i = 0; i < 1000; i++) {
      const v = r.int(0, 2 ** 32 - 1);
      expect(v >= 0 && v < 2 ** 32).toBe(true);
    }
  });

  it('int() rejects empty or non-integer ranges', () => {
    const r = new Random(1);
    expect(() => r.int(3, 2)).toThrow(RangeError);
    expect(() => r.int(0.5, 2)).toThrow(RangeError);
    expect(() => r.int(0, 2 ** 32)).toThrow(RangeError);
  });

  it('int() is roughly uniform (chi-square)', () => {
    const r = new Random(2024);
    const k = 10;
    const n = 100_000;
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) counts[r.int(0, k - 1)]++;
    const expected = n / k;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 27.9) = 0.001.
    expect(chi2).toBeLessThan(27.9);
  });

  it('float() is roughly uniform: mean, variance and deciles', () => {
    const r = new Random(77);
    const n = 100_000;
    const deciles = new Array<number>(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const f = r.float();
      sum += f;
      sumSq += f * f;
      deciles[Math.floor(f * 10)]++;
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
    for (const d of deciles) expect(Math.abs(d - n / 10)).toBeLessThan(n / 100);
  });
});

describe('seedFor', () => {
  it('is deterministic and gives every index of a dataset its own seed', () => {
    expect(seedFor(5, 17)).toBe(seedFor(5, 17));
    const seeds = new Set<number>();
    for (let i = 0; i < 100_000; i++) seeds.add(seedFor(5, i));
    expect(seeds.size).toBe(100_000);
  });

  it('depends on the dataset seed, including above 2^32 indices', () => {
    expect(seedFor(1, 0)).not.toBe(seedFor(2, 0));
    expect(seedFor(1, 2 ** 32)).not.toBe(seedFor(1, 0));
    expect(seedFor(1, 2 ** 32 + 1)).not.toBe(seedFor(1, 1));
  });

  it('decorrelates neighbouring indices (about half the bits flip)', () => {
    let flips = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) {
      let x = (seedFor(3, i) ^ seedFor(3, i + 1)) >>> 0;
      for (; x; x &= x - 1) flips++;
    }
    expect(Math.abs(flips / n - 16)).toBeLessThan(0.5);
  });

  it('rejects indices that are not non-negative safe integers', () => {
    expect(() => seedFor(1, -1)).toThrow(RangeError);
    expect(() => seedFor(1, 1.5)).toThrow(RangeError);
    expect(() => seedFor(1.5, 1)).toThrow(RangeError);
  });

  it('randomFor(seed, index) is Random(seedFor(seed, index))', () => {
    expect(take(randomFor(8, 9), 5)).toEqual(take(new Random(seedFor(8, 9)), 5));
  });

  it('mix32 is a bijection on a sample of inputs', () => {
    const out = new Set<number>();
    for (let i = 0; i < 50_000; i++) out.add(mix32(i * 65537));
    expect(out.size).toBe(50_000);
  });
});
