// Setting up a run and writing its checkpoints, shared by the worker and the CLI: the model (built,
// or restored from a checkpoint), the optimiser and its state, the normalisation, the set-up summary.
import type * as tf from '@tensorflow/tfjs';
import { SeededDropout, buildModel, describeModel, parameterCount } from '../models';
import type { ImageCache } from './batches';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  writeCheckpoint,
  type CheckpointContents,
  type ModelFiles,
} from './checkpoint';
import { outputChannels, stepsPerEpoch, type ExperimentConfig } from './config';
import { emptyHistory, freshPosition, type LoopOptions } from './loop';
import { loadModelFiles, saveModelFiles, trainableVariables } from './modelFiles';
import { createOptimizer, type Optimizer, type OptimizerState } from './optimizers';
import { channelStats, normalizationStats } from './preprocess';
import { taskHead } from './tasks';
import type { CheckpointKind, DecodedImage, History, LoopPosition, TaskHead, TrainData } from './types';

/** Training images sampled to estimate the dataset's mean and std (normalisation 'dataset'). */
const STATS_SAMPLES = 512;

export interface PreparedRun {
  config: ExperimentConfig;
  model: tf.LayersModel;
  optimizer: Optimizer;
  task: TaskHead;
  position: LoopPosition;
  history: History;
  mean: number[];
  std: number[];
  inputShape: [number, number, number];
  modelName: string;
  params: { total: number; trainable: number };
  stepsPerEpoch: number;
  totalSteps: number;
  dispose(): void;
}

/** The parts of the loop's options a prepared run supplies. */
export function loopParts(
  run: PreparedRun,
): Pick<LoopOptions, 'config' | 'model' | 'task' | 'optimizer' | 'position' | 'history' | 'mean' | 'std'> {
  const { config, model, task, optimizer, position, history, mean, std } = run;
  return { config, model, task, optimizer, position, history, mean, std };
}

export interface PrepareOptions {
  /** Continue from this checkpoint (weights, optimiser state, position, history). */
  resume?: CheckpointContents;
  /** The imported backbone, for model 'pretrained'. */
  backbone?: ModelFiles;
  cache: ImageCache;
}

export async function prepareRun(
  config: ExperimentConfig,
  data: TrainData,
  o: PrepareOptions,
): Promise<PreparedRun> {
  const channels = 3;
  // Built from the config even when resuming (then the checkpoint's weights are loaded into it), so the
  // layers are ours: a loaded file would bring a plain, unseeded Dropout.
  const model = await buildModel({
    model: config.model,
    inputShape: [config.input_size, config.input_size, channels],
    numClasses: outputChannels(config, data.classes.length),
    seed: config.random_seed,
    segmentation: config.task === 'segmentation',
    backbone: o.backbone
      ? {
          modelTopology: o.backbone.modelTopology,
          weightSpecs: o.backbone.weightSpecs,
          weightData: o.backbone.weightData,
        }
      : undefined,
  });
  let mean: number[];
  let std: number[];
  if (o.resume) {
    const saved = await loadModelFiles(o.resume.model);
    try {
      model.setWeights(saved.getWeights());
    } finally {
      saved.dispose();
    }
    ({ mean, std } = o.resume.meta);
    continueDropout(model, config, data.train.length, o.resume.meta.position);
  } else {
    const stats =
      config.normalization === 'dataset' ? await datasetStats(data, o.cache, channels) : undefined;
    ({ mean, std } = normalizationStats(config.normalization, channels, stats));
  }
  const shape = model.inputs[0].shape;
  const inputShape: [number, number, number] = [
    shape[1] ?? config.input_size,
    shape[2] ?? config.input_size,
    shape[3] ?? channels,
  ];
  const optimizer = createOptimizer(config.optimizer);
  if (o.resume?.optimizer) {
    const vars = trainableVariables(model);
    optimizer.setState(vars, renameState(o.resume.optimizer, vars));
  }
  const spe = stepsPerEpoch(config, data.train.length);
  return {
    config,
    model,
    optimizer,
    task: taskHead(config.task, config.threshold, config.segmentation),
    position: o.resume ? { ...o.resume.meta.position } : freshPosition(),
    history: o.resume ? structuredClone(o.resume.history) : emptyHistory(),
    mean,
    std,
    inputShape,
    modelName:
      config.model.name === 'pretrained' ? `Pretrained backbone + new head` : describeModel(config.model),
    params: parameterCount(model),
    stepsPerEpoch: spe,
    totalSteps: spe * config.epochs,
    dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}

/**
 * Optimiser state is keyed by variable name, but tfjs suffixes names (`_1`, `_2`) when a layer name was
 * used before in the same worker, so names differ between the run that saved and the one that resumes.
 * Slots were created in variable order: the n-th variable named in the state is the n-th variable now.
 */
function renameState(state: OptimizerState, vars: tf.Variable[]): OptimizerState {
  const order: string[] = [];
  for (const a of state.arrays) {
    const name = a.name.slice(0, a.name.lastIndexOf('/'));
    if (!order.includes(name)) order.push(name);
  }
  if (order.length !== vars.length) return state; // setState reports the mismatch by name
  return {
    step: state.step,
    arrays: state.arrays.map((a) => {
      const cut = a.name.lastIndexOf('/');
      return { ...a, name: `${vars[order.indexOf(a.name.slice(0, cut))].name}${a.name.slice(cut)}` };
    }),
  };
}

/** Dropout masks continue where the saved run left them: one training call per micro-batch so far. */
function continueDropout(
  model: tf.LayersModel,
  config: ExperimentConfig,
  trainSize: number,
  p: LoopPosition,
) {
  const microPerEpoch = Math.ceil(trainSize / config.batch_size);
  const calls = p.epoch * microPerEpoch + Math.min(p.stepInEpoch * config.grad_accum_steps, microPerEpoch);
  for (const layer of model.layers) if (layer instanceof SeededDropout) layer.calls = calls;
}

async function datasetStats(data: TrainData, cache: ImageCache, channels: number) {
  const keys = data.train.slice(0, STATS_SAMPLES);
  const images: DecodedImage[] = [];
  for (const k of keys) images.push(await cache.get(k));
  return channelStats(images, channels);
}

export interface CheckpointContext {
  run: { id: string; name: string };
  dataset: { id: string | null; name: string };
  classes: string[];
  split: { train: number[]; val: number[] };
  backend: string;
}

/** The checkpoint file of the run as it stands now. */
export async function checkpointBytes(
  run: PreparedRun,
  ctx: CheckpointContext,
  kind: CheckpointKind,
  position: LoopPosition,
  metric: number | null,
): Promise<Uint8Array> {
  const [model, optimizer] = await Promise.all([saveModelFiles(run.model), run.optimizer.getState()]);
  return writeCheckpoint({
    meta: {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      kind,
      run: ctx.run,
      dataset: ctx.dataset,
      task: run.config.task,
      classes: ctx.classes,
      inputShape: run.inputShape,
      mean: run.mean,
      std: run.std,
      output: 'logits',
      position,
      metric,
      split: ctx.split,
      backend: ctx.backend,
      model: run.modelName,
      params: run.params,
      createdAt: Date.now(),
    },
    config: run.config,
    history: run.history,
    model,
    optimizer,
  });
}
