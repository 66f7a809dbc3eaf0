// The experiment form's values (as typed) ↔ an ExperimentConfig. Each value is keyed by its path in the
// config ("optimizer.beta1"), so a zod issue's path is also the field that shows it. Validation is the
// schema's own, plus what only the page knows: the dataset picked, the backends and backbones at hand.
import {
  MONITOR_METRICS,
  SEGMENTATION_METRICS,
  SEGMENTATION_MODELS,
  defaultConfig,
  parseConfig,
  type ExperimentConfig,
  type MonitorMetric,
} from '../../core/train/config';
import type { BackboneRecord, BackendInfo } from '../../protocol/runs';
import { fieldErrors } from '../../core/generate/params';
import { humanize as humanizeShort } from '../generate/formModel';

export const NUMBER_FIELDS = [
  'random_seed',
  'input_size',
  'model.width',
  'model.depth',
  'model.dropout',
  'augment.crop_scale_min',
  'augment.brightness',
  'augment.contrast',
  'augment.saturation',
  'optimizer.weight_decay',
  'optimizer.beta1',
  'optimizer.beta2',
  'optimizer.eps',
  'optimizer.momentum',
  'learning_rate',
  'scheduler.warmup_steps',
  'scheduler.min_lr',
  'scheduler.step_epochs',
  'scheduler.gamma',
  'scheduler.pct_start',
  'scheduler.div_factor',
  'scheduler.final_div_factor',
  'epochs',
  'batch_size',
  'grad_accum_steps',
  'grad_clip_norm',
  'early_stopping.patience',
  'early_stopping.min_delta',
  'checkpoint.every_n_epochs',
  'checkpoint.last_every_minutes',
  'threshold',
  'segmentation.ignore_index',
  'segmentation.loss.ce',
  'segmentation.loss.dice',
  'segmentation.loss.focal',
  'segmentation.focal_gamma',
  'segmentation.boundary_weight',
  'segmentation.boundary_pos_weight',
  'train_min_visible',
] as const;

export const BOOL_FIELDS = [
  'model.freeze_backbone',
  'augment.hflip',
  'augment.vflip',
  'augment.rot90',
  'augment.random_resized_crop',
  'optimizer.nesterov',
  'early_stopping.enabled',
  'checkpoint.save_best',
  'checkpoint.save_last',
] as const;

/** Chosen from a list (the schema checks the value is one of its options). */
export const CHOICE_FIELDS = [
  'task',
  'model.name',
  'model.upsampling',
  'normalization',
  'optimizer.name',
  'scheduler.name',
  'monitor.metric',
  'monitor.mode',
  'backend',
  'segmentation.target',
  'segmentation.separation',
] as const;

/** Optional ids: an empty string leaves them out of the config. */
export const TEXT_FIELDS = ['model.backbone', 'model.backbone_layer'] as const;

/** Lists of numbers typed as "0.5, 1, 2"; empty is null. */
export const LIST_FIELDS = ['segmentation.class_weights'] as const;

export type NumberField = (typeof NUMBER_FIELDS)[number];
export type BoolField = (typeof BOOL_FIELDS)[number];
export type StringField =
  (typeof CHOICE_FIELDS)[number] | (typeof TEXT_FIELDS)[number] | (typeof LIST_FIELDS)[number] | NumberField;

export type FormValues = { [K in StringField]: string } & { [K in BoolField]: boolean };

export type FormErrors = Partial<Record<string, string>>;

/** What the form checks beyond the schema; each part is optional (e.g. backends not listed yet). */
export interface FormContext {
  datasetName?: string;
  backends?: BackendInfo[];
  backbones?: BackboneRecord[];
}

function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys[keys.length - 1]] = value;
}

export function valuesFromConfig(c: ExperimentConfig): FormValues {
  const v: Record<string, string | boolean> = {};
  for (const k of NUMBER_FIELDS) v[k] = String(getPath(c, k));
  for (const k of BOOL_FIELDS) v[k] = Boolean(getPath(c, k));
  for (const k of CHOICE_FIELDS) v[k] = String(getPath(c, k));
  for (const k of TEXT_FIELDS) v[k] = (getPath(c, k) as string | undefined) ?? '';
  for (const k of LIST_FIELDS) v[k] = ((getPath(c, k) as number[] | null) ?? []).join(', ');
  return v as FormValues;
}

