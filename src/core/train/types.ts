// The contracts between the parts of the training engine: where samples come from, what a task
// plugs in (targets, loss, metrics), and what the loop reports. Plain data crosses worker boundaries.
import type * as tf from '@tensorflow/tfjs';

/** One decoded image, interleaved (HWC) 8-bit, `channels` values per pixel. */
export interface DecodedImage {
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: number;
  /** Segmentation: the head class of each pixel (width × height), 255 where unlabelled. */
  mask?: Uint8Array;
  /** Segmentation with a boundary channel: the instance map (width × height, 0 = no instance). */
  instances?: Uint8Array;
}

/** What a task trains towards, per sample: a class index, or the set of label indices (multi-label). */
export type Target = number | number[];

/**
 * Where training samples come from. Keys are the dataset's sample indices. The studio reads IndexedDB,
 * the CLI reads a folder, tests build them in memory.
 */
export interface TrainData {
  /** Names of the head's outputs, in order (the head index is the position). */
  classes: string[];
  /** Sample keys of the training and validation splits, in a stable order. */
  train: number[];
  val: number[];
  targetOf(key: number): Target;
  nameOf(key: number): string;
  /** Decoded pixels of one sample (RGB, or more bands later). */
  load(key: number): Promise<DecodedImage>;
}

/** What a batch holds for the task head: per-sample targets, and for segmentation the label maps. */
export interface BatchTargets {
  targets: Target[];
  /** Segmentation: [batch, height, width] head classes, 255 where unlabelled. */
  labels?: Int32Array;
  /** Segmentation with a boundary channel: [batch, height, width] 1 where an instance touches another. */
  boundaries?: Uint8Array;
  /** [batch, height, width, channels] of the input. */
  shape: [number, number, number, number];
}

/** A batch's loss and, where it is a weighted sum, each part unweighted (segmentation: ce, dice, focal). */
export interface LossValue {
  total: tf.Scalar;
  parts?: Record<string, tf.Scalar>;
}

/** The per-task part of training: targets as tensors, the loss, and the validation metrics. */
export interface TaskHead {
  /** Targets of a batch as the tensor the loss takes ([batch, classes] one- or multi-hot; label maps). */
  targets(batch: BatchTargets, numClasses: number): tf.Tensor;
  /** Mean loss over the batch, from the model's logits. */
  loss(logits: tf.Tensor, targets: tf.Tensor): LossValue;
  /** Fresh accumulator for one pass over the validation split. */
  newMetrics(numClasses: number): MetricAccumulator;
}

export interface MetricAccumulator {
  /** Adds one batch: the model's logits read back (row-major), and the batch's targets. */
  add(logits: Float32Array, batch: BatchTargets): void;
  /** Metric values keyed as in the history (accuracy, macro_f1, micro_f1, map); NaN when undefined. */
  result(): Record<string, number>;
}

/** One optimiser step, as reported live and kept in the history. */
export interface StepPoint {
  step: number;
  epoch: number;
  /** Mean training loss over the micro-batches of this step. */
  loss: number;
  /** Each part of a loss that is a weighted sum, unweighted (segmentation: ce, dice, focal). */
  parts?: Record<string, number>;
  lr: number;
  /** Global gradient norm before clipping. */
  grad_norm: number;
  /** Milliseconds since the run (or resumed run) started. */
  time_ms: number;
}

/** The end of an epoch: validation loss and task metrics (prefixed val_), and the epoch's mean train loss. */
export interface EpochPoint {
  epoch: number;
  step: number;
  train_loss: number;
  metrics: Record<string, number>;
  time_ms: number;
}

export interface History {
  steps: StepPoint[];
  epochs: EpochPoint[];
}

/** Where the loop stands: what a checkpoint needs to continue exactly. */
export interface LoopPosition {
  /** Completed epochs, and optimiser steps done in the current one. */
  epoch: number;
  stepInEpoch: number;
  /** Optimiser steps done in total. */
  step: number;
  best: number | null;
  bestEpoch: number | null;
  /** Epochs since the monitored metric last improved (early stopping). */
  sinceBest: number;
}

export type StopReason = 'completed' | 'early-stopped' | 'stopped' | 'non-finite-loss';
export type CheckpointKind = 'best' | 'last' | 'epoch';
