// Evaluations: the small records, and beside them (by the same id) the per-sample scores and the
// checkpoint file they came from, so an evaluation still opens, and explains samples, after its run
// trained on or was deleted.
import { createStore, del, get, type UseStore } from 'idb-keyval';
import { TilewrightError } from '../core/errors';
import type { EvaluationRecord, StoredSamples } from '../protocol/evaluations';
import { done, request, storageError } from './idb';

interface EvaluationData {
  samples: StoredSamples;
  /** The checkpoint zip as evaluated. */
  checkpoint: Uint8Array;
}

let recordsStore: UseStore | undefined;
let dataStore: UseStore | undefined;
const records = () => (recordsStore ??= createStore('tilewright-evaluations', 'evaluations'));
const data = () => (dataStore ??= createStore('tilewright-evaluation-data', 'evaluation-data'));

export async function listEvaluations(): Promise<EvaluationRecord[]> {
  const all = await records()('readonly', (s) => request(s.getAll() as IDBRequest<EvaluationRecord[]>));
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

export async function getEvaluation(id: string): Promise<EvaluationRecord | undefined> {
  return get<EvaluationRecord>(id, records());
}

export async function requireEvaluation(id: string): Promise<EvaluationRecord> {
  const rec = await getEvaluation(id);
  if (!rec) throw new TilewrightError('not-found', `Evaluation ${id} no longer exists.`, id);
  return rec;
}

/** Stores the data first, then the record: a record is never listed without its samples. */
export async function putEvaluation(
  rec: EvaluationRecord,
  samples: StoredSamples,
  checkpoint: Uint8Array,
): Promise<void> {
  try {
    await data()('readwrite', async (s) => {
      s.put({ samples, checkpoint } satisfies EvaluationData, rec.id);
      await done(s.transaction);
    });
    await records()('readwrite', async (s) => {
      s.put(rec, rec.id);
      await done(s.transaction);
    });
  } catch (e) {
    await del(rec.id, data()).catch(() => undefined);
    throw storageError(e, `evaluation "${rec.name}"`);
  }
}

async function requireData(id: string): Promise<EvaluationData> {
  const d = await get<EvaluationData>(id, data());
  if (!d) throw new TilewrightError('not-found', `The samples of evaluation ${id} are missing.`, id);
  return d;
}

export async function getEvaluationSamples(id: string): Promise<StoredSamples> {
  return (await requireData(id)).samples;
}

export async function getEvaluationCheckpoint(id: string): Promise<Uint8Array> {
  return (await requireData(id)).checkpoint;
}

export async function renameEvaluation(id: string, name: string): Promise<EvaluationRecord> {
  const trimmed = name.trim();
  if (!trimmed) throw new TilewrightError('invalid-params', 'An evaluation name cannot be empty.', 'name');
  try {
    return await records()('readwrite', async (s) => {
      const rec = (await request(s.get(id))) as EvaluationRecord | undefined;
      if (!rec) throw new TilewrightError('not-found', `Evaluation ${id} no longer exists.`, id);
      const next = { ...rec, name: trimmed };
      s.put(next, id);
      await done(s.transaction);
      return next;
    });
  } catch (e) {
    throw storageError(e, `evaluation ${id}`);
  }
}

export async function deleteEvaluation(id: string): Promise<void> {
  await del(id, records());
  await del(id, data());
}
