// The classification report against scikit-learn: tests/fixtures/sklearn/make_reports.py ran
// scikit-learn on each case's input and stored its answers; ours must match every number and key.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classificationReport } from '../../src/core/evaluate/classificationReport';
import { parseReportInput } from '../../src/core/evaluate/reportInput';
import { jsonText } from '../../src/core/formats/json';
import { calibration, rocAuc, topKAccuracy } from '../../src/core/metrics/scoring';
import { evaluationMetrics } from '../../src/core/evaluate/evaluationMetrics';
import { reportTable, summaryTable } from '../../src/core/evaluate/reportTables';
import { sampleRows } from '../../src/core/evaluate/sampleRows';
import { differences } from '../fixtures/compare';

interface Case {
  name: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn/reports.json', import.meta.url), 'utf8'),
) as {
  sklearn: string;
  cases: Case[];
};

describe(`classification report equals scikit-learn ${fixture.sklearn}`, () => {
  it('has the cases the issue asks for', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(8);
  });
  for (const c of fixture.cases)
    it(c.name, () => {
      const report = classificationReport(parseReportInput(c.input));
      const ours = JSON.parse(jsonText(report)) as unknown;
      expect(differences(ours, c.expected)).toEqual([]);
      // The report rows in scikit-learn's order, `accuracy` or `micro avg` in its place.
      expect([...report.classification_report.keys()]).toEqual(
        Object.keys(c.expected.classification_report as object),
      );
    });
});

describe("the studio's evaluation", () => {
  it('gives scikit-learn numbers from its scored samples (float32 probabilities, argmax predictions)', () => {
    const c = fixture.cases[0];
    const input = c.input as { y_true: number[]; y_score: number[][]; label_names: string[] };
    const n = input.y_true.length;
    const probs = Float32Array.from(input.y_score.flat());
    const rows = sampleRows(
      {
        keys: input.y_true.map((_, i) => i),
        names: input.y_true.map((_, i) => `${i}.png`),
        targets: input.y_true,
        probs,
        losses: new Float32Array(n),
      },
      input.label_names.length,
      false,
      0.5,
    );
    const m = evaluationMetrics(rows, probs, input.label_names, false);
    const ours = JSON.parse(jsonText(m.report)) as Record<string, number | object>;
    const e = c.expected as Record<string, number | object>;
    for (const key of [
      'confusion_matrix',
      'classification_report',
      'cohen_kappa_quadratic',
      'matthews_corrcoef',
    ])
      expect(differences(ours[key], e[key], key)).toEqual([]);
    // Probabilities went through float32: equal to about 1e-6.
    expect(ours.log_loss as number).toBeCloseTo(e.log_loss as number, 5);
    expect(m.calibration!.ece).toBeCloseTo(e.ece as number, 5);
  });

  it('lays the report out as tables: class rows, then accuracy or micro avg, then the averages', () => {
    const single = classificationReport(parseReportInput({ y_true: [0, 1, 1], y_pred: [0, 1, 0] }));
    const t = reportTable(single);
    expect(t.columns).toEqual(['class', 'precision', 'recall', 'f1-score', 'support']);
    expect(t.rows.map((r) => r[0])).toEqual(['0', '1', 'accuracy', 'macro avg', 'weighted avg']);
    expect(t.rows[2]).toEqual(['accuracy', null, null, 2 / 3, 3]);
    expect(summaryTable(single).rows.map((r) => r[0])).toContain('cohen_kappa_quadratic');
    const multi = classificationReport(
      parseReportInput({
        y_true: [
          [1, 1],
          [0, 1],
        ],
        y_pred: [
          [1, 0],
          [1, 1],
        ],
        y_score: [
          [0.9, 0.2],
          [0.6, 0.7],
        ],
      }),
    );
    const mt = reportTable(multi);
    expect(mt.columns.slice(-2)).toEqual(['average_precision', 'roc_auc']);
    expect(mt.rows.map((r) => r[0])).toEqual([
      '0',
      '1',
      'micro avg',
      'macro avg',
      'weighted avg',
      'samples avg',
    ]);
    expect(mt.rows[1].slice(-2)).toEqual([1, null]); // label 1: AP 1; one class only, so no ROC AUC
  });
});

describe('report input', () => {
  const base = { y_true: [0, 1, 2], y_pred: [0, 2, 2] };
  const message = (input: unknown) => {
    try {
      parseReportInput(input);
      return 'no error';
    } catch (e) {
      return (e as Error).message;
    }
  };
  it('names the field and the bad value', () => {
    expect(message({ ...base, y_pred: [0, 1] })).toMatch(/^y_pred: expected 3 entries like y_true, got 2/);
    expect(message({ ...base, y_true: [0, -1, 2] })).toMatch(/y_true\[1\] = -1 is not a class index/);
    expect(message({ ...base, label_names: ['a', 'b'] })).toMatch(
      /y_true\[2\] = 2 has no name: label_names holds 2 names/,
    );
    expect(message({ ...base, labels: [0, 0] })).toMatch(/labels\[1\] = 0 is listed twice/);
    expect(message({ ...base, ytrue: [] })).toMatch(/^ytrue: unknown key/);
    expect(
      message({
        ...base,
        y_score: [
          [0.5, 0.5],
          [0.1, 0.9],
          [0.2, 0.8],
        ],
      }),
    ).toMatch(/y_true\[2\] = 2 has no score/);
    expect(
      message({
        ...base,
        y_score: [
          [0.5, 0.5, 0],
          [0.1, NaN, 0],
          [0.2, 0.8, 0],
        ],
      }),
    ).toMatch(/y_score\[1\]\[1\]/);
    expect(message({ y_true: [[0, 1]], y_pred: [[0, 2]] })).toMatch(/y_pred\[0\]\[1\] = 2 is not 0 or 1/);
    expect(message({ y_true: [[0, 1]], y_pred: [[0, 1]], multilabel: false })).toMatch(
      /set multilabel to true/,
    );
    expect(message([1, 2])).toMatch(/^input: expected a JSON object/);
  });
});

describe('scores', () => {
  it('top-k ranks ties with the higher class first, as scikit-learn', () => {
    // Class 1 and 2 tie; sklearn ranks 2 ahead, so true class 1 is not in the top 1 but is in the top 2.
    const scores = [0.2, 0.4, 0.4];
    expect(topKAccuracy([1], scores, 3, 1)).toBe(0);
    expect(topKAccuracy([1], scores, 3, 2)).toBe(1);
    expect(topKAccuracy([2], scores, 3, 1)).toBe(1);
  });
  it('ROC AUC counts ties as half and is NaN with a single class', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(rocAuc([0.5, 0.2], [1, 1])).toBeNaN();
  });
  it('calibration bins hold (lo, hi] and the ECE weighs each bin by its share', () => {
    // Two samples at 0.9 confidence, one right; two at 0.6, both right.
    const scores = [0.9, 0.1, 0.9, 0.1, 0.6, 0.4, 0.4, 0.6];
    const c = calibration([0, 1, 0, 1], scores, 2, 10);
    const used = c.bins.filter((b) => b.count);
    expect(used.map((b) => [b.hi, b.count, b.accuracy])).toEqual([
      [0.6000000000000001, 2, 1],
      [0.9, 2, 0.5],
    ]);
    expect(c.ece).toBeCloseTo(0.5 * 0.4 + 0.5 * 0.4, 12);
  });
});
