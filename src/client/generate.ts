// Bridge to the generation workers: one pool (a worker per core) for the whole job, terminated at the end
// or on cancel. Batches are handed out in order; each is stored by its worker in one transaction, and the
// dataset record is updated here once the batch has committed, so the record never lists missing samples.
import { wrap, type Remote } from 'comlink';
import { GenerateJobSchema, fieldErrors, type ShapesParams } from '../core/generate/params';
import { SHAPE_CLASSES } from '../core/generate/types';
import { TilewrightError } from '../core/errors';
import { newDatasetRecord } from '../core/data/newRecord';
import { deleteUnlisted, newId, putDataset, requireDataset, updateDataset } from '../storage';
import { resplit } from './datasetOps';
import type { DatasetRecord } from '../protocol/records';
import type { JobEvent } from '../protocol/jobs';
import type { GenerateBatchJob, GenerateWorkerApi } from '../protocol/workers';

export interface GenerateRequest {
  /** Append to this dataset (with its stored parameters and seed) instead of making a new one. */
  datasetId?: string;
  name: string;
  seed: number;
  count: number;
  params: ShapesParams;
}

const BATCH = 64;

export function poolSize(): number {
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8));
}

export function startGenerateWorker(): { api: Remote<GenerateWorkerApi>; worker: Worker } {
  const worker = new Worker(new URL('../../workers/generate.worker.ts', import.meta.url), { type: 'module' });
  return { api: wrap<GenerateWorkerApi>(worker), worker };
}

export async function generateDataset(
  signal: AbortSignal,
  req: GenerateRequest,
  onEvent: (e: JobEvent) => void,
): Promise<DatasetRecord> {
  let rec = req.datasetId ? await requireDataset(req.datasetId) : undefined;
  const parsed = GenerateJobSchema.safeParse(
    rec?.generator ? { seed: rec.generator.seed, count: req.count, params: rec.generator.params } : req,
  );
  if (!parsed.success) {
    const [field, message] = Object.entries(fieldErrors(parsed.error))[0];
    throw new TilewrightError('invalid-params', `${field}: ${message}`, field);
  }
  const { seed, count, params } = parsed.data;
  if (rec && rec.kind !== 'shapes')
    throw new TilewrightError(
      'invalid-params',
      `"${rec.name}" is not a shapes dataset: nothing to append.`,
      rec.name,
    );

  if (!rec) {
    rec = newDatasetRecord({
      id: newId(),
      name: req.name.trim() || 'Shapes',
      kind: 'shapes',
      classes: [...SHAPE_CLASSES],
      generator: { params, seed },
    });
    await putDataset(rec);
  } else {
    await deleteUnlisted(rec); // left by an earlier interrupted job, and maybe under the chunk ids used next
    rec = await updateDataset(rec.id, (r) => ({ ...r, status: 'writing' }));
  }
  const datasetId = rec.id;
  onEvent({ kind: 'dataset', datasetId });

  const firstChunk = rec.chunks.length ? Math.max(...rec.chunks) + 1 : 0;
  const batches: GenerateBatchJob[] = [];
  for (let done = 0, b = 0; done < count; done += BATCH, b++) {
    const n = Math.min(BATCH, count - done);
    batches.push({ datasetId, chunk: firstChunk + b, start: rec.nextIndex + done, count: n, seed, params });
  }

  const pool = Array.from({ length: Math.min(poolSize(), batches.length) }, startGenerateWorker);
  let next = 0;
  let stored = 0;
  // Record updates run one after another, so concurrent batch completions never race.
  let recordChain: Promise<unknown> = Promise.resolve();
  const stop = () => pool.forEach((p) => p.worker.terminate());
  signal.addEventListener('abort', stop, { once: true });

  onEvent({ kind: 'progress', done: 0, total: count, phase: 'generating' });
  const runWorker = async (api: Remote<GenerateWorkerApi>) => {
    while (next < batches.length && !signal.aborted) {
      const batch = batches[next++];
      const aborted = new Promise<null>((resolve) =>
        signal.addEventListener('abort', () => resolve(null), { once: true }),
      );
      const result = await Promise.race([api.generateBatch(batch), aborted]);
      if (!result) return;
      recordChain = recordChain.then(() =>
        updateDataset(datasetId, (r) => ({
          ...r,
          count: r.count + batch.count,
          chunks: [...r.chunks, batch.chunk],
          nextIndex: Math.max(r.nextIndex, batch.start + batch.count),
          bytes: r.bytes + result.bytes,
        })),
      );
      await recordChain;
      stored += batch.count;
      onEvent({ kind: 'progress', done: stored, total: count, phase: 'generating' });
    }
  };

  try {
    await Promise.all(pool.map((p) => runWorker(p.api)));
  } catch (e) {
    stop();
    // On a full disk the re-split may fail too: the dataset then stays 'writing', which the list shows
    // as interrupted, with Keep and Delete. The error the person sees is the first one.
    await finish(datasetId).catch(() => undefined);
    throw e;
  } finally {
    signal.removeEventListener('abort', stop);
  }
  stop();
  const final = await finish(datasetId);
  onEvent({ kind: 'done', done: stored, total: count });
  return final;
}

/** Drops what interrupted batches may have written, re-splits, and marks the dataset ready. */
async function finish(datasetId: string): Promise<DatasetRecord> {
  let rec = await requireDataset(datasetId);
  await deleteUnlisted(rec);
  await resplit(datasetId, rec.split);
  rec = await updateDataset(datasetId, (r) => ({ ...r, status: 'ready' }));
  return rec;
}
