// Storage code is typed against the DOM's IndexedDB; fake-indexeddb provides it at run time.
/// <reference lib="dom" />
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadDataset, removeNoisy, resplit } from '../../src/client/datasetOps';
import { countSplits, DEFAULT_SPLIT } from '../../src/core/data/splits';
import { newId, putDataset, readChunk, readSample, requireDataset, writeBatch } from '../../src/storage';
import type { DatasetRecord, SampleData, SampleMeta, Split } from '../../src/protocol/records';

/** 3 chunks of 40 shapes samples; sample i has minVisible (i % 10) / 10 + 0.05 and class 1 or 2. */
async function makeDataset(): Promise<string> {
  const id = newId();
  const rec: DatasetRecord = {
    id,
    name: 'ops',
    kind: 'shapes',
    createdAt: Date.now(),
    updatedAt: Date.now(),
    classes: ['background', 'rectangle', 'ellipse'],
    count: 0,
    chunks: [],
    nextIndex: 0,
    bytes: 0,
    split: DEFAULT_SPLIT,
    removals: [],
    status: 'ready',
  };
  for (let c = 0; c < 3; c++) {
    const metas: SampleMeta[] = [];
    const data: SampleData[] = [];
    for (let i = c * 40; i < (c + 1) * 40; i++) {
      const cls = i % 3 === 0 ? 2 : 1;
      const vis = (i % 10) / 10 + 0.05;
      metas.push({
        index: i,
        name: `${i}.png`,
        width: 32,
        height: 32,
        split: 'train',
        classes: [cls],
        instances: [
          { id: 1, category: cls, bbox: [0, 0, 4, 4], area: 16, visibleFraction: vis, color: [1, 2, 3] },
        ],
        minVisible: vis,
      });
      data.push({ image: new Uint8Array(10).buffer, imageType: 'image/png' });
    }
    await writeBatch(id, c, metas, data);
    rec.chunks.push(c);
    rec.count += 40;
    rec.nextIndex += 40;
    rec.bytes += 400;
  }
  await putDataset(rec);
  return id;
}

describe('datasetOps', () => {
  let id: string;
  beforeEach(async () => {
    id = await makeDataset();
  });

  it('loads the record and every meta', async () => {
    const { record, metas } = await loadDataset(id);
    expect(record.count).toBe(120);
    expect(metas.map((m) => m.index)).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it('resplits every chunk, stratified, and stores the config', async () => {
    const config = { seed: 42, train: 0.5, val: 0.25, test: 0.25 };
    const rec = await resplit(id, config);
    expect(rec.split).toEqual(config);
    expect((await requireDataset(id)).split).toEqual(config);
    const { metas } = await loadDataset(id);
    expect(metas).toHaveLength(120);
    // 40 samples of class 2 and 80 of class 1: halves and quarters of each.
    const per = (cls: number) =>
      countSplits(new Map(metas.filter((m) => m.classes[0] === cls).map((m) => [m.index, m.split])));
    expect(per(2)).toEqual({ train: 20, val: 10, test: 10 });
    expect(per(1)).toEqual({ train: 40, val: 20, test: 20 });
    // Chunks keep their samples; only the split changes.
    expect((await readChunk(id, 1)).map((m) => m.index)).toEqual(
      Array.from({ length: 40 }, (_, i) => 40 + i),
    );

    const again = await loadDataset(id);
    await resplit(id, config);
    expect((await loadDataset(id)).metas).toEqual(again.metas);
  });

  it('refuses bad split fractions before touching anything', async () => {
    await expect(resplit(id, { seed: 1, train: 0, val: 0, test: 0 })).rejects.toMatchObject({
      code: 'invalid-params',
    });
    expect((await requireDataset(id)).split).toEqual(DEFAULT_SPLIT);
  });

  it('removes noisy samples of one split and records the removal', async () => {
    await resplit(id, { seed: 1, train: 0.5, val: 0.5, test: 0 });
    const before = await loadDataset(id);
    const expected = before.metas.filter((m) => m.split === 'val' && m.minVisible < 0.5).map((m) => m.index);
    expect(expected.length).toBeGreaterThan(0);

    const { removed, record } = await removeNoisy(id, 0.5, 'val');
    expect(removed).toBe(expected.length);
    expect(record.count).toBe(120 - removed);
    expect(record.bytes).toBe(Math.round(1200 * (1 - removed / 120)));
    expect(record.removals).toEqual([{ maxHidden: 0.5, split: 'val', removed, at: expect.any(Number) }]);

    const after = await loadDataset(id);
    expect(after.metas).toHaveLength(120 - removed);
    const gone = new Set(expected);
    expect(after.metas.some((m) => gone.has(m.index))).toBe(false);
    // Kept samples keep their splits; removed samples' bytes are gone.
    const splitOf = new Map<number, Split>(before.metas.map((m) => [m.index, m.split]));
    for (const m of after.metas) expect(m.split).toBe(splitOf.get(m.index));
    expect(await readSample(id, expected[0])).toBeUndefined();
    expect(after.metas.filter((m) => m.split === 'train' && m.minVisible < 0.5).length).toBeGreaterThan(0);
  });

  it('drops chunks that become empty from the record', async () => {
    const { removed, record } = await removeNoisy(id, 0, 'all');
    expect(removed).toBe(120);
    expect(record).toMatchObject({ count: 0, chunks: [], bytes: 0 });
    expect(await readChunk(id, 0)).toEqual([]);
  });

  it('records a run that removes nothing without rewriting chunks', async () => {
    const { removed, record } = await removeNoisy(id, 1, 'all');
    expect(removed).toBe(0);
    expect(record.count).toBe(120);
    expect(record.removals).toHaveLength(1);
  });
});
