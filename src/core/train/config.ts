// The experiment config: one flat-ish object, validated by zod, saved inside every run and checkpoint
// so that a checkpoint alone says how it was made. Top-level keys are snake_case, in the names of the
// usual training scripts (random_seed, batch_size, learning_rate, ...), so a config reads the same in
// the studio, in config.json files and on the command line.
import { z } from 'zod';

export const TASKS = ['classification', 'multilabel', 'segmentation'] as const;
export type Task = (typeof TASKS)[number];

export const MODEL_NAMES = ['cnn', 'resnet', 'mobilenetv2', 'unet', 'pretrained'] as const;
/** Models that give per-pixel logits: the U-Net, and the MobileNetV2 backbone with a light decoder. */
export const SEGMENTATION_MODELS: readonly ModelName[] = ['unet', 'mobilenetv2'];
export type ModelName = (typeof MODEL_NAMES)[number];

/** tfjs backends the studio runs on; wasm is tfjs's WebAssembly backend with our SIMD kernels. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export const BACKENDS = ['auto', ...BACKEND_NAMES] as const;
/**
 * What 'auto' tries, in order, where nothing better is known: a training run with backend 'auto' times
 * each backend first and takes the fastest (workers/probe.ts), and evaluation runs on the backend its
 * checkpoint trained on; this order serves checkpoints from elsewhere whose backend is not here.
 */
export const AUTO_ORDER: readonly (typeof BACKEND_NAMES)[number][] = ['webgpu', 'webgl', 'cpu'];
export type BackendChoice = (typeof BACKENDS)[number];