/** The defaults of the schema, with the seed left empty: a person chooses it (or presses Randomise). */
export function initialValues(): FormValues {
  return { ...valuesFromConfig(defaultConfig()), random_seed: '' };
}

const ALL_FIELDS = new Set<string>([
  ...NUMBER_FIELDS,
  ...BOOL_FIELDS,
  ...CHOICE_FIELDS,
  ...TEXT_FIELDS,
  ...LIST_FIELDS,
]);

/** Whether an error key belongs to a field of the form (dataset_name is the Dataset select). */
export function isFormField(key: string): key is keyof FormValues | 'dataset_name' {
  return key === 'dataset_name' || ALL_FIELDS.has(key);
}

// ---- tasks and the monitored metric ----

/** Metrics a run of this task reports: micro-F1 and mAP exist for multi-label only. */
export function metricsFor(task: string): MonitorMetric[] {
  const multilabelOnly: MonitorMetric[] = ['val_micro_f1', 'val_map'];
  if (task === 'segmentation') return ['val_loss', ...SEGMENTATION_METRICS, 'train_loss'];
  return MONITOR_METRICS.filter(
    (m) => !SEGMENTATION_METRICS.includes(m) && (task === 'multilabel' || !multilabelOnly.includes(m)),
  );
}

/** Losses fall, scores rise. */
export function naturalMode(metric: string): 'min' | 'max' {
  return metric.endsWith('loss') ? 'min' : 'max';
}

export const METRIC_LABELS: Record<MonitorMetric, string> = {
  val_loss: 'Validation loss',
  val_accuracy: 'Validation accuracy',
  val_macro_f1: 'Validation macro-F1',
  val_micro_f1: 'Validation micro-F1',
  val_map: 'Validation mAP',
  val_mean_iou: 'Validation mean IoU',
  val_mean_dice: 'Validation mean Dice',
  val_pixel_accuracy: 'Validation pixel accuracy',
  train_loss: 'Training loss',
};

/**
 * One field changed, and what follows from it: a new task keeps the monitored metric only if the task
 * reports it; a new metric takes its natural mode.
 */
export function update<K extends keyof FormValues>(v: FormValues, key: K, value: FormValues[K]): FormValues {
  const next = { ...v, [key]: value };
  if (key === 'task' && !(metricsFor(next.task) as string[]).includes(next['monitor.metric'])) {
    next['monitor.metric'] = 'val_loss';
    next['monitor.mode'] = 'min';
  }
  // A segmentation task needs a model that segments, and only segmentation uses a U-Net.
  if (key === 'task') {
    const segments = (SEGMENTATION_MODELS as readonly string[]).includes(next['model.name']);
    if (next.task === 'segmentation' && !segments) next['model.name'] = 'unet';
    if (next.task !== 'segmentation' && next['model.name'] === 'unet') next['model.name'] = 'cnn';
  }
  if (key === 'monitor.metric') next['monitor.mode'] = naturalMode(next['monitor.metric']);
  return next;
}

// ---- which fields show ----

const OPTIMIZER_FIELDS: Record<string, (NumberField | BoolField)[]> = {
  adamw: ['optimizer.beta1', 'optimizer.beta2', 'optimizer.eps'],
  adam: ['optimizer.beta1', 'optimizer.beta2', 'optimizer.eps'],
  sgd: ['optimizer.momentum', 'optimizer.nesterov'],
};
const SCHEDULER_FIELDS: Record<string, NumberField[]> = {
  constant: [],
  step: ['scheduler.step_epochs', 'scheduler.gamma'],
  cosine: ['scheduler.warmup_steps', 'scheduler.min_lr'],
  onecycle: ['scheduler.pct_start', 'scheduler.div_factor', 'scheduler.final_div_factor'],
};

/** Parameters of the chosen optimiser, in the order they are shown. */
export function optimizerFields(name: string): (NumberField | BoolField)[] {
  return OPTIMIZER_FIELDS[name] ?? [];
}

export function schedulerFields(name: string): NumberField[] {
  return SCHEDULER_FIELDS[name] ?? [];
}

/** Fields that only matter for some choices; the rest are always on screen. */
const CONDITIONAL = new Set<string>([
  ...Object.values(OPTIMIZER_FIELDS).flat(),
  ...Object.values(SCHEDULER_FIELDS).flat(),
  'model.backbone',
  'model.backbone_layer',
  'model.freeze_backbone',
  'threshold',
]);

