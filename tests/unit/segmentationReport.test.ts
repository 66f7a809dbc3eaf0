// The segmentation report against numpy: tests/fixtures/numpy/make_segmentation.py computed each case
// with its own numpy code; ours must match every number and key.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseSegmentationInput,
  scoresFromConfusion,
  segmentationReport,
} from '../../src/core/evaluate/segmentationReport';
import { jsonText } from '../../src/core/formats/json';
import { occlusionBins } from '../../src/core/evaluate/occlusion';
import { segmentationDocument } from '../../src/core/evaluate/segmentationDocument';
import {
  ERROR,
  errorMap,
  lowScoreRows,
  segmentationRows,
  segmentationRowsCsv,
} from '../../src/core/evaluate/segmentationRows';
import { differences } from '../fixtures/compare';

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/numpy/segmentation.json', import.meta.url), 'utf8'),
) as { numpy: string; cases: { name: string; input: unknown; expected: Record<string, unknown> }[] };

describe(`segmentation report equals numpy ${fixture.numpy}`, () => {
  for (const c of fixture.cases)
    it(c.name, () => {
      const ours = JSON.parse(jsonText(segmentationReport(parseSegmentationInput(c.input)))) as unknown;
      expect(differences(ours, c.expected)).toEqual([]);
    });

  it('keeps samples in input order, excluded classes by name', () => {
    const r = segmentationReport(
      parseSegmentationInput({
        num_classes: 3,
        class_names: ['bg', 'rect', 'ell'],
        samples: [
          { name: 'z', target: [[0, 1]], pred: [[0, 1]] },
          { name: '1', target: [[0, 0]], pred: [[0, 2]] },
        ],
      }),
    );
    expect([...r.per_sample.keys()]).toEqual(['z', '1']);
    expect(r.per_sample.get('z')!.classes_excluded_from_means).toEqual(['ell']);
    expect(r.per_sample.get('1')!.per_class.get('ell')).toEqual({
      iou: 0,
      dice: 0,
      class_accuracy: null,
      tp: 0,
      fp: 1,
      fn: 0,
    });
  });
});

describe('segmentation report input', () => {
  const message = (input: unknown) => {
    try {
      segmentationReport(parseSegmentationInput(input));
      return 'no error';
    } catch (e) {
      return (e as Error).message;
    }
  };
  const one = (target: unknown, pred: unknown, extra = {}) => ({
    num_classes: 2,
    samples: [{ name: 'a.png', target, pred }],
    ...extra,
  });
  it('names the field, the sample and the pixel', () => {
    expect(message({ samples: [] })).toMatch(/^num_classes: expected an integer from 1/);
    expect(message(one([[0, 1]], [[0, 1]], { ignore_index: 1 }))).toMatch(/ignore_index: 1 is a class index/);
    expect(message(one([[0, 1], [0]], [[0, 1]]))).toMatch(
      /samples\[0\]\.target: row 1 has 1 values; row 0 has 2/,
    );
    expect(message(one([[0, 1]], [[0, 1, 1]]))).toMatch(
      /samples\[0\] \(a\.png\): the target is 2×1 but the prediction 3×1/,
    );
    expect(message(one([[0, 5]], [[0, 1]]))).toMatch(/target pixel \(1, 0\) is 5, not a class below 2/);
    expect(message(one([[0, 1]], [[0, -1]]))).toMatch(/pred pixel \(1, 0\) is -1/);
    expect(message(one([[0, 1]], [[0, 0.5]]))).toMatch(
      /samples\[0\]\.pred: pixel \(1, 0\) is 0\.5, not an integer/,
    );
    expect(message(one('a.png', [[0]]))).toMatch(/paths to PNG label maps are read by the command line only/);
    expect(
      message({
        num_classes: 1,
        samples: [
          { name: 'x', target: [[0]], pred: [[0]] },
          { name: 'x', target: [[0]], pred: [[0]] },
        ],
      }),
    ).toMatch(/samples\[1\]\.name: "x" is used by an earlier sample/);
    expect(message({ ...one([[0]], [[0]]), classes: 2 })).toMatch(/^classes: unknown key/);
  });
});

