import { describe, expect, it } from 'vitest';
import type { EpochPoint, StepPoint } from '../../src/core/train/types';
import { MAX_POINTS, epochRows, lossRows, lrRows } from '../../src/features/runs/chartData';
import {
  bestEpoch,
  formatMetric,
  headlineMetric,
  metricDomain,
  metricLabel,
} from '../../src/features/runs/runFacts';

const steps = (n: number): StepPoint[] =>
  Array.from({ length: n }, (_, i) => ({
    step: i + 1,
    epoch: Math.floor(i / 100),
    loss: 2 / (1 + i / 1000) + (i % 97 === 0 ? 3 : 0),
    lr: 1e-3 * Math.cos((i / n) * (Math.PI / 2)),
    grad_norm: 1,
    time_ms: i,
  }));

describe('chart series', () => {
  it('draws 100,000 steps with at most ~MAX_POINTS points, keeping the ends and the spikes', () => {
    const all = steps(100_000);
    const t0 = performance.now();
    const rows = lossRows(all, all.length, 0.6);
    const ms = performance.now() - t0;
    expect(rows.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(rows.length).toBeGreaterThan(MAX_POINTS / 2);
    expect(rows[0].step).toBe(1);
    expect(rows.at(-1)!.step).toBe(100_000);
    expect(Math.max(...rows.map((r) => r.loss))).toBeGreaterThan(4); // a spike survived
    expect(ms).toBeLessThan(200);
    expect(lrRows(all, all.length).length).toBeLessThanOrEqual(MAX_POINTS);
  });

  it('reads only the first `count` points of a growing array', () => {
    const all = steps(50);
    expect(lossRows(all, 20, 0).map((r) => r.step)).toEqual(all.slice(0, 20).map((s) => s.step));
    expect(lossRows(all, 20, 0).map((r) => r.smooth)).toEqual(all.slice(0, 20).map((s) => s.loss));
  });

  it('numbers epochs from 1 and picks the headline metric and the best epoch', () => {
    const epochs: EpochPoint[] = [0.9, 0.6, 0.7].map((v, e) => ({
      epoch: e,
      step: (e + 1) * 10,
      train_loss: v + 0.1,
      metrics: { val_loss: v, val_accuracy: 1 - v },
      time_ms: e,
    }));
    expect(epochRows(epochs, 'val_accuracy').map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(headlineMetric(epochs, 'val_loss')).toBe('val_accuracy');
    const multi = epochs.map((p) => ({ ...p, metrics: { ...p.metrics, val_map: 0.5, val_micro_f1: 0.4 } }));
    expect(headlineMetric(multi, 'val_loss')).toBe('val_map');
    expect(headlineMetric(multi, 'val_micro_f1')).toBe('val_micro_f1');
    expect(bestEpoch(epochs, { metric: 'val_loss', mode: 'min' })).toMatchObject({ epoch: 1, value: 0.6 });
    expect(bestEpoch(epochs, { metric: 'train_loss', mode: 'min' })?.epoch).toBe(1);
    expect(formatMetric('val_accuracy', 0.4)).toBe('40.0%');
    const [lo, hi] = metricDomain('val_map') as [(v: number) => number, (v: number) => number];
    expect([lo(1), hi(1)]).toEqual([0.9, 1]);
    expect([lo(0.02), hi(0.42)]).toEqual([0, 0.5]);
    expect(metricDomain('val_loss')).toEqual(['auto', 'auto']);
    expect(formatMetric('val_loss', 0.123456)).toBe('0.1235');
    // Segmentation: IoU and Dice are shares, the Dice loss is not.
    const seg = epochs.map((p) => ({ ...p, metrics: { val_loss: 1, val_mean_iou: 0.3 } }));
    expect(headlineMetric(seg, 'val_loss')).toBe('val_mean_iou');
    expect(formatMetric('val_mean_dice', 0.25)).toBe('25.0%');
    expect(formatMetric('val_loss_dice', 0.25)).toBe('0.2500');
    expect(metricDomain('train_loss_dice')).toEqual(['auto', 'auto']);
    expect(metricLabel('val_mean_iou')).toBe('val mean IoU');
  });

  it('smooths the loss parts of segmentation steps like the loss', () => {
    const steps = [0, 1, 2, 3].map((i) => ({
      step: i + 1,
      epoch: 0,
      loss: 2 - 0.1 * i,
      lr: 1e-3,
      grad_norm: 1,
      time_ms: i,
      parts: { ce: 1.5 - 0.1 * i, dice: 1 },
    }));
    const rows = lossRows(steps, 4, 0);
    expect(rows.map((r) => r.parts)).toEqual(steps.map((s) => s.parts));
    expect(lossRows(steps, 4, 0.5)[3].parts!.dice).toBeCloseTo(1, 12);
  });
});
