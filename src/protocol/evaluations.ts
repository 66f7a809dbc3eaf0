// Evaluations: a checkpoint scored on a dataset split. The record is small (lists, headline numbers);
// its samples (per-sample probabilities and losses) and the checkpoint it used are stored beside it.
import type { CheckpointKind } from '../core/train/types';
import type { Target } from '../core/train/types';
import type { LayerRow } from '../core/models/layerTable';
import type { JobEvent } from './jobs';

/** Which samples of the dataset an evaluation scores. */
export type EvalSplit = 'train' | 'val' | 'test' | 'all';

export interface InstanceScores {
  ap: number | null;
  ap50: number | null;
  ap75: number | null;
  ar: number | null;
}

export interface EvaluationRecord {
  id: string;
  name: string;
  createdAt: number;
  /** The run whose checkpoint was evaluated; null for a dropped checkpoint file. */
  runId: string | null;
  checkpoint: { runName: string; kind: CheckpointKind; epoch: number; step: number; fileName?: string };
  dataset: { id: string; name: string };
  split: EvalSplit;
  task: 'classification' | 'multilabel' | 'segmentation';
  /** Segmentation: the label maps' side (the model's input size), unlabelled value and target. */
  segmentation?: { size: number; ignoreIndex: number; target: 'classes' | 'rectangles' };
  /**
   * Segmentation of rectangles: COCO mask AP of their instances, split from the prediction by connected
   * components, or along the model's boundary channel.
   */
  instances?: InstanceScores & {
    className: string;
    /** Ground-truth instances scored. */
    count: number;
    /** How predicted instances were split (absent in evaluations made before there was a choice). */
    separation?: 'components' | 'boundary';
    /** With the boundary channel: what connected components alone reach on the same predictions. */
    components?: InstanceScores;
  };
  /** The model's output classes, in output order (report order). */
  classes: string[];
  /** Multi-label decision threshold on the sigmoid. */
  threshold: number;
  samples: number;
  /** Samples of the split left out because they have no target for the task. */
  skipped: number;
  seconds: number;
  backend: string;
  /** Headline numbers for lists: accuracy and macro F1 (single label), micro F1 and mAP (multi-label). */
  headline: Record<string, number | null>;
}

/** Everything scored, per sample, in the split's order. */
export interface EvaluationSamples {
  keys: number[];
  names: string[];
  targets: Target[];
  /** Row-major [samples × classes]. */
  probs: Float32Array;
  losses: Float32Array;
}

/** A segmentation evaluation, per sample in the split's order: pixel counts and the predicted map. */
export interface SegmentationSamples {
  kind: 'segmentation';
  keys: number[];
  names: string[];
  /** Per sample a C × C matrix (rows target, columns predicted), concatenated. */
  confusion: Uint32Array;
  /** Per sample the predicted label map at the model's input size, an 8-bit grayscale PNG. */
  predictions: Uint8Array[];
  /** Every ground-truth rectangle: its sample key, visible fraction and best IoU with a predicted instance. */
  instances?: { keys: Int32Array; visible: Float32Array; iou: Float32Array };
}

/** What is stored beside an evaluation record. */
export type StoredSamples = EvaluationSamples | SegmentationSamples;

export function isSegmentation(s: StoredSamples): s is SegmentationSamples {
  return 'kind' in s && s.kind === 'segmentation';
}

/** Where the checkpoint to evaluate comes from. */
export type CheckpointSource =
  { kind: 'stored'; key: string; runId: string } | { kind: 'file'; fileName: string; bytes: Uint8Array };

export interface EvaluateRequest {
  checkpoint: CheckpointSource;
  datasetId: string;
  split: EvalSplit;
  name?: string;
}

/** A saliency map over the model's input, 0..1, row-major [height × width]. */
export interface AttributionMap {
  method: 'grad-cam' | 'saliency';
  width: number;
  height: number;
  values: Float32Array;
  /** The class explained (output index). */
  target: number;
  /** Grad-CAM: the layer whose activations were used. */
  layer?: string;
}

export interface EvaluateWorkerApi {
  /** Scores the split and stores the evaluation; resolves with its id. */
  evaluate(request: EvaluateRequest, onEvent: (e: JobEvent) => void): Promise<string>;
  /** Attribution of one sample of a stored evaluation, towards `target` (default: the predicted class). */
  attribution(
    evaluationId: string,
    key: number,
    method: AttributionMap['method'],
    target?: number,
  ): Promise<AttributionMap>;
  /** The layers of a checkpoint's model (built on the cpu backend, then dropped). */
  inspectModel(bytes: Uint8Array, fileName: string): Promise<LayerRow[]>;
}
