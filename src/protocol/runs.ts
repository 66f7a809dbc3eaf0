// Runs (one per experiment started), checkpoints and the messages the training worker reports.
// Plain data only: these cross the worker boundary and live in IndexedDB.
import type { ModelFiles } from '../core/train/checkpoint';
import type { BACKEND_NAMES, ExperimentConfig } from '../core/train/config';
import type {
  CheckpointKind,
  EpochPoint,
  History,
  LoopPosition,
  StepPoint,
  StopReason,
} from '../core/train/types';

/**
 * queued: created, the worker has not started it; running / paused: a worker owns it now;
 * interrupted: it was running when the page went away (found at load); completed / stopped /
 * early-stopped end normally; failed carries an error; imported came from a checkpoint file.
 */
export type RunStatus =
  | 'queued'
  | 'running'
  | 'paused'
  | 'interrupted'
  | 'completed'
  | 'early-stopped'
  | 'stopped'
  | 'failed'
  | 'imported';

export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendInfo {
  name: BackendName;
  available: boolean;
  /** Adapter or renderer, e.g. "google swiftshader"; why it is unavailable otherwise. */
  detail: string;
}

/** One backend's speed in the timed probe of backend 'auto' (images/s of a training step). */
export interface ProbeResult {
  name: BackendName;
  imagesPerSecond: number | null;
  /** false: only the warm-up step ran (it was far slower than the best), so this is an upper bound. */
  timed: boolean;
  error?: string;
}

/** The set-up stated before training starts. */
export interface RunSummary {
  dataset: { id: string | null; name: string; train: number; val: number };
  classes: string[];
  /** [height, width, channels] of the network input. */
  inputShape: [number, number, number];
  model: string;
  params: { total: number; trainable: number };
  backend: BackendName;
  adapter: string;
  /** Backend 'auto': what the timed probe measured on each backend, fastest first. */
  probe?: ProbeResult[];
  batchSize: number;
  effectiveBatch: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** Resolved normalisation, in 0..1 units per channel. */
  mean: number[];
  std: number[];
}

export interface CheckpointInfo {
  /** Storage key of the checkpoint file (a zip, the same bytes the person exports). */
  key: string;
  kind: CheckpointKind;
  epoch: number;
  step: number;
  /** Monitored metric at this checkpoint (null before the first validation). */
  metric: number | null;
  bytes: number;
  createdAt: number;
}

export interface RunError {
  code: string;
  message: string;
  /** What the person can do next, e.g. resume on another backend or use a smaller batch. */
  hint?: string;
}

export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** The dataset trained on (null for runs imported from a checkpoint file). */
  datasetId: string | null;
  config: ExperimentConfig;
  status: RunStatus;
  summary?: RunSummary;
  history: History;
  position?: LoopPosition;
  checkpoints: CheckpointInfo[];
  stopReason?: StopReason;
  error?: RunError;
  /** Sample keys of the data split the run trains and validates on (fixed at the start, kept on resume). */
  split?: { train: number[]; val: number[] };
  /**
   * Backend 'auto': the probe the Experiments screen ran for this set-up before the run ("Measure speed"),
   * fastest first. The run trains on its fastest backend instead of timing each backend again.
   */
  probe?: ProbeResult[];
}

/** Live progress of the run: one progress bar. */
export interface TrainProgress {
  phase: 'preparing' | 'training' | 'validating' | 'checkpointing';
  epoch: number;
  epochs: number;
  stepInEpoch: number;
  stepsPerEpoch: number;
  step: number;
  totalSteps: number;
  /** Validation: batches done and total. */
  done?: number;
  total?: number;
  imagesPerSecond: number;
  etaSeconds: number | null;
}

export type TrainEvent =
  | { kind: 'setup'; summary: RunSummary }
  | { kind: 'progress'; progress: TrainProgress }
  /** New step points since the last event (deltas, never the whole history). */
  | { kind: 'steps'; points: StepPoint[] }
  | { kind: 'epoch'; point: EpochPoint }
  | { kind: 'checkpoint'; info: CheckpointInfo }
  | { kind: 'status'; status: 'running' | 'paused' }
  | { kind: 'log'; level: 'info' | 'debug' | 'warn'; message: string };

/** How a call to TrainWorkerApi.train ended. */
export interface TrainOutcome {
  status: RunStatus;
  stopReason?: StopReason;
  error?: RunError;
}

export interface TrainWorkerApi {
  /** Which backends this browser offers, with adapter names. */
  backends(): Promise<BackendInfo[]>;
  /**
   * The set-up a run of this config on this dataset would have (split sizes, classes, input shape, model and
   * parameter count, backend and adapter, effective batch), without training. Throws on a bad config or dataset.
   */
  preview(config: ExperimentConfig, datasetId: string): Promise<RunSummary>;
  /**
   * Times a training step of this config's model on each available backend (the probe behind backend
   * Automatic), fastest first: what the Experiments screen shows before a run. Refuses while a run trains.
   */
  measureBackends(config: ExperimentConfig, datasetId: string): Promise<ProbeResult[]>;
  /** Reads an imported tfjs model (model.json + weights) as a backbone; throws 'bad-file' naming the problem. */
  inspectBackbone(files: ModelFiles, name: string): Promise<BackboneRecord>;
  /**
   * Trains the run stored under runId: from the start when it has no checkpoint, else from its latest
   * checkpoint. `backend` overrides the config's choice (e.g. resuming on another backend after a lost device).
   */
  train(runId: string, onEvent: (e: TrainEvent) => void, backend?: BackendName): Promise<TrainOutcome>;
  pause(): void;
  resume(): void;
  /** Stops after the current step, keeping a last checkpoint of where it stood. */
  stop(): void;
}

/** A tfjs LayersModel the person imported (model.json + weight files), to use as a pretrained backbone. */
export interface BackboneRecord {
  id: string;
  name: string;
  createdAt: number;
  inputShape: [number, number, number];
  layers: number;
  /** Layers with a 4-D (feature map) output, which can feed a new head. */
  featureLayers: string[];
  params: number;
  /** tfjs model artifacts; weightData is one joined ArrayBuffer. */
  modelTopology: object;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
}
