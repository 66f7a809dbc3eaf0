// IndexedDB behind one small API, used by workers and the page alike.
// Two idb-keyval stores: dataset records (small, listed often) and sample data (large, keyed by dataset).
// A batch of samples and its metadata chunk go in one transaction, so a failed or aborted write
// leaves nothing half-written; the dataset record is updated only after the batch has committed.
import { createStore, get, set, del, getMany, type UseStore } from 'idb-keyval';
import { TilewrightError } from '../core/errors';
import { done, request, storageError } from './idb';
import type { DatasetRecord, SampleData, SampleMeta } from '../protocol/records';

let datasetsStore: UseStore | undefined;
let samplesStore: UseStore | undefined;

function datasets(): UseStore {
  return (datasetsStore ??= createStore('tilewright-datasets', 'datasets'));
}
function samples(): UseStore {
  return (samplesStore ??= createStore('tilewright-samples', 'samples'));
}

const metaKey = (datasetId: string, chunk: number) => `meta/${datasetId}/${chunk}`;
const sampleKey = (datasetId: string, index: number) => `s/${datasetId}/${index}`;

// ---- datasets ----

export async function listDatasets(): Promise<DatasetRecord[]> {
  const all = await datasets()('readonly', (s) => request(s.getAll() as IDBRequest<DatasetRecord[]>));
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

export async function getDataset(id: string): Promise<DatasetRecord | undefined> {
  return get<DatasetRecord>(id, datasets());
}

export async function requireDataset(id: string): Promise<DatasetRecord> {
  const rec = await getDataset(id);
  if (!rec) throw new TilewrightError('not-found', `Dataset ${id} no longer exists.`, id);
  return rec;
}

export async function putDataset(rec: DatasetRecord): Promise<void> {
  try {
    await set(rec.id, rec, datasets());
  } catch (e) {
    throw storageError(e, `dataset "${rec.name}"`);
  }
}

/** Read-modify-write of one dataset record inside one transaction. */
export async function updateDataset(
  id: string,
  change: (rec: DatasetRecord) => DatasetRecord,
): Promise<DatasetRecord> {
  try {
    return await datasets()('readwrite', async (s) => {
      const rec = (await request(s.get(id))) as DatasetRecord | undefined;
      if (!rec) throw new TilewrightError('not-found', `Dataset ${id} no longer exists.`, id);
      const next = { ...change(rec), updatedAt: Date.now() };
      s.put(next, id);
      await done(s.transaction);
      return next;
    });
  } catch (e) {
    throw storageError(e, `dataset ${id}`);
  }
}

export async function renameDataset(id: string, name: string): Promise<DatasetRecord> {
  const trimmed = name.trim();
  if (!trimmed) throw new TilewrightError('invalid-params', 'A dataset name cannot be empty.', 'name');
  return updateDataset(id, (r) => ({ ...r, name: trimmed }));
}

/** Deletes the record first (the dataset disappears at once), then every sample and chunk under it. */
export async function deleteDataset(id: string): Promise<void> {
  await del(id, datasets());
  await deleteSamplesOf(id);
}

async function deleteSamplesOf(id: string): Promise<void> {
  await samples()('readwrite', (s) => {
    for (const prefix of [`meta/${id}/`, `s/${id}/`]) s.delete(IDBKeyRange.bound(prefix, prefix + '\uffff'));
    return done(s.transaction);
  });
}

// ---- samples ----

/**
 * Writes one batch: its samples and its metadata chunk, in a single transaction.
 * Either all of it is stored or none (a full disk aborts the whole batch).
 */
export async function writeBatch(
  datasetId: string,
  chunk: number,
  metas: SampleMeta[],
  data: SampleData[],
): Promise<void> {
  if (metas.length !== data.length) throw new Error('writeBatch: metas and data differ in length');
  try {
    await samples()('readwrite', (s) => {
      const finished = done(s.transaction);
      try {
        s.put(metas, metaKey(datasetId, chunk));
        for (let i = 0; i < metas.length; i++) s.put(data[i], sampleKey(datasetId, metas[i].index));
      } catch (e) {
        // A put that throws at once (e.g. DataCloneError) would otherwise let the earlier puts commit.
        finished.catch(() => undefined);
        s.transaction.abort();
        throw e;
      }
      return finished;
    });
  } catch (e) {
    throw storageError(e, `samples ${metas[0]?.name ?? ''}…`);
  }
}

/** Metadata of every sample of a dataset, in chunk order. */
export async function readAllMeta(rec: DatasetRecord): Promise<SampleMeta[]> {
  const chunks = await getMany<SampleMeta[] | undefined>(
    rec.chunks.map((c) => metaKey(rec.id, c)),
    samples(),
  );
  return chunks.flatMap((c) => c ?? []);
}

export async function readChunk(datasetId: string, chunk: number): Promise<SampleMeta[]> {
  return (await get<SampleMeta[]>(metaKey(datasetId, chunk), samples())) ?? [];
}

export async function readSample(datasetId: string, index: number): Promise<SampleData | undefined> {
  return get<SampleData>(sampleKey(datasetId, index), samples());
}

/**
 * Replaces metadata chunks (e.g. new splits) and deletes the given samples, in one transaction.
 * Chunks mapped to an empty list are removed.
 */
export async function rewriteChunks(
  datasetId: string,
  chunks: Map<number, SampleMeta[]>,
  deleteIndices: number[] = [],
): Promise<void> {
  try {
    await samples()('readwrite', (s) => {
      for (const [chunk, metas] of chunks) {
        if (metas.length) s.put(metas, metaKey(datasetId, chunk));
        else s.delete(metaKey(datasetId, chunk));
      }
      for (const i of deleteIndices) s.delete(sampleKey(datasetId, i));
      return done(s.transaction);
    });
  } catch (e) {
    throw storageError(e, `dataset ${datasetId}`);
  }
}

/**
 * Deletes what interrupted jobs wrote but the record never listed: metadata chunks missing from
 * `rec.chunks` and the samples they name (a batch writes both in one transaction, so its chunk finds
 * them). Returns how many samples went.
 */
export async function deleteUnlisted(rec: DatasetRecord): Promise<number> {
  const listed = new Set(rec.chunks);
  const prefix = `meta/${rec.id}/`;
  try {
    return await samples()('readwrite', async (s) => {
      const finished = done(s.transaction);
      const keys = (await request(s.getAllKeys(IDBKeyRange.bound(prefix, prefix + '\uffff')))).map(String);
      let removed = 0;
      for (const key of keys.filter((k) => !listed.has(Number(k.slice(prefix.length))))) {
        const metas = ((await request(s.get(key))) as SampleMeta[] | undefined) ?? [];
        for (const m of metas) s.delete(sampleKey(rec.id, m.index));
        s.delete(key);
        removed += metas.length;
      }
      await finished;
      return removed;
    });
  } catch (e) {
    throw storageError(e, `dataset ${rec.id}`);
  }
}

export * from './runs';
export * from './evaluations';

// ---- quota ----

export interface StorageEstimate {
  usage: number;
  quota: number;
  persisted: boolean;
}

export async function estimateStorage(): Promise<StorageEstimate | null> {
  const storage = (globalThis.navigator as { storage?: StorageManager } | undefined)?.storage;
  if (!storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await storage.estimate();
  const persisted = storage.persisted ? await storage.persisted() : false;
  return { usage, quota, persisted };
}

export function newId(): string {
  return globalThis.crypto.randomUUID();
}
