import { describe, expect, it } from 'vitest';
import {
  assignSplits,
  countSplits,
  DEFAULT_SPLIT,
  stratumOf,
  type SplitItem,
} from '../../src/core/data/splits';
import { SPLITS, type SampleMeta, type SplitConfig } from '../../src/protocol/records';
import type { TilewrightError } from '../../src/core/errors';

/** Strata of very different sizes, including tiny ones, with indices out of order and with gaps. */
function makeItems(): SplitItem[] {
  const sizes: Record<string, number> = {
    a: 1000,
    b: 333,
    c: 57,
    d: 10,
    e: 3,
    f: 1,
    g: 2,
    '1+2': 7,
    empty: 250,
  };
  const items: SplitItem[] = [];
  let index = 0;
  for (const [stratum, n] of Object.entries(sizes))
    for (let i = 0; i < n; i++) items.push({ index: (index += 3), stratum });
  // Shuffle the input order deterministically: the result must not depend on it.
  return items.sort((x, y) => ((x.index * 7919) % 1009) - ((y.index * 7919) % 1009));
}

const CONFIGS: SplitConfig[] = [
  DEFAULT_SPLIT,
  { seed: 7, train: 0.7, val: 0.2, test: 0.1 },
  { seed: 3, train: 0.6, val: 0.2, test: 0.2 },
  { seed: 11, train: 1, val: 1, test: 1 },
  { seed: 5, train: 0, val: 0, test: 1 },
];

describe('assignSplits', () => {
  it('assigns every index exactly once', () => {
    const items = makeItems();
    for (const config of CONFIGS) {
      const a = assignSplits(items, config);
      expect(a.size).toBe(items.length);
      for (const it of items) expect(SPLITS).toContain(a.get(it.index));
    }
  });

  it('is stratified: each split gets floor or ceil of its exact share of each stratum', () => {
    const items = makeItems();
    for (const config of CONFIGS) {
      const total = config.train + config.val + config.test;
      const a = assignSplits(items, config);
      const strata = new Map<string, number[]>();
      for (const it of items) strata.set(it.stratum, [...(strata.get(it.stratum) ?? []), it.index]);
      for (const [, indices] of strata) {
        for (const s of SPLITS) {
          const got = indices.filter((i) => a.get(i) === s).length;
          const exact = (indices.length * config[s]) / total;
          expect(got).toBeGreaterThanOrEqual(Math.floor(exact + 1e-9));
          expect(got).toBeLessThanOrEqual(Math.ceil(exact - 1e-9));
        }
      }
    }
  });

  it('keeps the overall shares close even with many one-sample strata', () => {
    const items: SplitItem[] = Array.from({ length: 200 }, (_, i) => ({ index: i, stratum: `combo${i}` }));
    const counts = countSplits(assignSplits(items, { seed: 1, train: 0.8, val: 0.1, test: 0.1 }));
    expect(Math.abs(counts.train - 160)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.val - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.test - 20)).toBeLessThanOrEqual(1);
  });

  it('is reproducible from the config and independent of input order', () => {
    const items = makeItems();
    const a = assignSplits(items, CONFIGS[1]);
    const b = assignSplits([...items].reverse(), { ...CONFIGS[1] });
    expect([...b.entries()].sort((x, y) => x[0] - y[0])).toEqual(
      [...a.entries()].sort((x, y) => x[0] - y[0]),
    );
  });

  it('differs between seeds', () => {
    const items = makeItems();
    const a = assignSplits(items, { ...DEFAULT_SPLIT, seed: 1 });
    const b = assignSplits(items, { ...DEFAULT_SPLIT, seed: 2 });
    const differ = items.filter((it) => a.get(it.index) !== b.get(it.index)).length;
    expect(differ).toBeGreaterThan(20);
    expect(countSplits(a)).toEqual(countSplits(b));
  });

  it('handles no items and refuses bad fractions', () => {
    expect(assignSplits([], DEFAULT_SPLIT).size).toBe(0);
    const bad = (c: SplitConfig, field: string) => {
      try {
        assignSplits([{ index: 0, stratum: 'x' }], c);
      } catch (e) {
        expect((e as TilewrightError).code).toBe('invalid-params');
        expect((e as TilewrightError).subject).toBe(field);
        return;
      }
      throw new Error('expected invalid-params');
    };
    bad({ seed: 0, train: 0, val: 0, test: 0 }, 'train');
    bad({ seed: 0, train: 0.9, val: -0.1, test: 0 }, 'val');
    bad({ seed: 0, train: 0.9, val: 0.1, test: Number.NaN }, 'test');
    bad({ seed: 0.5, train: 0.9, val: 0.1, test: 0 }, 'seed');
  });

  it('defaults to 90/10/0', () => {
    expect(DEFAULT_SPLIT).toMatchObject({ train: 0.9, val: 0.1, test: 0 });
  });
});

describe('stratumOf', () => {
  const meta = (m: Partial<SampleMeta>): SampleMeta => ({
    index: 0,
    name: 'x',
    width: 1,
    height: 1,
    split: 'train',
    classes: [],
    minVisible: 1,
    ...m,
  });
  it('uses the label, else the sorted classes, else empty', () => {
    expect(stratumOf(meta({ label: 3, classes: [3] }))).toBe('3');
    expect(stratumOf(meta({ classes: [10, 2, 1] }))).toBe('1+2+10');
    expect(stratumOf(meta({}))).toBe('empty');
  });
});
