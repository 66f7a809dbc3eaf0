import { describe, expect, it } from 'vitest';
import { downsample, metricsCsv, parseMetricsCsv, smoothEma } from '../../src/core/train/history';
import type { History } from '../../src/core/train/types';

const history: History = {
  steps: [
    { step: 1, epoch: 0, loss: 1.5, lr: 0.001, grad_norm: 2, time_ms: 100 },
    { step: 2, epoch: 0, loss: 1.25, lr: 0.002, grad_norm: 1.5, time_ms: 200 },
    { step: 3, epoch: 1, loss: NaN, lr: 0.002, grad_norm: 1, time_ms: 300 },
  ],
  epochs: [
    { epoch: 0, step: 2, train_loss: 1.375, metrics: { val_loss: 1.1, val_accuracy: 0.5 }, time_ms: 250 },
  ],
};

describe('metrics.csv (Lightning CSVLogger format)', () => {
  it('has a sorted header and sparse rows, epoch rows after the steps of their step', () => {
    const lines = metricsCsv(history).trim().split('\n');
    expect(lines[0]).toBe('epoch,grad_norm,lr,step,time_s,train_loss,train_loss_epoch,val_accuracy,val_loss');
    expect(lines[1]).toBe('0,2,0.001,1,0.1,1.5,,,');
    expect(lines[3]).toBe('0,,,2,0.25,,1.375,0.5,1.1');
    expect(lines[4]).toBe('1,1,0.002,3,0.3,nan,,,');
  });

  it('round-trips through the parser', () => {
    const { columns, rows } = parseMetricsCsv(metricsCsv(history));
    expect(columns).toContain('val_loss');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toMatchObject({ epoch: 0, step: 2, val_loss: 1.1, train_loss: null });
    expect(rows[3].train_loss).toBeNaN();
  });

  it("reads a file written by Lightning's CSVLogger", () => {
    const text =
      'epoch,step,train_loss,val_acc,val_loss\n0,49,0.71,,\n0,99,0.52,,\n0,99,,0.81,0.48\n1,149,0.44,,\n';
    const { columns, rows } = parseMetricsCsv(text);
    expect(columns).toEqual(['epoch', 'step', 'train_loss', 'val_acc', 'val_loss']);
    expect(rows[2]).toEqual({ epoch: 0, step: 99, train_loss: null, val_acc: 0.81, val_loss: 0.48 });
  });

  it('names the line of a malformed file', () => {
    expect(() => parseMetricsCsv('a,b\n1,2\n3\n')).toThrow(/line 3/);
    expect(() => parseMetricsCsv('a,b\n1,x\n')).toThrow(/line 2, column b/);
  });
});

describe('chart helpers', () => {
  it('smooths like TensorBoard (debiased EMA) and passes NaN through', () => {
    const s = smoothEma([1, 2, NaN, 4], 0.5);
    expect(s[0]).toBeCloseTo(1);
    expect(s[1]).toBeCloseTo((0.25 + 1) / 0.75);
    expect(s[2]).toBeNaN();
    expect(s[3]).toBeCloseTo((((0.25 + 1) * 0.5 + 2) * 1) / 0.875);
  });

  it('downsamples 100,000 points keeping the spikes', () => {
    const pts = Array.from({ length: 100_000 }, (_, i) => ({ x: i, y: Math.sin(i / 100) }));
    pts[54_321].y = 50;
    pts[77_777].y = -50;
    const d = downsample(pts, 1000, (p) => p.y);
    expect(d.length).toBeLessThanOrEqual(1002);
    expect(d[0]).toBe(pts[0]);
    expect(d.at(-1)).toBe(pts.at(-1));
    expect(d).toContain(pts[54_321]);
    expect(d).toContain(pts[77_777]);
    for (let i = 1; i < d.length; i++) expect(d[i].x).toBeGreaterThan(d[i - 1].x);
    expect(downsample(pts.slice(0, 10), 1000, (p) => p.y)).toHaveLength(10);
  });
});
