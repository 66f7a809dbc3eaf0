// `tilewright classification-report` as a child process: the JSON it prints is scikit-learn's answer,
// and bad input names the file and the field.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/runCli';

const fixture = JSON.parse(
  fs.readFileSync(new URL('../fixtures/sklearn/reports.json', import.meta.url), 'utf8'),
) as { cases: { name: string; input: unknown; expected: Record<string, unknown> }[] };

function writeInput(name: string, value: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tw-report-')), name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('classification-report', () => {
  it('prints scikit-learn numbers for a single-label and a multi-label file', async () => {
    for (const c of [fixture.cases[0], fixture.cases.find((x) => x.expected.multilabel_confusion_matrix)!]) {
      const r = await runCli(['classification-report', writeInput('in.json', c.input)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(out)).toEqual(Object.keys(c.expected));
      expect(Object.keys(out.classification_report as object)).toEqual(
        Object.keys(c.expected.classification_report as object),
      );
      expect(out.accuracy).toBeCloseTo(c.expected.accuracy as number, 12);
    }
  }, 60_000);

  it('reads stdin, and rejects bad input with the file and field named, exit 2', async () => {
    const piped = await runCli(
      ['classification-report', '-'],
      JSON.stringify({ y_true: [0, 1], y_pred: [0, 0] }),
    );
    expect(piped.code).toBe(0);
    expect((JSON.parse(piped.stdout) as { confusion_matrix: number[][] }).confusion_matrix).toEqual([
      [1, 0],
      [1, 0],
    ]);
    const badField = writeInput('preds.json', { y_true: [0, 1], y_pred: [0, 7], label_names: ['a', 'b'] });
    const r = await runCli(['classification-report', badField]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${badField}: y_pred: y_pred[1] = 7 has no name`);
    const notJson = writeInput('broken.json', '{"y_true": [0,');
    const j = await runCli(['classification-report', notJson]);
    expect(j.code).toBe(2);
    expect(j.stderr).toContain(`${notJson}: not JSON`);
    const missing = await runCli(['classification-report', '/no/such/file.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read /no/such/file.json: no such file');
  }, 60_000);
});
