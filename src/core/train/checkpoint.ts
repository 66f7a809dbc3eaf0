// The checkpoint file: one zip that holds everything needed to use or continue a run.
//   model/model.json + model/weights.bin   a tfjs LayersModel (loads with plain tf.loadLayersModel)
//   config.json                            the experiment config
//   metrics.csv                            the history, in PyTorch Lightning's CSVLogger format
//   meta.json                              classes, input shape, normalisation, loop position, data split
//   history.json                           the history as data (exact, for resuming)
//   optimizer/state.json + state.bin       optimiser moments, so training resumes exactly
// No tfjs values are imported here, so the page can read and write checkpoint files without tfjs.
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { TilewrightError } from '../errors';
import { ExperimentConfigSchema, type ExperimentConfig } from './config';
import { metricsCsv } from './history';
import type { NamedArray, OptimizerState } from './optimizers';
import type { CheckpointKind, History, LoopPosition } from './types';

export const CHECKPOINT_FORMAT = 'tilewright-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
}

/** A tfjs model in memory: what model.save hands a save handler, weights joined into one buffer. */
export interface ModelFiles {
  modelTopology: object;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
}

export interface CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  kind: CheckpointKind;
  run: { id: string; name: string };
  dataset: { id: string | null; name: string };
  task: ExperimentConfig['task'];
  classes: string[];
  inputShape: [number, number, number];
  /** Normalisation the model expects, in 0..1 units per channel. */
  mean: number[];
  std: number[];
  /** The model outputs logits; apply softmax (classification) or sigmoid (multilabel). */
  output: 'logits';
  position: LoopPosition;
  /** Monitored metric at this checkpoint. */
  metric: number | null;
  split: { train: number[]; val: number[] };
  backend: string;
  model: string;
  params: { total: number; trainable: number };
  createdAt: number;
}

export interface CheckpointContents {
  meta: CheckpointMeta;
  config: ExperimentConfig;
  history: History;
  model: ModelFiles;
  optimizer: OptimizerState | null;
}

const json = (v: unknown) => strToU8(JSON.stringify(v, null, 1));

export function writeCheckpoint(c: CheckpointContents): Uint8Array {
  const files: Zippable = {
    'model/model.json': json({
      modelTopology: c.model.modelTopology,
      format: 'layers-model',
      generatedBy: 'Tilewright',
      convertedBy: null,
      weightsManifest: [{ paths: ['weights.bin'], weights: c.model.weightSpecs }],
    }),
    // Weights do not compress; storing them keeps writes fast.
    'model/weights.bin': [new Uint8Array(c.model.weightData), { level: 0 }],
    'config.json': json(c.config),
    'metrics.csv': strToU8(metricsCsv(c.history)),
    'meta.json': json(c.meta),
    'history.json': strToU8(JSON.stringify(c.history)),
  };
  if (c.optimizer) {
    const { manifest, data } = packArrays(c.optimizer.arrays);
    files['optimizer/state.json'] = json({ step: c.optimizer.step, arrays: manifest });
    files['optimizer/state.bin'] = [data, { level: 0 }];
  }
  return zipSync(files, { level: 6 });
}

/** Reads a checkpoint file; every problem names the file and the entry or field at fault. */
export function readCheckpoint(bytes: Uint8Array, fileName: string): CheckpointContents {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    throw bad(fileName, 'is not a zip file');
  }
  const need = (path: string) => {
    const e = entries[path];
    if (!e) throw bad(fileName, `has no ${path}: it is not a Tilewright checkpoint`);
    return e;
  };
  const parse = (path: string): unknown => {
    try {
      return JSON.parse(strFromU8(need(path)));
    } catch (e) {
      if (e instanceof TilewrightError) throw e;
      throw bad(fileName, `has an unreadable ${path}`);
    }
  };
  const meta = parse('meta.json') as CheckpointMeta;
  if (meta?.format !== CHECKPOINT_FORMAT)
    throw bad(fileName, 'meta.json does not describe a Tilewright checkpoint');
  if (meta.version > CHECKPOINT_VERSION)
    throw bad(fileName, `was written by a newer version (format ${meta.version}); update the studio`);
  const parsedConfig = ExperimentConfigSchema.safeParse(parse('config.json'));
  if (!parsedConfig.success) {
    const issue = parsedConfig.error.issues[0];
    throw bad(fileName, `config.json: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const modelJson = parse('model/model.json') as {
    modelTopology?: object;
    weightsManifest?: { paths: string[]; weights: WeightSpec[] }[];
  };
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest))
    throw bad(fileName, 'model/model.json has no modelTopology or weightsManifest');
  const weightSpecs: WeightSpec[] = [];
  const parts: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) parts.push(need(`model/${p}`));
  }
  const weightData = concat(parts).buffer as ArrayBuffer;
  const expected = weightSpecs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
  if (expected !== weightData.byteLength)
    throw bad(
      fileName,
      `model weights hold ${weightData.byteLength} bytes, model.json describes ${expected}`,
    );

  let optimizer: OptimizerState | null = null;
  if (entries['optimizer/state.json']) {
    const o = parse('optimizer/state.json') as { step: number; arrays: PackedArray[] };
    optimizer = { step: o.step, arrays: unpackArrays(o.arrays, need('optimizer/state.bin'), fileName) };
  }
  const history = entries['history.json'] ? (parse('history.json') as History) : { steps: [], epochs: [] };
  return {
    meta,
    config: parsedConfig.data,
    history,
    model: { modelTopology: modelJson.modelTopology, weightSpecs, weightData },
    optimizer,
  };
}

interface PackedArray {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

function packArrays(arrays: NamedArray[]): { manifest: PackedArray[]; data: Uint8Array } {
  const total = arrays.reduce((n, a) => n + a.data.length, 0);
  const out = new Float32Array(total);
  const manifest: PackedArray[] = [];
  let offset = 0;
  for (const a of arrays) {
    out.set(a.data, offset);
    manifest.push({ name: a.name, shape: a.shape, offset, length: a.data.length });
    offset += a.data.length;
  }
  return { manifest, data: new Uint8Array(out.buffer) };
}

function unpackArrays(manifest: PackedArray[], bin: Uint8Array, fileName: string): NamedArray[] {
  if (bin.byteLength % 4) throw bad(fileName, 'optimizer/state.bin is not a whole number of floats');
  const all = new Float32Array(bin.slice().buffer);
  return manifest.map((m) => {
    if (m.offset + m.length > all.length)
      throw bad(fileName, `optimizer/state.bin is too short for ${m.name}`);
    return { name: m.name, shape: m.shape, data: all.slice(m.offset, m.offset + m.length) };
  });
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

function bad(fileName: string, what: string): TilewrightError {
  return new TilewrightError('bad-file', `${fileName} ${what}.`, fileName);
}
