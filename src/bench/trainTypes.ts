// What the training benchmark worker (workers/benchTrain.worker.ts) answers; types only, shared with the page.

/** wasm1: the wasm backend (our kernels) held to one thread, beside wasm on every thread. */
export type BenchBackend = 'webgpu' | 'webgl' | 'wasm' | 'wasm1' | 'cpu';

/**
 * The reference models: classifiers A = 'cnn' width 16 depth 4 and B = 'resnet' width 16 depth 3 (64×64,
 * batch 32); U = a 'unet' width 8 depth 3 segmenting 3 classes at 128×128, batch 8.
 */
export type BenchModel = 'A' | 'B' | 'U';

/** Mean milliseconds per phase of one optimiser step, with a sync (`await t.data()`) after each phase. */
export interface StepSplit {
  /** loadBatch (prepareSample of 32 uint8 images, with the default augmentation) + tensors of x and y. */
  data: number;
  /** tf.variableGrads of the task loss + the global gradient norm, synced by reading loss and norm. */
  forwardBackward: number;
  /** AdamW's apply, synced by reading a variable. */
  optimizer: number;
  steps: number;
}

export interface ModelResult {
  model: BenchModel;
  description: string;
  /** Trainable parameters (parameterCount(model).trainable). */
  params: number;
  batch: number;
  /** Seconds of the first (warm-up) step of trainLoop: shader compiles and first uploads included. */
  firstStepS: number;
  /** Images/s of trainLoop's own steps after the warm-up (no syncs beyond the loop's one per step). */
  train: number;
  trainSteps: number;
  /** Classifiers only (the U-Net's step is not taken apart). */
  split?: StepSplit;
  /** One forward/backward step by tfjs kernel (tf.profile), the largest first. */
  kernels?: KernelTime[];
  /** Images/s of model.predict on a batch, each result read back; after one warm-up call. */
  infer: number;
  inferCalls: number;
  /**
   * The evaluation worker's path: images/s of core `predict` (load, preprocess, forward, probabilities,
   * losses) over `evaluated` images, and attribution maps per second (one image at a time, as the gallery).
   */
  evaluation?: { evaluate: number; evaluated: number; gradCam: number; saliency: number; maps: number };
  /**
   * Loss and global gradient norm of every trainLoop step. Weights, batches and augmentation come from
   * fixed seeds, so every backend should report the same values (to float rounding): a check of the results.
   */
  losses: number[];
  gradNorms: number[];
  /** WebGPU validation and out-of-memory errors raised while this model ran (a failed command drops work). */
  gpuErrors: string[];
  /** tf.memory() after the measurements, before the model is disposed. */
  memory: { numBytes: number; numTensors: number };
}

export interface KernelTime {
  name: string;
  ms: number;
  calls: number;
}

export interface BackendResult {
  backend: BenchBackend;
  /** The adapter or renderer that runs it. */
  detail?: string;
  models: ModelResult[];
  /** Set when the backend could not start or a measurement failed. */
  error?: string;
}

export interface MemoryResult {
  backend: string;
  model: string;
  batch: number;
  inputSize: number;
  steps: number;
  epochs: number;
  /** tf.memory() after each optimiser step (and after each epoch's validation and checkpoint). */
  samples: { step: number; numBytes: number; numTensors: number; heapBytes?: number }[];
  /** The most bytes held at any sampled step (tf.profile over a long run overflows the stack). */
  peakBytes: number;
  maxSampledBytes: number;
  maxSampledTensors: number;
  /** numTensors and numBytes after the last step minus after the first: 0 when nothing leaks. */
  tensorGrowth: number;
  byteGrowth: number;
  /** Tensors left over once the model and optimiser are disposed, compared with before they were built. */
  leftAfterDispose: number;
}

export interface BenchTrainApi {
  /** Activates the backend; throws when it cannot start. */
  start(backend: BenchBackend): Promise<{ name: string; detail: string }>;
  measure(model: BenchModel, steps: number, log: (line: string) => void): Promise<ModelResult>;
  memory(steps: number, log: (line: string) => void): Promise<MemoryResult>;
}

export interface BenchTrainResults {
  steps: number;
  backends: BackendResult[];
  /** Absent when the page was asked for no memory run (memorySteps=0). */
  memory?: MemoryResult | { error: string };
}
