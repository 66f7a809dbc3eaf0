// Any metrics log as series: the studio's history and a PyTorch Lightning CSVLogger metrics.csv.
import { describe, expect, it } from 'vitest';
import { historyTable, metricsCsv, parseMetricsCsv } from '../../src/core/train/history';
import { axesOf, metricColumns, metricSeries } from '../../src/core/train/metricSeries';
import type { History } from '../../src/core/train/types';

// As Lightning 2.x writes it: one row per log call, train and val values on different rows.
const LIGHTNING = [
  'epoch,step,train_acc_step,train_loss_epoch,train_loss_step,val_acc,val_loss',
  '0,49,0.5,,0.9,,',
  '0,99,0.7,,0.7,,',
  '0,99,,,,0.75,0.62',
  '0,99,,0.8,,,',
  '1,149,0.8,,0.5,,',
  '1,199,0.9,,nan,,',
  '1,199,,,,0.85,0.41',
  '1,199,,0.5,,,',
  '',
].join('\r\n');

describe('metricSeries', () => {
  const table = parseMetricsCsv(LIGHTNING);

  it('finds the metric columns and the axes', () => {
    expect(metricColumns(table)).toEqual([
      'train_acc_step',
      'train_loss_epoch',
      'train_loss_step',
      'val_acc',
      'val_loss',
    ]);
    expect(axesOf(table)).toEqual(['step', 'epoch']);
    expect(axesOf({ columns: ['loss'], rows: [] })).toEqual(['step']);
  });

  it('against step: every logged value at its step, empty and nan cells skipped', () => {
    const s = Object.fromEntries(metricSeries(table, 'step').map((m) => [m.name, m.points]));
    expect(s.train_loss_step).toEqual([
      { x: 49, y: 0.9 },
      { x: 99, y: 0.7 },
      { x: 149, y: 0.5 },
    ]);
    expect(s.val_acc).toEqual([
      { x: 99, y: 0.75 },
      { x: 199, y: 0.85 },
    ]);
  });

  it('against epoch: per-step values averaged over the epoch, epoch values kept', () => {
    const s = Object.fromEntries(metricSeries(table, 'epoch').map((m) => [m.name, m.points]));
    expect(s.train_acc_step.map((p) => p.x)).toEqual([0, 1]);
    expect(s.train_acc_step[0].y).toBeCloseTo(0.6, 12);
    expect(s.train_acc_step[1].y).toBeCloseTo(0.85, 12);
    expect(s.train_loss_step).toEqual([
      { x: 0, y: 0.8 },
      { x: 1, y: 0.5 },
    ]);
    expect(s.val_loss).toEqual([
      { x: 0, y: 0.62 },
      { x: 1, y: 0.41 },
    ]);
  });

  it('without a step column, rows are numbered', () => {
    const t = parseMetricsCsv('loss\n3\n2\n\n1\n');
    expect(metricSeries(t, 'step')[0].points).toEqual([
      { x: 0, y: 3 },
      { x: 1, y: 2 },
      { x: 2, y: 1 },
    ]);
  });

  it("the studio's history table is what its metrics.csv reads back as", () => {
    const h: History = {
      steps: [1, 2].map((step) => ({
        step,
        epoch: 0,
        loss: 1 / step,
        lr: 0.1,
        grad_norm: 2,
        time_ms: step * 10,
      })),
      epochs: [
        { epoch: 0, step: 2, train_loss: 0.75, metrics: { val_loss: 0.7, val_accuracy: 0.5 }, time_ms: 25 },
      ],
    };
    expect(historyTable(h)).toEqual(parseMetricsCsv(metricsCsv(h)));
    const names = metricSeries(historyTable(h), 'epoch').map((m) => m.name);
    expect(names).toEqual(['grad_norm', 'lr', 'train_loss', 'train_loss_epoch', 'val_accuracy', 'val_loss']);
  });
});
