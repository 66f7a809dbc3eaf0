import { describe, expect, it } from 'vitest';
import { TilewrightError } from '../../src/core/errors';
import { downsample, metricsCsv, parseMetricsCsv, smoothEma } from '../../src/core/train/history';
import type { History } from '../../src/core/train/types';

const history: History = {
  steps: [
    { step: 1, epoch: 0, loss: 1.5, lr: 0.001, grad_norm: 2, time_ms: 100 },
    { step: 2, epoch: 0, loss: 1.25, lr: 0.002, grad_norm: 1.5, time_ms: 200 },
    { step: 3, epoch: 1, loss: NaN, lr: 1e-7, grad_norm: Infinity, time_ms: 300 },
  ],
  epochs: [
    // Listed out of order on purpose: the file is ordered by step.
    { epoch: 1, step: 3, train_loss: 2, metrics: { val_loss: 0.9, val_accuracy: 0.75 }, time_ms: 350 },
    { epoch: 0, step: 2, train_loss: 1.375, metrics: { val_loss: 1.1, val_accuracy: 0.5 }, time_ms: 250 },
  ],
};

const lines = (csv: string) => csv.split('\r\n');

describe('metricsCsv (Lightning CSVLogger format)', () => {
  it('has a sorted header, sparse rows, and each epoch row after the step rows of its step', () => {
    expect(lines(metricsCsv(history))).toEqual([
      'epoch,grad_norm,lr,step,time_s,train_loss,train_loss_epoch,val_accuracy,val_loss',
      '0,2,0.001,1,0.1,1.5,,,',
      '0,1.5,0.002,2,0.2,1.25,,,',
      '0,,,2,0.25,,1.375,0.5,1.1',
      '1,inf,1e-7,3,0.3,nan,,,',
      '1,,,3,0.35,,2,0.75,0.9',
      '',
    ]);
  });

  it('quotes only column names that need it, and is empty for an empty history', () => {
    const odd: History = {
      steps: [],
      epochs: [{ epoch: 0, step: 0, train_loss: 1, metrics: { 'val_a,b': 1, 'val_"q"': 2 }, time_ms: 0 }],
    };
    const text = metricsCsv(odd);
    expect(lines(text)[0]).toBe('epoch,step,time_s,train_loss_epoch,"val_""q""","val_a,b"');
    expect(parseMetricsCsv(text).rows[0]).toMatchObject({ 'val_a,b': 1, 'val_"q"': 2 });
    expect(metricsCsv({ steps: [], epochs: [] })).toBe('');
    expect(parseMetricsCsv('')).toEqual({ columns: [], rows: [] });
  });
});

