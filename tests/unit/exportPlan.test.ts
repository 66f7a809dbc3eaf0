import { describe, expect, it } from 'vitest';
import {
  classRegionInstances,
  cocoCategories,
  cocoInfo,
  exportPaths,
  safeRelativePath,
} from '../../src/core/data/exportPlan';
import { DEFAULT_SPLIT } from '../../src/core/data/splits';
import type { DatasetRecord, SampleMeta } from '../../src/protocol/records';

const meta = (index: number, name: string, classes: number[] = []): SampleMeta => ({
  index,
  name,
  width: 2,
  height: 2,
  split: 'train',
  classes,
  minVisible: 1,
});

const record = (over: Partial<DatasetRecord>): DatasetRecord => ({
  id: 'd',
  name: 'D',
  kind: 'shapes',
  createdAt: 0,
  updatedAt: 0,
  classes: ['background', 'rectangle', 'ellipse'],
  count: 3,
  chunks: [0],
  nextIndex: 3,
  bytes: 0,
  split: DEFAULT_SPLIT,
  removals: [],
  status: 'ready',
  ...over,
});

describe('export plan', () => {
  it('keeps names inside their folder', () => {
    expect(safeRelativePath('../../etc/passwd')).toBe('etc/passwd');
    expect(safeRelativePath('a\\b/./c.png')).toBe('a/b/c.png');
    expect(safeRelativePath('/')).toBe('unnamed');
  });

  it('makes image and mask paths unique, ignoring case', () => {
    const paths = exportPaths([
      meta(0, 'A/x.jpg'),
      meta(1, 'A/x.png'),
      meta(2, 'a/X.jpg'),
      meta(3, 'y.png'),
      meta(4, 'x-0.jpg'),
      meta(5, 'A/x-1.jpg'),
    ]);
    expect([...paths.values()]).toEqual([
      { image: 'A/x.jpg', mask: 'A/x.png' },
      { image: 'A/x-1.png', mask: 'A/x-1.png' },
      { image: 'a/X-2.jpg', mask: 'a/X-2.png' },
      { image: 'y.png', mask: 'y.png' },
      { image: 'x-0.jpg', mask: 'x-0.png' },
      { image: 'A/x-1-5.jpg', mask: 'A/x-1-5.png' },
    ]);
  });

  it('lists categories without the background, by class id', () => {
    expect(cocoCategories(record({}))).toEqual([
      { id: 1, name: 'rectangle' },
      { id: 2, name: 'ellipse' },
    ]);
    expect(cocoCategories(record({ kind: 'classification', classes: ['background', 'cat'] }))).toEqual([
      { id: 0, name: 'background' },
      { id: 1, name: 'cat' },
    ]);
  });

  it('carries the record in the COCO info and turns classes into region instances', () => {
    const gen = { params: {} as never, seed: 4 };
    expect(cocoInfo(record({ generator: gen }))).toMatchObject({
      kind: 'shapes',
      split: DEFAULT_SPLIT,
      generator: gen,
      samples: 3,
    });
    expect(classRegionInstances(meta(0, 'x', [1, 3])).map((i) => [i.id, i.category])).toEqual([
      [1, 1],
      [3, 3],
    ]);
  });
});
