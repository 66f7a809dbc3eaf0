// Storage code is typed against the DOM's IndexedDB; fake-indexeddb provides it at run time.
/// <reference lib="dom" />
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteDataset,
  deleteUnlisted,
  getDataset,
  listDatasets,
  newId,
  putDataset,
  readAllMeta,
  readChunk,
  readSample,
  renameDataset,
  requireDataset,
  rewriteChunks,
  updateDataset,
  writeBatch,
} from '../../src/storage';
import { DEFAULT_SPLIT } from '../../src/core/data/splits';
import { TilewrightError } from '../../src/core/errors';
import type { DatasetRecord, SampleData, SampleMeta } from '../../src/protocol/records';

function record(id: string, over: Partial<DatasetRecord> = {}): DatasetRecord {
  return {
    id,
    name: `set ${id}`,
    kind: 'segmentation',
    createdAt: Date.now(),
    updatedAt: Date.now(),
    classes: ['background', 'class 1'],
    count: 0,
    chunks: [],
    nextIndex: 0,
    bytes: 0,
    split: DEFAULT_SPLIT,
    removals: [],
    status: 'writing',
    ...over,
  };
}

function batch(start: number, n: number): { metas: SampleMeta[]; data: SampleData[] } {
  const metas: SampleMeta[] = [];
  const data: SampleData[] = [];
  for (let i = start; i < start + n; i++) {
    metas.push({
      index: i,
      name: `${i}.png`,
      width: 4,
      height: 4,
      split: 'train',
      classes: [1],
      minVisible: 1,
    });
    data.push({
      image: new Uint8Array([i & 255, 1, 2, 3]).buffer,
      imageType: 'image/png',
      mask: new Uint8Array([9, i & 255]).buffer,
    });
  }
  return { metas, data };
}

/** Writes a batch as the import worker does: samples first, then the record once the batch has committed. */
async function append(id: string, chunk: number, start: number, n: number) {
  const { metas, data } = batch(start, n);
  await writeBatch(id, chunk, metas, data);
  await updateDataset(id, (r) => ({
    ...r,
    count: r.count + n,
    chunks: [...r.chunks, chunk],
    nextIndex: start + n,
    bytes: r.bytes + n * 6,
  }));
}

