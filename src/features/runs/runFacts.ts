// How runs are worded: status badges, metric names and values, the best epoch.
import type { ExperimentConfig } from '../../core/train/config';
import type { EpochPoint } from '../../core/train/types';
import type { RunStatus } from '../../protocol/runs';

export const STATUS_TEXT: Record<RunStatus, string> = {
  queued: 'queued',
  running: 'training',
  paused: 'paused',
  interrupted: 'interrupted',
  completed: 'completed',
  'early-stopped': 'stopped early',
  stopped: 'stopped',
  failed: 'failed',
  imported: 'imported',
};

export const STATUS_BADGE: Record<RunStatus, string> = {
  queued: 'badge',
  running: 'badge badge-info badge-live',
  paused: 'badge badge-warn',
  interrupted: 'badge badge-warn',
  completed: 'badge badge-ok',
  'early-stopped': 'badge badge-ok',
  stopped: 'badge',
  failed: 'badge badge-danger',
  imported: 'badge badge-purple',
};

export const STATUS_HELP: Partial<Record<RunStatus, string>> = {
  interrupted: 'It was training when the page went away. Resume continues from its last checkpoint.',
  stopped: 'Stopped by you. Resume continues from its last checkpoint.',
  'early-stopped': 'The monitored metric stopped improving, so training ended before the last epoch.',
  imported: 'Made from a checkpoint file.',
};

export const TASK_TEXT: Record<ExperimentConfig['task'], string> = {
  classification: 'classification',
  multilabel: 'multi-label',
  segmentation: 'segmentation',
};

const PERCENT_METRICS = /accuracy|f1|map|iou|dice/;

/** Shares shown as percentages; losses never are, even the Dice loss. */
export function isPercentMetric(name: string): boolean {
  return PERCENT_METRICS.test(name) && !name.includes('loss');
}

/** "val accuracy", "train loss". */
export function metricLabel(name: string): string {
  return name
    .replace(/^val_/, 'val ')
    .replace(/^train_/, 'train ')
    .replace(/macro_f1/, 'macro F1')
    .replace(/micro_f1/, 'micro F1')
    .replace(/\bmap\b/, 'mAP')
    .replace(/mean_iou/, 'mean IoU')
    .replace(/mean_dice/, 'mean Dice')
    .replace(/_/g, ' ');
}

/** Accuracy-like metrics as percentages, losses with four significant digits. */
export function formatMetric(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (isPercentMetric(name)) return `${(value * 100).toFixed(1)}%`;
  return formatLoss(value);
}

export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(2);
  return v.toPrecision(4);
}

/** Axis ticks: three significant digits, no trailing zeros ("0.75", "1.25", "2.5e-4"). */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

/** Axis ticks of a metric: "75%" for accuracy-like metrics. */
/**
 * The metric axis: fractions stay within 0-100% on tenths that hold the data with some room (a flat 100%
 * would otherwise get an axis from -100% to 300%); other metrics fit their data.
 */
export function metricDomain(name: string): [AxisBound, AxisBound] {
  if (!isPercentMetric(name)) return ['auto', 'auto'];
  return [
    (min: number) => Math.max(0, Math.floor((min - 0.05) * 10) / 10),
    (max: number) => Math.min(1, Math.ceil((max + 0.05) * 10) / 10),
  ];
}
type AxisBound = 'auto' | ((v: number) => number);

export function formatMetricTick(name: string, v: number): string {
  if (!Number.isFinite(v)) return '';
  return isPercentMetric(name) ? `${Number((v * 100).toPrecision(3))}%` : formatTick(v);
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** 1e-3 → "1.0e-3", 0.01 → "0.01". */
export function formatLr(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return v !== 0 && Math.abs(v) < 0.01 ? v.toExponential(1) : String(+v.toPrecision(3));
}

/** The value of a monitored metric at an epoch (train_loss is kept outside the metrics map). */
export function metricAt(p: EpochPoint, name: string): number | undefined {
  if (name === 'train_loss') return p.train_loss;
  return p.metrics[name];
}

export interface Best {
  name: string;
  value: number;
  epoch: number;
}

/** The best epoch by the run's monitored metric and mode, or null before the first validation. */
export function bestEpoch(epochs: readonly EpochPoint[], monitor: ExperimentConfig['monitor']): Best | null {
  let best: Best | null = null;
  for (const p of epochs) {
    const v = metricAt(p, monitor.metric);
    if (v === undefined || !Number.isFinite(v)) continue;
    if (!best || (monitor.mode === 'min' ? v < best.value : v > best.value))
      best = { name: monitor.metric, value: v, epoch: p.epoch };
  }
  return best;
}

/**
 * The metric shown beside the losses on the epoch chart: the monitored one, or when a loss is monitored
 * mAP (multi-label, where accuracy means the strict subset accuracy) or else accuracy.
 */
export function headlineMetric(epochs: readonly EpochPoint[], monitored: string): string | null {
  if (!monitored.endsWith('_loss')) return monitored;
  const keys = epochs.length ? Object.keys(epochs[epochs.length - 1].metrics) : [];
  return (
    ['val_map', 'val_mean_iou', 'val_accuracy', 'val_macro_f1', 'val_micro_f1'].find((k) =>
      keys.includes(k),
    ) ??
    keys.find((k) => !k.endsWith('_loss')) ??
    null
  );
}