describe('segmentation rows and error maps', () => {
  it('scores each sample from its own matrix, lists the low ones lowest first, and writes CSV', () => {
    // Two classes; sample a: perfect; b: half its object missed; c: nothing labelled.
    const confusion = Uint32Array.from([2, 0, 0, 2, 2, 0, 1, 1, 0, 0, 0, 0]);
    const rows = segmentationRows({ keys: [7, 8, 9], names: ['a.png', 'b,1.png', 'c.png'], confusion }, 2);
    expect(rows.map((r) => r.mean_iou)).toEqual([1, (2 / 3 + 1 / 2) / 2, null]);
    expect(rows[1].pixel_accuracy).toBe(0.75);
    expect(lowScoreRows(rows, 'mean_iou', 0.9).map((r) => r.name)).toEqual(['c.png', 'b,1.png']);
    expect(segmentationRowsCsv(lowScoreRows(rows, 'mean_iou', 0.9))).toBe(
      'file_name,mean_iou,mean_dice,pixel_accuracy\r\nc.png,,,\r\n"b,1.png",0.5833333333333333,0.7333333333333334,0.75\r\n',
    );
  });

  it('marks false positives on the background and false negatives on objects, ignored pixels apart', () => {
    const target = [0, 0, 1, 1, 2, 255];
    const pred = [0, 1, 1, 0, 1, 1];
    expect([...errorMap(target, pred, 255)]).toEqual([
      ERROR.right,
      ERROR.falsePositive,
      ERROR.right,
      ERROR.falseNegative,
      ERROR.falseNegative,
      ERROR.ignored,
    ]);
  });
});

describe('segmentation report document', () => {
  it('holds the per-class table, the means, instances and occlusion when scored, the matrix and every sample', () => {
    const report = scoresFromConfusion(Float64Array.from([5, 1, 2, 8]), 2, ['background', 'rectangle']);
    const rows = segmentationRows(
      { keys: [0], names: ['<b>x</b>.png'], confusion: Uint32Array.from([5, 1, 2, 8]) },
      2,
    );
    const doc = segmentationDocument({
      title: 't',
      facts: [],
      report,
      rows,
      worst: [{ row: rows[0] }],
      instances: {
        ap: 0.5,
        ap50: 0.7,
        ap75: 0.4,
        ar: 0.6,
        bins: occlusionBins({ visible: [0.9], iou: [0.8] }),
      },
      config: {},
      history: { steps: [], epochs: [] },
      generatedAt: 0,
    });
    const ids = doc.sections.map((s) =>
      s.kind === 'table' ? s.table.id : s.kind === 'matrix' ? s.id : s.kind,
    );
    expect(ids).toEqual([
      'segmentation_report',
      'metrics',
      'instances',
      'occlusion',
      'confusion_matrix',
      'gallery',
      'samples',
      'text',
    ]);
    const occlusion = doc.sections[3];
    expect(occlusion.kind === 'table' && occlusion.table.rows.at(-1)).toEqual([0.75, 1, 1, 1, 0.8]);
  });

  it('puts the boundary split beside connected components, and a compared model beside the occlusion bins', () => {
    const report = scoresFromConfusion(Float64Array.from([5, 1, 2, 8]), 2, ['background', 'rectangle']);
    const rows = segmentationRows(
      { keys: [0], names: ['a.png'], confusion: Uint32Array.from([5, 1, 2, 8]) },
      2,
    );
    const doc = segmentationDocument({
      title: 't',
      facts: [],
      report,
      rows,
      worst: [],
      instances: {
        ap: 0.5,
        ap50: 0.7,
        ap75: 0.4,
        ar: 0.6,
        separation: 'boundary',
        components: { ap: 0.3, ap50: 0.6, ap75: 0.2, ar: 0.5 },
        bins: occlusionBins({ visible: [0.9], iou: [0.8] }),
        compared: { name: 'filtered', bins: occlusionBins({ visible: [0.9], iou: [0.4] }), summary: 'S.' },
      },
      config: {},
      history: { steps: [], epochs: [] },
      generatedAt: 0,
    });
    const table = (id: string) => {
      const s = doc.sections.find((x) => x.kind === 'table' && x.table.id === id);
      if (s?.kind !== 'table') throw new Error(id);
      return s.table;
    };
    expect(table('instances').columns).toEqual(['metric', 'boundary_channel', 'connected_components']);
    expect(table('instances').rows[0]).toEqual(['mask_ap', 0.5, 0.3]);
    const occlusion = table('occlusion');
    expect(occlusion.title).toBe('Occlusion study, beside “filtered”');
    expect(occlusion.columns.slice(5)).toEqual([
      'rectangles_other',
      'found_iou50_other',
      'mean_best_iou_other',
    ]);
    expect(occlusion.rows.at(-1)).toEqual([0.75, 1, 1, 1, 0.8, 1, 0, 0.4]);
    expect(occlusion.note).toMatch(/ S\.$/);
  });
});