describe('storage', () => {
  let id: string;
  beforeEach(async () => {
    id = newId();
    await putDataset(record(id));
  });
  afterEach(async () => {
    await deleteDataset(id);
  });

  it('writes batches and reads metadata back in chunk order, with ArrayBuffers intact', async () => {
    await append(id, 0, 0, 3);
    await append(id, 1, 3, 2);
    const rec = await requireDataset(id);
    expect(rec).toMatchObject({ count: 5, chunks: [0, 1], nextIndex: 5, bytes: 30 });
    const metas = await readAllMeta(rec);
    expect(metas.map((m) => m.index)).toEqual([0, 1, 2, 3, 4]);
    expect((await readChunk(id, 1)).map((m) => m.name)).toEqual(['3.png', '4.png']);
    const s = await readSample(id, 4);
    expect(s?.image).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(s!.image)]).toEqual([4, 1, 2, 3]);
    expect([...new Uint8Array(s!.mask!)]).toEqual([9, 4]);
    expect(await readSample(id, 5)).toBeUndefined();
  });

  it('rewrites chunks and deletes samples in one call', async () => {
    await append(id, 0, 0, 3);
    await append(id, 1, 3, 2);
    const c0 = (await readChunk(id, 0)).map((m) => ({ ...m, split: 'val' as const }));
    await rewriteChunks(
      id,
      new Map([
        [0, c0.filter((m) => m.index !== 1)],
        [1, []],
      ]),
      [1, 3, 4],
    );
    expect((await readChunk(id, 0)).map((m) => [m.index, m.split])).toEqual([
      [0, 'val'],
      [2, 'val'],
    ]);
    expect(await readChunk(id, 1)).toEqual([]);
    expect(await readSample(id, 1)).toBeUndefined();
    expect(await readSample(id, 3)).toBeUndefined();
    expect(await readSample(id, 2)).toBeDefined();
  });

  it('deletes what an interrupted job wrote but the record never listed, and nothing else', async () => {
    await append(id, 0, 0, 3);
    // Batches whose transactions committed but whose job died before updating the record.
    const orphanA = batch(3, 2);
    await writeBatch(id, 1, orphanA.metas, orphanA.data);
    const orphanB = batch(5, 1);
    await writeBatch(id, 7, orphanB.metas, orphanB.data);
    const rec = await requireDataset(id);
    expect(rec.chunks).toEqual([0]);

    expect(await deleteUnlisted(rec)).toBe(3);
    for (const i of [3, 4, 5]) expect(await readSample(id, i)).toBeUndefined();
    expect(await readChunk(id, 1)).toEqual([]);
    expect(await readChunk(id, 7)).toEqual([]);
    for (const i of [0, 1, 2]) expect(await readSample(id, i)).toBeDefined();
    expect((await readAllMeta(rec)).map((m) => m.index)).toEqual([0, 1, 2]);
    expect(await deleteUnlisted(rec)).toBe(0);
  });

  it('lists, renames and deletes datasets with all their samples', async () => {
    const other = newId();
    await putDataset(record(other, { createdAt: Date.now() + 1000 }));
    await append(other, 0, 0, 2);
    await append(id, 0, 0, 2);
    expect((await listDatasets()).map((d) => d.id).slice(0, 2)).toEqual([other, id]);

    const renamed = await renameDataset(other, '  New name ');
    expect(renamed.name).toBe('New name');
    expect((await getDataset(other))?.name).toBe('New name');
    await expect(renameDataset(other, '   ')).rejects.toMatchObject({ code: 'invalid-params' });

    await deleteDataset(other);
    expect(await getDataset(other)).toBeUndefined();
    expect(await readChunk(other, 0)).toEqual([]);
    expect(await readSample(other, 0)).toBeUndefined();
    // The other dataset's samples are untouched.
    expect(await readSample(id, 1)).toBeDefined();
    await expect(requireDataset(other)).rejects.toMatchObject({ code: 'not-found' });
  });

  describe('a full disk', () => {
    const original = IDBObjectStore.prototype.put;
    afterEach(() => {
      IDBObjectStore.prototype.put = original;
    });

    /**
     * The Nth put from now fails with QuotaExceededError when the transaction runs it, as a browser's request
     * does when the origin's quota is used up: the error event fires and the transaction aborts with that error.
     * (Goes through fake-indexeddb's request queue, the only way to fail a request after it was queued.)
     */
    function failPutNumber(n: number) {
      let calls = 0;
      IDBObjectStore.prototype.put = function (
        this: IDBObjectStore,
        ...args: Parameters<IDBObjectStore['put']>
      ) {
        if (++calls === n) {
          const tx = this.transaction as unknown as {
            _execRequestAsync: (o: { operation: () => unknown }) => IDBRequest;
          };
          const exec = tx._execRequestAsync;
          tx._execRequestAsync = (o) => {
            tx._execRequestAsync = exec;
            return exec.call(tx, {
              ...o,
              operation: () => {
                throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
              },
            });
          };
        }
        return original.apply(this, args);
      };
    }

    /** The Nth put from now throws at once (what put does for values it cannot clone, and what a test double of a full disk often does). */
    function throwOnPutNumber(n: number) {
      let calls = 0;
      IDBObjectStore.prototype.put = function (
        this: IDBObjectStore,
        ...args: Parameters<IDBObjectStore['put']>
      ) {
        if (++calls === n) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }

    // Two ways a put fails: when the transaction runs it (a real full disk) and at once (put throwing).
    // Both must abort the whole batch and reach the caller as 'storage-full'.
    for (const [how, fail] of [
      ['when the request runs', failPutNumber],
      ['synchronously from put', throwOnPutNumber],
    ] as const) {
      it(`fails the whole batch with storage-full and leaves the dataset consistent (put failing ${how})`, async () => {
        await append(id, 0, 0, 3);
        fail(3); // the chunk and one sample are put, the second sample fails
        const { metas, data } = batch(3, 4);
        const err = await writeBatch(id, 1, metas, data).catch((e: unknown) => e);
        IDBObjectStore.prototype.put = original;

        // The record is untouched (the worker updates it only after a batch commits) ...
        const rec = await requireDataset(id);
        expect(rec).toMatchObject({ count: 3, chunks: [0], nextIndex: 3 });
        expect((await readAllMeta(rec)).map((m) => m.index)).toEqual([0, 1, 2]);
        // ... nothing of the failed batch was stored, neither its chunk nor any of its samples ...
        expect(await readChunk(id, 1)).toEqual([]);
        for (let i = 3; i < 7; i++) expect(await readSample(id, i)).toBeUndefined();
        // ... the error says the disk is full ...
        expect(err).toBeInstanceOf(TilewrightError);
        expect((err as TilewrightError).code).toBe('storage-full');
        // ... and earlier samples are still there, and later writes work again.
        expect(await readSample(id, 2)).toBeDefined();
        await append(id, 1, 3, 1);
        expect((await requireDataset(id)).count).toBe(4);
      });
    }

    it('maps a quota error on the record to storage-full too', async () => {
      failPutNumber(1);
      const err = await updateDataset(id, (r) => ({ ...r, name: 'x' })).catch((e: unknown) => e);
      expect((err as TilewrightError).code).toBe('storage-full');
      IDBObjectStore.prototype.put = original;
      expect((await requireDataset(id)).name).toBe(`set ${id}`);
    });
  });
});