/** Metrics a run can monitor, as they are named in the history and in metrics.csv. */
export const MONITOR_METRICS = [
  'val_loss',
  'val_accuracy',
  'val_macro_f1',
  'val_micro_f1',
  'val_map',
  'val_mean_iou',
  'val_mean_dice',
  'val_pixel_accuracy',
  'train_loss',
] as const;
/** Metrics only a segmentation run reports. */
export const SEGMENTATION_METRICS: readonly MonitorMetric[] = [
  'val_mean_iou',
  'val_mean_dice',
  'val_pixel_accuracy',
];
export type MonitorMetric = (typeof MONITOR_METRICS)[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const unit = z.number().min(0).max(1);

export const ModelSchema = z
  .object({
    name: z.enum(MODEL_NAMES).default('cnn'),
    /** Channels of the first stage; later stages double it (mobilenetv2: the width multiplier × 32). */
    width: int(2, 256).default(16),
    /** Number of stages (each halves the resolution). */
    depth: int(1, 6).default(3),
    /** U-Net: how the decoder doubles the resolution (2x2 transposed conv, or bilinear resize + conv3x3). */
    upsampling: z.enum(['transpose', 'resize']).default('transpose'),
    /** Dropout before the classification head. */
    dropout: z.number().min(0).max(0.9).default(0),
    /** model 'pretrained': id of an imported backbone (a tfjs LayersModel dropped on the page). */
    backbone: z.string().optional(),
    /** Backbone layer whose output feeds the new head; default: the last layer with a 4-D output. */
    backbone_layer: z.string().optional(),
    /** Keep the backbone's weights fixed (only the new head trains). */
    freeze_backbone: z.boolean().default(true),
  })
  .refine((m) => m.name !== 'pretrained' || !!m.backbone, {
    message: 'A pretrained model needs a backbone: import a tfjs model first.',
    path: ['backbone'],
  });
export type ModelConfig = z.infer<typeof ModelSchema>;

export const NormalizationSchema = z.enum(['unit', 'imagenet', 'dataset']);
/** unit: pixels / 255; imagenet: ImageNet mean and std; dataset: mean and std of the training split. */
export type Normalization = z.infer<typeof NormalizationSchema>;

export const AugmentSchema = z.object({
  hflip: z.boolean().default(true),
  vflip: z.boolean().default(false),
  /** Random multiples of 90° (remote sensing has no "up"). */
  rot90: z.boolean().default(false),
  /** Random resized crop: area fraction drawn from [crop_scale_min, 1], aspect ratio from [3/4, 4/3]. */
  random_resized_crop: z.boolean().default(false),
  crop_scale_min: z.number().min(0.05).max(1).default(0.5),
  /** Colour jitter strengths (0 = off), as torchvision's ColorJitter: factor drawn from [1 - s, 1 + s]. */
  brightness: unit.default(0),
  contrast: unit.default(0),
  saturation: unit.default(0),
});
export type AugmentConfig = z.infer<typeof AugmentSchema>;

export const OptimizerSchema = z.object({
  name: z.enum(['adamw', 'adam', 'sgd']).default('adamw'),
  /** AdamW: decoupled (w -= lr * wd * w); Adam and SGD: L2 added to the gradient, as PyTorch does. */
  weight_decay: z.number().min(0).max(1).default(0.01),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  eps: z.number().positive().max(1).default(1e-8),
  momentum: z.number().min(0).lt(1).default(0.9),
  nesterov: z.boolean().default(false),
});
export type OptimizerConfig = z.infer<typeof OptimizerSchema>;

export const SchedulerSchema = z.object({
  name: z.enum(['constant', 'step', 'cosine', 'onecycle']).default('cosine'),
  /** cosine: linear warm-up from 0 over this many optimiser steps. */
  warmup_steps: int(0, 10_000_000).default(0),
  /** cosine: the learning rate reached at the last step. */
  min_lr: z.number().min(0).default(0),
  /** step: multiply by gamma every step_epochs epochs. */
  step_epochs: int(1, 100_000).default(10),
  gamma: z.number().positive().max(1).default(0.1),
  /** onecycle (PyTorch OneCycleLR, cosine, two phases): fraction of steps spent rising. */
  pct_start: z.number().gt(0).lt(1).default(0.3),
  div_factor: z.number().min(1).default(25),
  final_div_factor: z.number().min(1).default(1e4),
});
export type SchedulerConfig = z.infer<typeof SchedulerSchema>;

export const EarlyStoppingSchema = z.object({
  enabled: z.boolean().default(false),
  /** Epochs without improvement of the monitored metric before the run stops. */
  patience: int(1, 10_000).default(5),
  /** Smallest change that counts as an improvement. */
  min_delta: z.number().min(0).default(0),
});

export const SegmentationSchema = z.object({
  /** classes: background, then every class of the dataset; rectangles: background and rectangle only. */
  target: z.enum(['classes', 'rectangles']).default('classes'),
  /** Target value of unlabelled pixels: they count in no loss and no metric. */
  ignore_index: int(0, 255).default(255),
  /** Weights of the loss parts; the loss is their weighted sum, each part charted on its own. */
  loss: z
    .object({
      ce: z.number().min(0).default(1),
      dice: z.number().min(0).default(0),
      focal: z.number().min(0).default(0),
    })
    .default({ ce: 1, dice: 0, focal: 0 })
    .refine((l) => l.ce + l.dice + l.focal > 0, { message: 'At least one loss needs a weight above 0.' }),
  /** Cross-entropy and focal weight per head class (background first); null for equal weights. */
  class_weights: z.array(z.number().min(0)).nullable().default(null),
  /** Focal loss γ. */
  focal_gamma: z.number().min(0).max(10).default(2),
  /**
   * boundary: one more output channel learns where an instance touches another (from the dataset's
   * instance maps), so touching or overlapping instances split apart; none: connected components only.
   */
  separation: z.enum(['none', 'boundary']).default('none'),
  /** Weight of the boundary channel's loss in the sum. */
  boundary_weight: z.number().min(0).max(100).default(1),
  /** Weight of boundary pixels in that loss (torch's pos_weight): they are few, so more than 1. */
  boundary_pos_weight: z.number().min(0).max(1000).default(5),
});
export type SegmentationConfig = z.infer<typeof SegmentationSchema>;

export const MonitorSchema = z.object({
  metric: z.enum(MONITOR_METRICS).default('val_loss'),
  mode: z.enum(['min', 'max']).default('min'),
});

export const CheckpointPolicySchema = z.object({
  save_best: z.boolean().default(true),
  save_last: z.boolean().default(true),
  /** Also keep a checkpoint every N epochs (0 = never). */
  every_n_epochs: int(0, 100_000).default(0),
  /** Refresh the last checkpoint during an epoch at most this often, so a closed tab loses little (0 = epoch ends only). */
  last_every_minutes: z.number().min(0).max(1440).default(5),
});

export const ExperimentConfigSchema = z
  .object({
    dataset_name: z.string().trim().min(1, 'Pick a dataset.'),
    task: z.enum(TASKS).default('classification'),
    random_seed: z
      .number({
        error: (issue) =>
          issue.input === undefined ? 'A random seed is required.' : 'The seed must be a number.',
      })
      .int('The seed must be a whole number.')
      .min(0, 'Must be from 0 to 4294967295.')
      .max(2 ** 32 - 1, 'Must be from 0 to 4294967295.'),
    model: ModelSchema.default(ModelSchema.parse({})),
    /** Side of the square network input in pixels; images are resized to it. */
    input_size: int(8, 1024).default(64),
    normalization: NormalizationSchema.default('unit'),
    augment: AugmentSchema.default(AugmentSchema.parse({})),
    optimizer: OptimizerSchema.default(OptimizerSchema.parse({})),
    learning_rate: z.number().positive().max(10).default(1e-3),
    scheduler: SchedulerSchema.default(SchedulerSchema.parse({})),
    epochs: int(1, 100_000).default(10),
    batch_size: int(1, 4096).default(32),
    /** Micro-batches whose gradients are summed before one optimiser step (effective batch = batch_size × this). */
    grad_accum_steps: int(1, 1024).default(1),
    /** Clip gradients to this global L2 norm before the step (0 = off). */
    grad_clip_norm: z.number().min(0).default(0),
    early_stopping: EarlyStoppingSchema.default(EarlyStoppingSchema.parse({})),
    monitor: MonitorSchema.default(MonitorSchema.parse({})),
    checkpoint: CheckpointPolicySchema.default(CheckpointPolicySchema.parse({})),
    segmentation: SegmentationSchema.default(SegmentationSchema.parse({})),
    /**
     * Train only on samples whose least visible instance shows at least this fraction (datasets with
     * instances; 0 keeps every sample). Validation keeps every sample, so runs with and without the
     * filter are scored on the same data: the occlusion study.
     */
    train_min_visible: unit.default(0),
    /** Multi-label: a label is predicted when its probability reaches this. */
    threshold: unit.default(0.5),
    backend: z.enum(BACKENDS).default('auto'),
  })
  .superRefine((c, ctx) => {
    const multilabelOnly = c.monitor.metric === 'val_micro_f1' || c.monitor.metric === 'val_map';
    const segmentationOnly = SEGMENTATION_METRICS.includes(c.monitor.metric);
    if (
      segmentationOnly !== (c.task === 'segmentation') &&
      !['val_loss', 'train_loss'].includes(c.monitor.metric)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['monitor', 'metric'],
        message: segmentationOnly
          ? `${c.monitor.metric} needs the segmentation task.`
          : `A segmentation run reports val_mean_iou, val_mean_dice and val_pixel_accuracy, not ${c.monitor.metric}.`,
      });
    if (multilabelOnly && c.task !== 'multilabel')
      ctx.addIssue({
        code: 'custom',
        path: ['monitor', 'metric'],
        message: `${c.monitor.metric} needs the multilabel task.`,
      });
    if (c.model.name === 'unet' && c.task !== 'segmentation')
      ctx.addIssue({
        code: 'custom',
        path: ['model', 'name'],
        message: 'A U-Net segments: it needs the segmentation task.',
      });
    if (c.task === 'segmentation' && !SEGMENTATION_MODELS.includes(c.model.name))
      ctx.addIssue({
        code: 'custom',
        path: ['model', 'name'],
        message: `Segmentation needs a U-Net or a MobileNetV2 (with its decoder), not ${c.model.name}.`,
      });
  });

