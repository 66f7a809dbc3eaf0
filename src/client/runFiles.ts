// Run files on the page, without a worker: checkpoint zips out (export is a read of the stored bytes)
// and in (a checkpoint becomes an imported run), and a dropped tfjs model read for the worker to inspect.
import { TilewrightError } from '../core/errors';
import { readCheckpoint, type ModelFiles, type WeightSpec } from '../core/train/checkpoint';
import { BACKEND_NAMES, stepsPerEpoch } from '../core/train/config';
import type { CheckpointInfo, RunRecord, RunSummary } from '../protocol/runs';
import { checkpointKey, deleteRun, getCheckpoint, newId, putCheckpoint, putRun } from '../storage';
import { downloadBlob, safeFileName } from './download';

export function checkpointFileName(info: CheckpointInfo, run: Pick<RunRecord, 'name'>): string {
  return `${safeFileName(run.name)}-${info.kind}-epoch${info.epoch}.zip`;
}

/** Downloads the stored checkpoint zip, the same bytes the worker wrote. */
export async function exportCheckpoint(info: CheckpointInfo, run: RunRecord): Promise<void> {
  const bytes = await getCheckpoint(info.key);
  const view = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  downloadBlob(new Blob([view], { type: 'application/zip' }), checkpointFileName(info, run));
}

/**
 * A checkpoint file becomes a run of its own (status 'imported'): its config, history and set-up come
 * from the file, and the file itself is stored as the run's one checkpoint. A bad file stores nothing.
 */
export async function importCheckpointFile(file: File): Promise<RunRecord> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new TilewrightError('bad-file', `${file.name} could not be read.`, file.name);
  }
  const { meta, config, history } = readCheckpoint(bytes, file.name);
  const id = newId();
  const now = Date.now();
  const train = meta.split?.train.length ?? 0;
  const perEpoch = stepsPerEpoch(config, Math.max(1, train));
  const summary: RunSummary = {
    dataset: { id: meta.dataset.id, name: meta.dataset.name, train, val: meta.split?.val.length ?? 0 },
    classes: meta.classes,
    inputShape: meta.inputShape,
    model: meta.model,
    params: meta.params,
    backend: BACKEND_NAMES.find((b) => b === meta.backend) ?? 'cpu',
    adapter: '',
    batchSize: config.batch_size,
    effectiveBatch: config.batch_size * config.grad_accum_steps,
    stepsPerEpoch: perEpoch,
    totalSteps: perEpoch * config.epochs,
    mean: meta.mean,
    std: meta.std,
  };
  const info: CheckpointInfo = {
    key: checkpointKey(id, meta.kind === 'epoch' ? `epoch-${meta.position.epoch}` : meta.kind),
    kind: meta.kind,
    epoch: meta.position.epoch,
    step: meta.position.step,
    metric: meta.metric,
    bytes: bytes.byteLength,
    createdAt: meta.createdAt ?? now,
  };
  const rec: RunRecord = {
    id,
    name: `${meta.run?.name || file.name.replace(/\.zip$/i, '')} (imported)`,
    createdAt: now,
    updatedAt: now,
    datasetId: null,
    config,
    status: 'imported',
    summary,
    history,
    position: meta.position,
    checkpoints: [],
    split: meta.split,
  };
  await putRun(rec);
  try {
    return await putCheckpoint(id, info, bytes);
  } catch (e) {
    await deleteRun(id).catch(() => undefined);
    throw e;
  }
}

/**
 * Reads a dropped tfjs LayersModel: model.json and the weight files its weightsManifest names, joined
 * into one buffer. Each missing or unreadable file is named.
 */
export async function readModelFiles(files: File[]): Promise<{ model: ModelFiles; name: string }> {
  const byName = new Map(files.map((f) => [baseName(f.name), f]));
  const modelFile = byName.get('model.json') ?? files.find((f) => f.name.toLowerCase().endsWith('.json'));
  if (!modelFile)
    throw new TilewrightError(
      'bad-file',
      'model.json is missing: drop it together with its weight files.',
      'model.json',
    );
  let modelJson: { modelTopology?: object; weightsManifest?: { paths: string[]; weights: WeightSpec[] }[] };
  try {
    modelJson = JSON.parse(await modelFile.text());
  } catch {
    throw new TilewrightError('bad-file', `${modelFile.name} is not JSON.`, modelFile.name);
  }
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest))
    throw new TilewrightError(
      'bad-file',
      `${modelFile.name} has no modelTopology or weightsManifest: it is not a tfjs LayersModel.`,
      modelFile.name,
    );
  const weightSpecs: WeightSpec[] = [];
  const parts: ArrayBuffer[] = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) {
      const f = byName.get(baseName(path));
      if (!f)
        throw new TilewrightError(
          'bad-file',
          `${baseName(path)} is missing: ${modelFile.name} lists it in its weightsManifest.`,
          baseName(path),
        );
      parts.push(await f.arrayBuffer());
    }
  }
  const model: ModelFiles = { modelTopology: modelJson.modelTopology, weightSpecs, weightData: join(parts) };
  return { model, name: folderName(modelFile) ?? modelFile.name.replace(/\.json$/i, '') };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function folderName(f: File): string | undefined {
  const parts = (f.webkitRelativePath || '').split('/');
  return parts.length > 1 ? parts[parts.length - 2] : undefined;
}

function join(parts: ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out.buffer;
}
