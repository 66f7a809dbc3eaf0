import { describe, expect, it } from 'vitest';
import { isNoisy, selectNoisy } from '../../src/core/data/noisy';
import type { SampleMeta, Split } from '../../src/protocol/records';

const meta = (index: number, minVisible: number, split: Split = 'train'): SampleMeta => ({
  index,
  name: `${index}.png`,
  width: 8,
  height: 8,
  split,
  classes: [1],
  minVisible,
});

describe('selectNoisy', () => {
  const metas = [
    meta(0, 1),
    meta(1, 0.7),
    meta(2, 0.69),
    meta(3, 0.2, 'val'),
    meta(4, 0.5, 'test'),
    meta(5, 0.95, 'val'),
  ];

  it('removes samples with an instance hidden more than maxHidden, keeping the threshold itself', () => {
    expect(selectNoisy(metas, 0.3, 'all')).toEqual([2, 3, 4]);
    expect(isNoisy(meta(9, 0.7), 0.3)).toBe(false); // 1 − 0.3 is 0.7 despite rounding
    expect(isNoisy(meta(9, 0.1), 0.9)).toBe(false);
  });

  it('restricts to one split', () => {
    expect(selectNoisy(metas, 0.3, 'val')).toEqual([3]);
    expect(selectNoisy(metas, 0.3, 'test')).toEqual([4]);
  });

  it('keeps everything at maxHidden 1 and removes any occlusion at 0', () => {
    expect(selectNoisy(metas, 1, 'all')).toEqual([]);
    expect(selectNoisy(metas, 0, 'all')).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses thresholds outside [0, 1]', () => {
    expect(() => selectNoisy(metas, 1.5, 'all')).toThrow(/between 0 and 1/);
    expect(() => selectNoisy(metas, Number.NaN, 'all')).toThrow(/between 0 and 1/);
  });
});