describe('parseMetricsCsv', () => {
  it('round-trips our file', () => {
    const { columns, rows } = parseMetricsCsv(metricsCsv(history));
    expect(columns).toEqual(lines(metricsCsv(history))[0].split(','));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({
      epoch: 0,
      grad_norm: 2,
      lr: 0.001,
      step: 1,
      time_s: 0.1,
      train_loss: 1.5,
      train_loss_epoch: null,
      val_accuracy: null,
      val_loss: null,
    });
    expect(rows[2]).toMatchObject({ epoch: 0, step: 2, val_loss: 1.1, train_loss: null, time_s: 0.25 });
    expect(rows[3].train_loss).toBeNaN();
    expect(rows[3].grad_norm).toBe(Infinity);
    expect(rows[3].lr).toBe(1e-7);
  });

  it("reads a file written by Lightning's CSVLogger", () => {
    // As Python's csv module writes it: \r\n line ends, float repr (1e-05), nan.
    const text = [
      'epoch,step,train_loss,val_acc,val_loss',
      '0,49,0.71,,',
      '0,99,0.52,,',
      '0,99,,0.81,0.48',
      '1,149,nan,,',
      '1,199,1e-05,0.8125,0.4375',
      '',
    ].join('\r\n');
    const { columns, rows } = parseMetricsCsv(text);
    expect(columns).toEqual(['epoch', 'step', 'train_loss', 'val_acc', 'val_loss']);
    expect(rows).toHaveLength(5);
    expect(rows[2]).toEqual({ epoch: 0, step: 99, train_loss: null, val_acc: 0.81, val_loss: 0.48 });
    expect(rows[3].train_loss).toBeNaN();
    expect(rows[4]).toEqual({ epoch: 1, step: 199, train_loss: 1e-5, val_acc: 0.8125, val_loss: 0.4375 });
  });

  it('takes \\n line ends, a BOM, blank lines, and quoted cells', () => {
    const { columns, rows } = parseMetricsCsv('\ufeff"a",b\n\n"1", 2 \n"-inf",\n');
    expect(columns).toEqual(['a', 'b']);
    expect(rows).toEqual([
      { a: 1, b: 2 },
      { a: -Infinity, b: null },
    ]);
  });

  it('names the line of a malformed file', () => {
    const fails = (text: string, message: RegExp) => {
      let error: unknown;
      try {
        parseMetricsCsv(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TilewrightError);
      expect(error).toMatchObject({ code: 'bad-file', subject: 'metrics.csv' });
      expect((error as Error).message).toMatch(message);
    };
    fails('a,b\n1,2\n3\n', /line 3 has 1 cells, the header has 2/);
    fails('a,b\n\n1,x\n', /line 3, column b: "x" is not a number/);
    fails('a,b\n1,0x10\n', /line 2, column b/);
    fails('a,b\n1,constructor\n', /line 2, column b/);
    fails('a,b\n1,"2\n', /line 2: a quoted field is never closed/);
    fails('a,b\n1,"2"3\n', /line 2: text after the closing quote/);
    fails('a,b\n1,2"\n', /line 2: a quote inside an unquoted field/);
    fails('a,a\n1,2\n', /line 1: the header names a twice/);
    fails('a,,b\n1,2,3\n', /line 1: the header has an empty column name/);
  });
});

describe('smoothEma', () => {
  it('smooths like TensorBoard (debiased EMA) and passes NaN through', () => {
    // last: 0.5, 1.25, (NaN skipped), 2.625; debias 1 - 0.5^k for k = 1, 2, 3.
    const s = smoothEma([1, 2, NaN, 4], 0.5);
    expect(s[0]).toBe(1);
    expect(s[1]).toBeCloseTo(1.25 / 0.75, 15);
    expect(s[2]).toBeNaN();
    expect(s[3]).toBeCloseTo(2.625 / 0.875, 15);
    expect(s[3]).toBeCloseTo(3, 15);
  });

  it('leaves a series alone at weight 0 and a constant series at any weight', () => {
    expect(smoothEma([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(smoothEma([0.1, 0.1, 0.1], 0.9)).toEqual([0.1, 0.1, 0.1]);
    expect(smoothEma([], 0.6)).toEqual([]);
  });

  it('clamps the weight to 0.999 so the average still moves', () => {
    const s = smoothEma([1, 2], 1);
    expect(s[0]).toBe(1);
    expect(s[1]).toBeCloseTo((0.999 * 0.001 + 0.001 * 2) / (1 - 0.999 ** 2), 12);
  });
});

describe('downsample', () => {
  const pts = Array.from({ length: 100_000 }, (_, i) => ({ x: i, y: Math.sin(i / 100) }));
  pts[54_321].y = 50;
  pts[77_777].y = -50;

  it('keeps the first and last points and the global spikes, in x order', () => {
    const d = downsample(pts, 1000, (p) => p.y);
    expect(d.length).toBeLessThanOrEqual(1002);
    expect(d.length).toBeGreaterThan(900);
    expect(d[0]).toBe(pts[0]);
    expect(d.at(-1)).toBe(pts.at(-1));
    expect(d).toContain(pts[54_321]);
    expect(d).toContain(pts[77_777]);
    for (let i = 1; i < d.length; i++) expect(d[i].x).toBeGreaterThan(d[i - 1].x);
  });

  it('returns a short input as is and stays small for tiny budgets', () => {
    const few = pts.slice(0, 10);
    expect(downsample(few, 1000, (p) => p.y)).toBe(few);
    expect(downsample(pts, 0, (p) => p.y)).toEqual([pts[0], pts.at(-1)]);
    expect(downsample(pts, 3, (p) => p.y).length).toBeLessThanOrEqual(5);
  });

  it('never picks NaN as an extreme', () => {
    const ys = [0, NaN, 5, NaN, -5, NaN, NaN, NaN, NaN, 1];
    const d = downsample(
      ys.map((y, x) => ({ x, y })),
      6,
      (p) => p.y,
    );
    // Buckets [1, 5) and [5, 9): the first keeps -5 and 5 in x order, the second (all NaN) its first point.
    expect(d.map((p) => p.x)).toEqual([0, 2, 4, 5, 9]);
  });
});
