// Runs, their checkpoint files and imported backbones. A checkpoint is stored as the very zip a person
// exports, so export is a read and import is a write. Each kind has its own idb-keyval store.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { TilewrightError } from '../core/errors';
import type { BackboneRecord, CheckpointInfo, RunRecord } from '../protocol/runs';
import { done, request, storageError } from './idb';

let runsStore: UseStore | undefined;
let checkpointsStore: UseStore | undefined;
let backbonesStore: UseStore | undefined;

const runs = () => (runsStore ??= createStore('tilewright-runs', 'runs'));
const checkpoints = () => (checkpointsStore ??= createStore('tilewright-checkpoints', 'checkpoints'));
const backbones = () => (backbonesStore ??= createStore('tilewright-backbones', 'backbones'));

/** Checkpoint keys start with the run id, so a run's files can be deleted by range. */
export function checkpointKey(runId: string, name: string): string {
  return `${runId}/${name}`;
}

// ---- runs ----

export async function listRuns(): Promise<RunRecord[]> {
  const all = await runs()('readonly', (s) => request(s.getAll() as IDBRequest<RunRecord[]>));
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

export async function getRun(id: string): Promise<RunRecord | undefined> {
  return get<RunRecord>(id, runs());
}

export async function requireRun(id: string): Promise<RunRecord> {
  const rec = await getRun(id);
  if (!rec) throw new TilewrightError('not-found', `Run ${id} no longer exists.`, id);
  return rec;
}

export async function putRun(rec: RunRecord): Promise<void> {
  try {
    await set(rec.id, rec, runs());
  } catch (e) {
    throw storageError(e, `run "${rec.name}"`);
  }
}

/** Read-modify-write of one run record inside one transaction. */
export async function updateRun(id: string, change: (rec: RunRecord) => RunRecord): Promise<RunRecord> {
  try {
    return await runs()('readwrite', async (s) => {
      const rec = (await request(s.get(id))) as RunRecord | undefined;
      if (!rec) throw new TilewrightError('not-found', `Run ${id} no longer exists.`, id);
      const next = { ...change(rec), updatedAt: Date.now() };
      s.put(next, id);
      await done(s.transaction);
      return next;
    });
  } catch (e) {
    throw storageError(e, `run ${id}`);
  }
}

export async function renameRun(id: string, name: string): Promise<RunRecord> {
  const trimmed = name.trim();
  if (!trimmed) throw new TilewrightError('invalid-params', 'A run name cannot be empty.', 'name');
  return updateRun(id, (r) => ({ ...r, name: trimmed }));
}

/** Deletes the record first (the run disappears at once), then its checkpoint files. */
export async function deleteRun(id: string): Promise<void> {
  await del(id, runs());
  await checkpoints()('readwrite', (s) => {
    s.delete(IDBKeyRange.bound(`${id}/`, `${id}/\uffff`));
    return done(s.transaction);
  });
}

// ---- checkpoints ----

/**
 * Stores a checkpoint file, then lists it on its run (replacing an entry with the same key). A failed
 * write (e.g. a full disk) leaves the previous file under that key and the run record untouched.
 * `change` updates the record in the same transaction (e.g. the history up to this checkpoint).
 */
export async function putCheckpoint(
  runId: string,
  info: CheckpointInfo,
  bytes: Uint8Array,
  change: (rec: RunRecord) => RunRecord = (r) => r,
): Promise<RunRecord> {
  try {
    // Stored as an ArrayBuffer of exactly the file's bytes (a view could carry a larger buffer).
    const buffer =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes.buffer
        : bytes.slice().buffer;
    await set(info.key, buffer, checkpoints());
  } catch (e) {
    throw storageError(e, `checkpoint ${info.kind} of run ${runId}`);
  }
  return updateRun(runId, (r) => ({
    ...change(r),
    checkpoints: [...r.checkpoints.filter((c) => c.key !== info.key), info],
  }));
}

export async function getCheckpoint(key: string): Promise<Uint8Array> {
  const buffer = await get<ArrayBuffer>(key, checkpoints());
  if (!buffer) throw new TilewrightError('not-found', `Checkpoint ${key} no longer exists.`, key);
  return new Uint8Array(buffer);
}

/** Removes a checkpoint file no longer listed (e.g. an older "best"). */
export async function deleteCheckpoint(key: string): Promise<void> {
  await del(key, checkpoints());
}

// ---- backbones ----

export async function listBackbones(): Promise<BackboneRecord[]> {
  const all = await backbones()('readonly', (s) => request(s.getAll() as IDBRequest<BackboneRecord[]>));
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

export async function getBackbone(id: string): Promise<BackboneRecord | undefined> {
  return get<BackboneRecord>(id, backbones());
}

export async function putBackbone(rec: BackboneRecord): Promise<void> {
  try {
    await set(rec.id, rec, backbones());
  } catch (e) {
    throw storageError(e, `model "${rec.name}"`);
  }
}

export async function deleteBackbone(id: string): Promise<void> {
  await del(id, backbones());
}
