import { describe, expect, it } from 'vitest';
import { occlusionBin, summarize } from '../../src/core/data/summary';
import { DEFAULT_SPLIT } from '../../src/core/data/splits';
import type { DatasetRecord, InstanceMeta, SampleMeta } from '../../src/protocol/records';

function record(over: Partial<DatasetRecord>): DatasetRecord {
  return {
    id: 'd',
    name: 'd',
    kind: 'shapes',
    createdAt: 0,
    updatedAt: 0,
    classes: ['background', 'rectangle', 'ellipse'],
    count: 0,
    chunks: [],
    nextIndex: 0,
    bytes: 0,
    split: DEFAULT_SPLIT,
    removals: [],
    status: 'ready',
    ...over,
  };
}

const inst = (id: number, category: number, visibleFraction: number): InstanceMeta => ({
  id,
  category,
  bbox: [0, 0, 1, 1],
  area: 1,
  visibleFraction,
  color: [0, 0, 0],
});

describe('summarize', () => {
  it('counts instances of an imported instance dataset, even before any sample has one', () => {
    const empty: SampleMeta = {
      index: 0,
      name: 'a',
      width: 8,
      height: 8,
      split: 'train',
      classes: [],
      instances: [],
      minVisible: 1,
    };
    const s = summarize(record({ kind: 'instances', classes: ['background', 'roof'] }), [empty]);
    expect(s.classes).toEqual([{ id: 1, name: 'roof', images: 0, instances: 0 }]);
    expect(s.occlusion).toEqual(new Array(10).fill(0));
    const withOne = { ...empty, classes: [1], instances: [inst(1, 1, 0.4)], minVisible: 0.4 };
    const t = summarize(record({ kind: 'instances', classes: ['background', 'roof'] }), [withOne]);
    expect(t.classes[0]).toMatchObject({ images: 1, instances: 1 });
    expect(t.occlusion![6]).toBe(1);
  });

  it('summarises a shapes dataset', () => {
    const metas: SampleMeta[] = [
      {
        index: 0,
        name: 'a',
        width: 64,
        height: 64,
        split: 'train',
        classes: [1, 2],
        instances: [inst(1, 1, 1), inst(2, 1, 0.7), inst(3, 2, 0.05)],
        minVisible: 0.05,
      },
      {
        index: 1,
        name: 'b',
        width: 64,
        height: 64,
        split: 'val',
        classes: [2],
        instances: [inst(1, 2, 0.95)],
        minVisible: 0.95,
      },
      {
        index: 2,
        name: 'c',
        width: 32,
        height: 48,
        split: 'train',
        classes: [],
        instances: [],
        minVisible: 1,
      },
    ];
    const s = summarize(
      record({
        removals: [
          { maxHidden: 0.5, split: 'all', removed: 4, at: 1 },
          { maxHidden: 0.2, split: 'val', removed: 1, at: 2 },
        ],
      }),
      metas,
    );
    expect(s.count).toBe(3);
    expect(s.classes).toEqual([
      { id: 1, name: 'rectangle', images: 1, instances: 2 },
      { id: 2, name: 'ellipse', images: 2, instances: 2 },
    ]);
    expect(s.sizes).toEqual([
      { width: 64, height: 64, count: 2 },
      { width: 32, height: 48, count: 1 },
    ]);
    expect(s.splits.train).toEqual({ count: 2, perClass: [0, 1, 1] });
    expect(s.splits.val).toEqual({ count: 1, perClass: [0, 0, 1] });
    expect(s.splits.test).toEqual({ count: 0, perClass: [0, 0, 0] });
    // hidden: 0, 0.3, 0.95, 0.05
    expect(s.occlusion).toEqual([2, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(s.removed).toBe(5);
  });

  it('summarises a classification dataset by label, with no occlusion', () => {
    const metas: SampleMeta[] = [0, 1, 1, 2].map((label, index) => ({
      index,
      name: `${index}`,
      width: 64,
      height: 64,
      split: index === 3 ? 'test' : 'train',
      label,
      classes: [label],
      minVisible: 1,
    }));
    const s = summarize(record({ kind: 'classification', classes: ['A', 'B', 'C'] }), metas);
    expect(s.classes.map((c) => [c.name, c.images, c.instances])).toEqual([
      ['A', 1, null],
      ['B', 2, null],
      ['C', 1, null],
    ]);
    expect(s.splits.test.perClass).toEqual([0, 0, 1]);
    expect(s.occlusion).toBeNull();
    expect(s.removed).toBe(0);
  });

  it('skips the background of segmentation data', () => {
    const s = summarize(record({ kind: 'segmentation', classes: ['background', 'class 1'] }), [
      { index: 0, name: 'x', width: 2, height: 2, split: 'train', classes: [1], minVisible: 1 },
    ]);
    expect(s.classes).toEqual([{ id: 1, name: 'class 1', images: 1, instances: null }]);
    expect(s.occlusion).toBeNull();
  });

  it('bins hidden fractions with the edges in the upper bin', () => {
    expect(occlusionBin(0)).toBe(0);
    expect(occlusionBin(1 - 0.7)).toBe(3);
    expect(occlusionBin(0.0999)).toBe(0);
    expect(occlusionBin(1)).toBe(9);
  });
});