export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;
/** What a person may write: every key with a default may be left out. */
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;

/** The complete default config for a task (dataset_name and random_seed get placeholders a person replaces). */
export function defaultConfig(
  task: Task = 'classification',
  datasetName = 'my-dataset',
  seed = 0,
): ExperimentConfig {
  const monitor = { metric: 'val_loss' as const, mode: 'min' as const };
  // Segmentation needs a model that segments; the U-Net is the default one.
  const model = task === 'segmentation' ? { model: { name: 'unet' as const } } : {};
  return ExperimentConfigSchema.parse({
    dataset_name: datasetName,
    task,
    random_seed: seed,
    monitor,
    ...model,
  });
}

/** Validates unknown input; the issues keep their paths (e.g. "optimizer.beta1") for errors next to fields. */
export function parseConfig(input: unknown): z.ZodSafeParseResult<ExperimentConfig> {
  return ExperimentConfigSchema.safeParse(input);
}

/** Channels of the model's output: one per class, and the boundary channel last when there is one. */
export function outputChannels(config: ExperimentConfig, numClasses: number): number {
  return numClasses + (hasBoundaryChannel(config) ? 1 : 0);
}

export function hasBoundaryChannel(config: Pick<ExperimentConfig, 'task' | 'segmentation'>): boolean {
  return config.task === 'segmentation' && config.segmentation.separation === 'boundary';
}

/** Optimiser steps per epoch: each takes grad_accum_steps micro-batches; the last partial batch is kept. */
export function stepsPerEpoch(config: ExperimentConfig, trainSize: number): number {
  const batches = Math.ceil(trainSize / config.batch_size);
  return Math.max(1, Math.ceil(batches / config.grad_accum_steps));
}