/** Whether a field is on screen for these values (an error on a hidden field is listed by the Train button). */
export function isShown(v: FormValues, key: string): boolean {
  if (!CONDITIONAL.has(key)) return true;
  if (key.startsWith('model.')) return v['model.name'] === 'pretrained';
  if (key === 'threshold') return v.task === 'multilabel';
  if (key.startsWith('optimizer.')) return (optimizerFields(v['optimizer.name']) as string[]).includes(key);
  return (schedulerFields(v['scheduler.name']) as string[]).includes(key);
}

/** Errors no field on screen shows (a hidden optimiser's parameter, an issue of the whole config). */
export function unplacedErrors(v: FormValues, errors: FormErrors): [string, string][] {
  return Object.entries(errors).filter(
    (e): e is [string, string] => !!e[1] && (!isFormField(e[0]) || !isShown(v, e[0])),
  );
}

// ---- validation ----

/** Zod's generic wording in the generate form's words, as sentences; and what that form never meets. */
export function humanize(message: string): string {
  const short = humanizeShort(message);
  if (short !== message) return `${short[0].toUpperCase()}${short.slice(1)}.`;
  const option = /Invalid option: expected one of (.+)/.exec(message);
  if (option) return `Must be one of ${option[1].replaceAll('"', '').split('|').join(', ')}.`;
  if (/expected number/.test(message)) return 'Must be a number.';
  if (/expected boolean/.test(message)) return 'Must be true or false.';
  return message;
}

/**
 * Validates everything; `config` is set only when there are no errors. Errors are keyed by config path
 * (dataset_name for the dataset, "(root)" for an issue with no path).
 */
export function validate(
  v: FormValues,
  ctx: FormContext = {},
): { errors: FormErrors; config?: ExperimentConfig } {
  const local: FormErrors = {};
  const input: Record<string, unknown> = { dataset_name: ctx.datasetName ?? '' };
  for (const k of NUMBER_FIELDS) {
    const text = v[k].trim();
    const n = Number(text);
    // An empty seed goes through as undefined, so the schema's own "A random seed is required." says why.
    if (!text && k !== 'random_seed') local[k] = 'Required.';
    else if (text && !Number.isFinite(n)) local[k] = 'Must be a number.';
    setPath(input, k, text ? n : undefined);
  }
  for (const k of BOOL_FIELDS) setPath(input, k, v[k]);
  for (const k of CHOICE_FIELDS) setPath(input, k, v[k]);
  // The backbone belongs in the config only when the model uses it; it stays in the form for a switch back.
  if (v['model.name'] === 'pretrained')
    for (const k of TEXT_FIELDS) setPath(input, k, v[k].trim() || undefined);
  for (const k of LIST_FIELDS) {
    const items = v[k].split(',').map((t) => t.trim());
    const list = items.map(Number);
    if (v[k].trim() === '') setPath(input, k, null);
    else if (items.some((t) => t === '') || !list.every(Number.isFinite))
      local[k] = 'Numbers separated by commas, e.g. 0.5, 1, 2; or empty for equal weights.';
    else setPath(input, k, list);
  }

  const result = parseConfig(input);
  const errors: FormErrors = {};
  if (!result.success)
    for (const [path, message] of Object.entries(fieldErrors(result.error))) errors[path] = humanize(message);
  // Local reasons ("Required.", "Must be a number.") say more than what the schema made of them.
  Object.assign(errors, local, contextErrors(v, ctx));
  if (Object.keys(errors).length || !result.success) return { errors };
  return { errors, config: result.data };
}

function contextErrors(v: FormValues, ctx: FormContext): FormErrors {
  const errors: FormErrors = {};
  if (ctx.backends && v.backend !== 'auto') {
    const b = ctx.backends.find((x) => x.name === v.backend);
    if (!b?.available)
      errors.backend = `${v.backend} is not available in this browser${b?.detail ? ` (${b.detail})` : ''}.`;
  }
  if (ctx.backbones && v['model.name'] === 'pretrained' && v['model.backbone']) {
    const bb = ctx.backbones.find((x) => x.id === v['model.backbone']);
    if (!bb) errors['model.backbone'] = 'This backbone is not in this browser: import its model files.';
    else if (v['model.backbone_layer'] && !bb.featureLayers.includes(v['model.backbone_layer']))
      errors['model.backbone_layer'] = `“${bb.name}” has no feature layer “${v['model.backbone_layer']}”.`;
  }
  return errors;
}
