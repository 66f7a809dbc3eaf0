// Connected components on hand-drawn masks, and COCO mask AP against pycocotools' algorithm in numpy
// (tests/fixtures/numpy/make_mask_ap.py) and on cases with known answers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  connectedComponents,
  maskAP,
  type InstanceImage,
  type InstanceMap,
} from '../../src/core/metrics/instances';
import { occlusionBins, occlusionSummary } from '../../src/core/evaluate/occlusion';
import { predictedInstances } from '../../src/core/evaluate/segmentPredict';
import { differences } from '../fixtures/compare';

/** A map from rows of digits ("0011"), one digit per pixel. */
function map(rows: string[]): InstanceMap {
  return { width: rows[0].length, height: rows.length, data: Int32Array.from(rows.join(''), Number) };
}

describe('connectedComponents', () => {
  it('splits apart rectangles, keeps corner-touching ones apart with 4-connectivity', () => {
    const mask = map(['11000', '11000', '00110', '00110', '10000']);
    const four = connectedComponents(mask.data, 5, 5, 4);
    expect(four.count).toBe(3);
    expect([...four.map.data]).toEqual([
      1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 2, 2, 0, 3, 0, 0, 0, 0,
    ]);
    expect(connectedComponents(mask.data, 5, 5, 8).count).toBe(2);
  });
  it('cannot split rectangles that overlap or share an edge: one component', () => {
    const touching = map(['1111', '1111', '0000']);
    expect(connectedComponents(touching.data, 4, 3).count).toBe(1);
  });
});

describe('maskAP', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../fixtures/numpy/mask_ap.json', import.meta.url), 'utf8'),
  ) as {
    cases: {
      name: string;
      images: { gt: number[][]; pred: number[][]; scores: Record<string, number> }[];
      expected: { ap: number; ap50: number; ap75: number; per_threshold: number[]; ar: number };
    }[];
  };
  const toMap = (rows: number[][]): InstanceMap => ({
    width: rows[0].length,
    height: rows.length,
    data: Int32Array.from(rows.flat()),
  });
  for (const c of fixture.cases)
    it(`equals pycocotools' algorithm: ${c.name}`, () => {
      const images: InstanceImage[] = c.images.map((im) => ({
        gt: toMap(im.gt),
        pred: toMap(im.pred),
        scores: new Map(Object.entries(im.scores).map(([k, v]) => [Number(k), v])),
      }));
      const r = maskAP(images);
      expect(
        differences(
          { ap: r.ap, ap50: r.ap50, ap75: r.ap75, per_threshold: r.perThreshold, ar: r.ar },
          c.expected,
        ),
      ).toEqual([]);
    });

  it('is 1 for perfect predictions, 51/101 when half the instances are found first and a false positive follows', () => {
    const gt = map(['1100', '1100', '0022']);
    expect(
      maskAP([
        {
          gt,
          pred: gt,
          scores: new Map([
            [1, 0.9],
            [2, 0.8],
          ]),
        },
      ]).ap,
    ).toBeCloseTo(1, 12);
    // Instance 1 found exactly (score 0.9); a false positive (0.8); instance 2 missed: recall stops at 0.5.
    const pred = map(['1100', '1100', '0000']);
    pred.data[3] = 2;
    const r = maskAP([
      {
        gt,
        pred,
        scores: new Map([
          [1, 0.9],
          [2, 0.8],
        ]),
      },
    ]);
    // Recall points 0.00-0.50 see precision 1 (minus COCO's epsilon); the rest 0.
    expect(r.ap50).toBeCloseTo(51 / 101, 12);
    expect(r.ap).toBeCloseTo(51 / 101, 12);
    expect(r.ar).toBeCloseTo(0.5, 12);
  });

  it('has no value without ground truth; a prediction scored lower ranks lower', () => {
    const empty = map(['00', '00']);
    expect(maskAP([{ gt: empty, pred: map(['10', '00']), scores: new Map([[1, 1]]) }]).ap).toBeNull();
    const gt = map(['10', '00']);
    // The right prediction scored below a false positive in another image: precision 1/2 at full recall.
    const r = maskAP([
      { gt, pred: gt, scores: new Map([[1, 0.4]]) },
      { gt: empty, pred: map(['01', '00']), scores: new Map([[1, 0.6]]) },
    ]);
    expect(r.ap50).toBeCloseTo(0.5, 12);
  });
});

describe('occlusion study', () => {
  it('bins instances by visible fraction with recall at IoU 0.5 and mean IoU', () => {
    const bins = occlusionBins({ visible: [0, 0.2, 0.3, 0.9, 1, 1], iou: [0.1, 0.6, 0.5, 0.9, 0.4, 0.8] });
    expect(bins.map((b) => [b.count, b.recall50])).toEqual([
      [2, 0.5],
      [1, 1],
      [0, null],
      [3, 2 / 3],
    ]);
    expect(bins[3].meanIoU).toBeCloseTo(0.7, 12);
  });

  it('says where two models differ most, and who leads on occluded and visible instances', () => {
    const a = occlusionBins({ visible: [0.1, 0.1, 0.9, 0.9], iou: [0.2, 0.3, 0.9, 0.9] });
    const b = occlusionBins({ visible: [0.1, 0.1, 0.9, 0.9], iou: [0.6, 0.3, 0.9, 0.9] });
    expect(occlusionSummary(a, b, 'all data', 'filtered')).toBe(
      'The largest difference is on instances 0%–25% visible: filtered finds 50% of them at IoU 0.5, all data 0% (+50 points). ' +
        'On the most occluded instances (0%–25% visible) filtered is ahead; on the most visible (75%–100% visible) they are level.',
    );
    expect(occlusionSummary(a, a, 'x', 'y')).toBe(
      'x and y find instances equally often in every bin (recall at IoU 0.5).',
    );
    // Level recall, different overlap: the bin where the mean best IoU differs most is named.
    const c = occlusionBins({ visible: [0.1, 0.1, 0.9, 0.9], iou: [0.2, 0.4, 0.9, 0.7] });
    expect(occlusionSummary(a, c, 'x', 'y')).toBe(
      'x and y find instances equally often in every bin (recall at IoU 0.5). ' +
        'Their overlap differs most on instances 75%–100% visible: mean best IoU 80% for y, 90% for x.',
    );
  });
});

describe('predictedInstances', () => {
  it('splits the class into components scored by their mean probability', () => {
    // 4×4: class 1 in two separate blocks; probabilities 0.9 and 0.5/0.7.
    const pred = [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1];
    const prob = [0.9, 0.9, 0, 0, 0.9, 0.9, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0.7];
    const r = predictedInstances(pred, prob, 1, 4);
    expect([...r.map.data]).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2]);
    expect(r.scores.get(1)).toBeCloseTo(0.9, 12);
    expect(r.scores.get(2)).toBeCloseTo(0.6, 12);
  });
});
