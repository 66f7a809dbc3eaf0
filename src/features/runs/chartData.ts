// Series for the charts: at most MAX_POINTS points whatever the length of the run, so a chart of
// 100,000 steps draws as fast as one of 100. Raw values are read once per new length.
import { downsample, smoothEma } from '../../core/train/history';
import type { EpochPoint, StepPoint } from '../../core/train/types';
import { metricAt } from './runFacts';

export const MAX_POINTS = 1000;
/** Below this many points a chart animates its changes; above, it redraws at once. */
export const ANIMATE_BELOW = 120;

export interface LossRow {
  step: number;
  loss: number;
  smooth: number;
  /** The loss's parts (segmentation: ce, dice, focal), smoothed like the loss. */
  parts?: Record<string, number>;
}

/** Names of the loss parts the steps carry, in their order (none for a plain loss). */
export function lossParts(steps: readonly StepPoint[]): string[] {
  return steps.length ? Object.keys(steps[0].parts ?? {}) : [];
}

/** Training loss per step, raw and smoothed (EMA over every point, then thinned), and its smoothed parts. */
export function lossRows(steps: readonly StepPoint[], count: number, weight: number): LossRow[] {
  const n = Math.min(count, steps.length);
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = steps[i].loss;
  const smooth = smoothEma(values, weight);
  const parts = lossParts(steps).map((k) => {
    const v = new Array<number>(n);
    for (let i = 0; i < n; i++) v[i] = steps[i].parts?.[k] ?? NaN;
    return [k, smoothEma(v, weight)] as const;
  });
  return thin(n, (i) => values[i]).map((i) => ({
    step: steps[i].step,
    loss: values[i],
    smooth: smooth[i],
    ...(parts.length ? { parts: Object.fromEntries(parts.map(([k, v]) => [k, v[i]])) } : {}),
  }));
}

export interface LrRow {
  step: number;
  lr: number;
}

export function lrRows(steps: readonly StepPoint[], count: number): LrRow[] {
  const n = Math.min(count, steps.length);
  return thin(n, (i) => steps[i].lr).map((i) => ({ step: steps[i].step, lr: steps[i].lr }));
}

export interface EpochRow {
  /** 1-based, as people count epochs. */
  epoch: number;
  train_loss: number;
  val_loss?: number;
  metric?: number;
}

export function epochRows(epochs: readonly EpochPoint[], metric: string | null): EpochRow[] {
  return epochs.map((p) => ({
    epoch: p.epoch + 1,
    train_loss: p.train_loss,
    val_loss: finite(p.metrics.val_loss),
    metric: metric ? finite(metricAt(p, metric)) : undefined,
  }));
}

/** Smoothed training loss of one run, thinned, for overlaying runs. */
export function smoothedLoss(steps: readonly StepPoint[], weight: number): { step: number; value: number }[] {
  const values = steps.map((s) => s.loss);
  const smooth = smoothEma(values, weight);
  return thin(steps.length, (i) => smooth[i]).map((i) => ({ step: steps[i].step, value: smooth[i] }));
}

/** Indices of the points to draw: every point when few, else a shape-keeping selection of MAX_POINTS. */
function thin(n: number, y: (i: number) => number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  return n <= MAX_POINTS ? all : downsample(all, MAX_POINTS, y);
}

function finite(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}
