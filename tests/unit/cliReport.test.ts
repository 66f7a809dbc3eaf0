// `tilewright classification-report` as a child process: the JSON it prints is scikit-learn's answer,
// and bad input names the file and the field.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { palettePng, pngImage, pngMask } from '../fixtures/images';
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

describe('segmentation-report', () => {
  it('reads label maps from nested rows and from gray and palette PNGs alike', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-seg-'));
    // 4×3 maps: target and prediction; 255 unlabelled.
    const target = [0, 0, 1, 1, 0, 2, 1, 1, 255, 2, 2, 0];
    const pred = [0, 1, 1, 1, 0, 2, 1, 0, 0, 2, 1, 0];
    const rows = (v: number[]) => [v.slice(0, 4), v.slice(4, 8), v.slice(8, 12)];
    fs.mkdirSync(path.join(dir, 'masks'));
    fs.writeFileSync(
      path.join(dir, 'masks', 'target.png'),
      pngMask(4, 3, (x, y) => target[y * 4 + x]),
    );
    // The prediction as a 2-bit palette PNG: its values are indices 0-2, whatever the colours.
    fs.writeFileSync(path.join(dir, 'masks', 'pred.png'), palettePng(4, 3, pred, 2));
    const base = { num_classes: 3, class_names: ['background', 'rectangle', 'ellipse'], ignore_index: 255 };
    const fromPng = path.join(dir, 'png.json');
    fs.writeFileSync(
      fromPng,
      JSON.stringify({
        ...base,
        samples: [{ name: 's', target: 'masks/target.png', pred: 'masks/pred.png' }],
      }),
    );
    const fromRows = path.join(dir, 'rows.json');
    fs.writeFileSync(
      fromRows,
      JSON.stringify({ ...base, samples: [{ name: 's', target: rows(target), pred: rows(pred) }] }),
    );
    const [a, b] = await Promise.all([
      runCli(['segmentation-report', fromPng]),
      runCli(['segmentation-report', fromRows]),
    ]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout) as {
      dataset: {
        confusion_matrix: number[][];
        pixel_accuracy: number;
        per_class: Record<string, { iou: number }>;
      };
    };
    // Rows target, columns predicted; the unlabelled pixel left out (11 pixels).
    expect(out.dataset.confusion_matrix).toEqual([
      [3, 1, 0],
      [1, 3, 0],
      [0, 1, 2],
    ]);
    expect(out.dataset.pixel_accuracy).toBeCloseTo(8 / 11, 12);
    expect(out.dataset.per_class.ellipse.iou).toBeCloseTo(2 / 3, 12);

    // A colour PNG is refused, with the sample's field and the file named.
    fs.writeFileSync(path.join(dir, 'masks', 'rgb.png'), pngImage(4, 3, 1));
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({ ...base, samples: [{ name: 's', target: 'masks/rgb.png', pred: 'masks/pred.png' }] }),
    );
    const r = await runCli(['segmentation-report', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${bad}: samples[0].target: masks/rgb.png: PNG: a label map must be a grayscale or palette PNG`,
    );
    const missing = path.join(dir, 'missing.json');
    fs.writeFileSync(
      missing,
      JSON.stringify({ ...base, samples: [{ name: 's', target: 'nope.png', pred: 'masks/pred.png' }] }),
    );
    const m = await runCli(['segmentation-report', missing]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('samples[0].target: cannot read nope.png (no such file)');
  }, 60_000);
});
