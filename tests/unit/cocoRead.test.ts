import { describe, expect, it } from 'vitest';
import { TilewrightError } from '../../src/core/errors';
import { cocoDocumentText } from '../../src/core/formats/coco';
import {
  MAX_INSTANCES,
  classesFromCategories,
  instanceMapFor,
  parseCocoInstances,
  polygonToRle,
  rasterizePolygons,
  type CocoAnnotationRecord,
  type CocoImageRecord,
} from '../../src/core/formats/cocoRead';
import { decodeRle, encodeRle, maskToCounts } from '../../src/core/formats/rle';
import { ShapesParamsSchema, type ShapesParamsInput } from '../../src/core/generate/params';
import { ShapesGenerator } from '../../src/core/generate/shapes';
import { SHAPE_CLASSES } from '../../src/core/generate/types';

function parseError(doc: unknown, fileName = 'annotations.json'): TilewrightError {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  try {
    parseCocoInstances(text, fileName);
  } catch (e) {
    expect(e).toBeInstanceOf(TilewrightError);
    expect((e as TilewrightError).code).toBe('bad-file');
    expect((e as TilewrightError).subject).toBe(fileName);
    return e as TilewrightError;
  }
  throw new Error('expected a bad-file error');
}

const image = (id: number, width = 10, height = 10): CocoImageRecord => ({
  id,
  file_name: `img${id}.png`,
  width,
  height,
});

function ann(
  id: number,
  segmentation: CocoAnnotationRecord['segmentation'],
  extra = {},
): CocoAnnotationRecord {
  return { id, image_id: 1, category_id: 1, bbox: [0, 0, 0, 0], iscrowd: 0, segmentation, ...extra };
}

/** Axis-aligned rectangle polygon with corners (x0, y0) and (x1, y1). */
const rect = (x0: number, y0: number, x1: number, y1: number) => [x0, y0, x1, y0, x1, y1, x0, y1];

const sum = (m: ArrayLike<number>) => Array.from(m).reduce((a, b) => a + b, 0);

const valid = {
  info: { description: 'test' },
  images: [
    { id: 1, file_name: 'a.png', width: 10, height: 10 },
    { id: 2, file_name: 'sub/b.jpg', width: 4, height: 3, license: 1 },
  ],
  categories: [
    { id: 1, name: 'cat', supercategory: 'animal' },
    { id: 3, name: 'dog' },
  ],
  annotations: [
    {
      id: 1,
      image_id: 1,
      category_id: 1,
      bbox: [1, 1, 3, 2],
      area: 6,
      iscrowd: 0,
      segmentation: [rect(1, 1, 4, 3)],
    },
    {
      id: 2,
      image_id: 2,
      category_id: 3,
      bbox: [0, 0, 1, 1],
      iscrowd: 1,
      segmentation: { size: [3, 4], counts: [0, 1, 11] },
    },
    {
      id: 3,
      image_id: 1,
      category_id: 3,
      bbox: [0, 0, 1, 1],
      segmentation: encodeRle([1, ...new Array<number>(99).fill(0)], 10, 10),
      visible_fraction: 0.5,
      color: [1, 2, 3],
    },
  ],
};

describe('parseCocoInstances', () => {
  it('reads images, categories and annotations grouped by image', () => {
    const d = parseCocoInstances(JSON.stringify(valid), 'annotations.json');
    expect(d.fileName).toBe('annotations.json');
    expect(d.info).toEqual({ description: 'test' });
    expect(d.images).toEqual([
      { id: 1, file_name: 'a.png', width: 10, height: 10 },
      { id: 2, file_name: 'sub/b.jpg', width: 4, height: 3 },
    ]);
    expect(d.categories).toEqual([
      { id: 1, name: 'cat', supercategory: 'animal' },
      { id: 3, name: 'dog' },
    ]);
    expect(d.problems).toEqual([]);
    expect(d.annotationsByImage.get(1)!.map((a) => a.id)).toEqual([1, 3]);
    const [first, third] = d.annotationsByImage.get(1)!;
    expect(first).toEqual({
      id: 1,
      image_id: 1,
      category_id: 1,
      bbox: [1, 1, 3, 2],
      area: 6,
      iscrowd: 0,
      segmentation: [rect(1, 1, 4, 3)],
    });
    expect(third.iscrowd).toBe(0); // absent reads as 0
    expect(third.visible_fraction).toBe(0.5);
    expect(third.color).toEqual([1, 2, 3]);
    expect(d.annotationsByImage.get(2)![0].iscrowd).toBe(1);
  });

  it('accepts a file without annotations or categories, and boolean iscrowd', () => {
    const d = parseCocoInstances(JSON.stringify({ images: [valid.images[0]] }), 'x.json');
    expect(d.annotationsByImage.size).toBe(0);
    expect(d.categories).toEqual([]);
    const doc = structuredClone(valid);
    (doc.annotations[0] as Record<string, unknown>).iscrowd = true;
    expect(parseCocoInstances(JSON.stringify(doc), 'x.json').annotationsByImage.get(1)![0].iscrowd).toBe(1);
  });

  it('reports annotations with unknown image or category ids as problems and leaves them out', () => {
    const doc = structuredClone(valid);
    doc.annotations[0].image_id = 99;
    doc.annotations[2].category_id = 7;
    const d = parseCocoInstances(JSON.stringify(doc), 'annotations.json');
    expect(d.problems).toEqual([
      'annotations[0] (id 1): image_id 99 is not the id of any image; skipped',
      'annotations[2] (id 3): category_id 7 is not the id of any category; skipped',
    ]);
    expect(d.annotationsByImage.get(1)).toBeUndefined();
    expect(d.annotationsByImage.get(2)!.map((a) => a.id)).toEqual([2]);
  });

  it('refuses bad JSON, naming the file', () => {
    expect(parseError('{"images": [', 'coco.json').message).toMatch(/^coco\.json: not valid JSON \(/);
    expect(parseError([1, 2]).message).toMatch(
      /^annotations\.json: expected a COCO instances object with images, annotations and categories/,
    );
  });

  it('names the JSON path of a bad field', () => {
    const bad = (mutate: (d: typeof valid & Record<string, unknown>) => void) => {
      const doc = structuredClone(valid) as typeof valid & Record<string, unknown>;
      mutate(doc);
      return parseError(doc).message;
    };
    expect(bad((d) => (d.annotations[1].bbox = [1, 2, 3]))).toBe(
      'annotations.json: annotations[1].bbox: expected 4 numbers, got [1,2,3]',
    );
    expect(bad((d) => delete (d as Record<string, unknown>).images)).toBe(
      'annotations.json: images: missing (expected an array)',
    );
    expect(bad((d) => ((d.images[1] as Record<string, unknown>).width = '4'))).toBe(
      'annotations.json: images[1].width: expected a positive integer, got "4"',
    );
    expect(bad((d) => delete (d.categories[1] as Record<string, unknown>).name)).toBe(
      'annotations.json: categories[1].name: missing (expected a string)',
    );
    expect(bad((d) => ((d.annotations[0] as Record<string, unknown>).segmentation = [[1, 2, 'x']]))).toBe(
      'annotations.json: annotations[0].segmentation[0][2]: expected a number, got "x"',
    );
    expect(bad((d) => ((d.annotations[1].segmentation as Record<string, unknown>).counts = [1, -2]))).toBe(
      'annotations.json: annotations[1].segmentation.counts: expected a string or an array of non-negative integers, got [1,-2]',
    );
    expect(bad((d) => ((d.annotations[1].segmentation as Record<string, unknown>).size = [3]))).toBe(
      'annotations.json: annotations[1].segmentation.size: expected [height, width], got [3]',
    );
    expect(bad((d) => ((d.annotations[0] as Record<string, unknown>).segmentation = 5))).toMatch(
      /^annotations\.json: annotations\[0\]\.segmentation: expected polygons/,
    );
    expect(bad((d) => (d.annotations[2].color = [1, 2, 256]))).toBe(
      'annotations.json: annotations[2].color: expected 3 integers from 0 to 255, got [1,2,256]',
    );
    expect(bad((d) => (d.annotations[2].visible_fraction = 1.5))).toBe(
      'annotations.json: annotations[2].visible_fraction: expected a number from 0 to 1, got 1.5',
    );
    expect(bad((d) => (d.annotations[0].iscrowd = 2))).toBe(
      'annotations.json: annotations[0].iscrowd: expected 0 or 1, got 2',
    );
    expect(bad((d) => ((d.annotations[0] as Record<string, unknown>).id = 1.5))).toBe(
      'annotations.json: annotations[0].id: expected an integer, got 1.5',
    );
    // Several problems: the first is named, the rest counted.
    expect(
      bad((d) => {
        d.annotations[0].bbox = [];
        d.annotations[1].bbox = [];
      }),
    ).toBe('annotations.json: annotations[0].bbox: expected 4 numbers, got [] (and 1 more problem)');
  });

  it('refuses repeated image and category ids', () => {
    const doc = structuredClone(valid);
    doc.images[1].id = 1;
    expect(parseError(doc).message).toBe('annotations.json: images[1].id: id 1 is also used by images[0]');
    const doc2 = structuredClone(valid);
    doc2.categories[1].id = 1;
    expect(parseError(doc2).message).toBe(
      'annotations.json: categories[1].id: id 1 is also used by categories[0]',
    );
  });
});

describe('classesFromCategories', () => {
  it('puts background first, then categories by ascending id', () => {
    const { classes, categoryToClass } = classesFromCategories([
      { id: 7, name: 'seven' },
      { id: 2, name: 'two' },
      { id: 0, name: 'zero' },
    ]);
    expect(classes).toEqual(['background', 'zero', 'two', 'seven']);
    expect([...categoryToClass]).toEqual([
      [0, 1],
      [2, 2],
      [7, 3],
    ]);
  });

  it('maps ids 1..K to themselves', () => {
    const { classes, categoryToClass } = classesFromCategories([
      { id: 1, name: 'rectangle' },
      { id: 2, name: 'ellipse' },
    ]);
    expect(classes).toEqual(['background', 'rectangle', 'ellipse']);
    expect(categoryToClass.get(1)).toBe(1);
    expect(categoryToClass.get(2)).toBe(2);
  });

  it('merges the category lists of several files and refuses conflicting names', () => {
    const cats = [
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ];
    expect(classesFromCategories([...cats, ...cats]).classes).toEqual(['background', 'a', 'b']);
    expect(() => classesFromCategories([...cats, { id: 2, name: 'c' }])).toThrow(
      /Category id 2 is named both "b" and "c"/,
    );
  });
});

describe('polygon rasterisation (pycocotools rleFrPoly)', () => {
  it('fills a square polygon to the full image, as the pycocotools frPyObjects test expects', () => {
    // From a public pycocotools test: frPyObjects([[0, 0, 0, 10, 10, 10, 10, 0]], 10, 10) == encode(ones(10, 10)).
    expect(polygonToRle([0, 0, 0, 10, 10, 10, 10, 0], 10, 10).counts).toEqual([0, 100]);
    expect(rasterizePolygons([[0, 0, 0, 10, 10, 10, 10, 0]], 10, 10)).toEqual(new Uint8Array(100).fill(1));
  });

  it('gives the counts of pycocotools for hand-made polygons', () => {
    // Expected counts from common/maskApi.c rleFrPoly of github.com/cocodataset/cocoapi (8c9bcc3), compiled
    // with gcc on x86-64 and run on these polygons.
    const cases: [number, number, number[], number[]][] = [
      [10, 10, rect(1, 1, 4, 3), [11, 2, 8, 2, 8, 2, 67]],
      [10, 10, [1, 1, 5, 5, 1, 5], [11, 4, 7, 3, 8, 2, 9, 1, 55]],
      [
        12,
        10,
        [2.3, 1.7, 8.9, 2.2, 7.4, 8.6, 1.2, 6.1],
        [17, 1, 8, 5, 7, 5, 7, 5, 7, 6, 6, 6, 6, 6, 6, 2, 20],
      ],
      // A bow tie: crossings are counted by parity.
      [8, 8, [0, 0, 8, 8, 8, 0, 0, 8], [0, 7, 2, 5, 4, 3, 6, 1, 7, 1, 6, 3, 4, 5, 2, 7, 1]],
      // Partly outside the image: clipped.
      [6, 5, [-3, -2, 6, -1, 7, 9, -2, 5], [0, 30]],
      [
        20,
        16,
        [3.5, 2.5, 12.25, 4, 14, 11.75, 9.5, 17.5, 2, 15, 5.4, 8.6],
        [54, 1, 17, 3, 8, 2, 5, 6, 7, 13, 7, 14, 6, 14, 6, 14, 7, 14, 6, 12, 8, 11, 10, 9, 16, 2, 48],
      ],
    ];
    for (const [h, w, xy, counts] of cases) {
      expect(polygonToRle(xy, h, w)).toEqual({ size: [h, w], counts });
      expect(rasterizePolygons([xy], h, w)).toEqual(decodeRle({ size: [h, w], counts }));
    }
  });

  it('covers exactly the pixels of an integer rectangle, whichever way it is walked', () => {
    for (const [x0, y0, x1, y1] of [
      [0, 0, 1, 1],
      [2, 3, 7, 5],
      [0, 0, 16, 9],
      [5, 1, 6, 8],
    ]) {
      const h = 9;
      const w = 16;
      const want = new Uint8Array(h * w);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) want[y * w + x] = 1;
      const cw = rect(x0, y0, x1, y1);
      const ccw = [x0, y0, x0, y1, x1, y1, x1, y0];
      expect(rasterizePolygons([cw], h, w)).toEqual(want);
      expect(rasterizePolygons([ccw], h, w)).toEqual(want);
      expect(sum(rasterizePolygons([cw], h, w))).toBe((x1 - x0) * (y1 - y0));
    }
  });

  it('unites several polygons and handles degenerate ones', () => {
    const m = rasterizePolygons([rect(0, 0, 4, 4), rect(2, 2, 6, 6)], 8, 8);
    expect(sum(m)).toBe(16 + 16 - 4);
    expect(rasterizePolygons([], 4, 4)).toEqual(new Uint8Array(16));
    expect(polygonToRle([], 4, 4).counts).toEqual([16]);
    expect(polygonToRle([1, 1], 4, 4).counts).toEqual([16]);
    // A repeated vertex changes nothing.
    expect(polygonToRle([1, 1, 4, 1, 4, 1, 4, 3, 1, 3], 10, 10)).toEqual(
      polygonToRle(rect(1, 1, 4, 3), 10, 10),
    );
  });

  it('refuses coordinates beyond what pycocotools can represent', () => {
    expect(() => polygonToRle([0, 0, 1e12, 0, 0, 5], 10, 10)).toThrow(/too far outside/);
    expect(() => polygonToRle([0, 0, 3e8, 0, 0, 3e8], 10, 10)).toThrow(/too large/);
  });
});

describe('instanceMapFor', () => {
  const toClass = new Map([
    [1, 1],
    [3, 2],
  ]);

  it('draws later annotations on top, in annotation-id order', () => {
    const img = image(1, 8, 6);
    const result = instanceMapFor(
      img,
      [
        ann(5, [rect(2, 1, 6, 5)], { category_id: 3 }), // drawn second (id 5 > 4)
        ann(4, [rect(0, 0, 4, 4)]),
      ],
      toClass,
    );
    expect(result.problems).toEqual([]);
    expect(result.crowd).toBe(0);
    const rows = (m: Uint8Array) =>
      Array.from({ length: 6 }, (_, y) => Array.from(m.subarray(y * 8, y * 8 + 8)).join(''));
    expect(rows(result.instanceMap)).toEqual([
      '11110000',
      '11222200',
      '11222200',
      '11222200',
      '00222200',
      '00000000',
    ]);
    expect(rows(result.classMap)).toEqual(rows(result.instanceMap)); // category 1 → class 1, 3 → class 2
    expect(result.instances).toEqual([
      { id: 1, category: 1, bbox: [0, 0, 4, 4], area: 10, visibleFraction: 10 / 16, color: [0, 0, 0] },
      { id: 2, category: 2, bbox: [2, 1, 4, 4], area: 16, visibleFraction: 1, color: [0, 0, 0] },
    ]);
  });

  it('takes visible_fraction and color from the file when present, else the mean colour of the pixels', () => {
    const img = image(1, 4, 4);
    const rgb = new Uint8Array(16 * 3);
    for (let p = 0; p < 16; p++) rgb.set([p * 10, 7, p === 0 ? 255 : 0], p * 3);
    const anns = [
      ann(1, [rect(0, 0, 2, 1)]),
      ann(2, [rect(0, 3, 1, 4)], { visible_fraction: 0.25, color: [9, 8, 7] }),
    ];
    const withPixels = instanceMapFor(img, anns, toClass, { data: rgb, channels: 3 });
    // Pixels 0 and 1: red 0 and 10, green 7, blue 255 and 0.
    expect(withPixels.instances[0].color).toEqual([5, 7, 128]);
    expect(withPixels.instances[1]).toMatchObject({ visibleFraction: 0.25, color: [9, 8, 7], area: 1 });
    const rgba = new Uint8Array(16 * 4);
    for (let p = 0; p < 16; p++) rgba.set([p * 10, 7, p === 0 ? 255 : 0, 255], p * 4);
    expect(instanceMapFor(img, anns, toClass, { data: rgba, channels: 4 }).instances[0].color).toEqual([
      5, 7, 128,
    ]);
    expect(() => instanceMapFor(img, anns, toClass, { data: rgb.subarray(3), channels: 3 })).toThrow(
      /img1\.png: the decoded image has 15 pixels, the annotation file says 4×4/,
    );
  });

  it('skips crowd annotations and counts them', () => {
    const result = instanceMapFor(
      image(1, 4, 4),
      [
        ann(1, [rect(0, 0, 2, 2)], { iscrowd: 1 }),
        ann(2, [rect(2, 2, 4, 4)]),
        ann(3, { size: [4, 4], counts: [0, 16] }, { iscrowd: 1 }),
      ],
      toClass,
    );
    expect(result.crowd).toBe(2);
    expect(result.instances.map((i) => i.area)).toEqual([4]);
    expect(sum(result.instanceMap)).toBe(4);
  });

  it('drops annotations it cannot draw, saying why', () => {
    const result = instanceMapFor(
      image(1, 4, 4),
      [
        ann(1, undefined),
        ann(2, { size: [5, 4], counts: [0, 20] }),
        ann(3, { size: [4, 4], counts: [1, 2] }),
        ann(4, { size: [4, 4], counts: 'not rle!' }),
        ann(5, [rect(10, 10, 12, 12)]),
        ann(6, [rect(0, 0, 1, 1)]),
        ann(7, [rect(0, 0, 2, 2)], { category_id: 42 }),
        ann(8, [rect(0, 0, 1, 1)]),
        ann(9, [[0, 0, 1e12, 0, 0, 5]]),
      ],
      toClass,
    );
    expect(result.problems).toEqual([
      'annotation 7 of image 1: category 42 is unknown; skipped',
      'annotation 1 of image 1: no segmentation; skipped',
      'annotation 2 of image 1: RLE size is 5×4 (height × width), the image is 4×4; skipped',
      'annotation 3 of image 1: RLE run lengths add up to 3, not 4×4; skipped',
      expect.stringMatching(/^annotation 4 of image 1: RLE: unexpected character/),
      'annotation 9 of image 1: polygon point (1000000000000, 0) is too far outside the image; skipped',
      'annotation 5 of image 1: its mask has no pixels in the image; skipped',
      'annotation 6 of image 1: hidden entirely by later annotations; skipped',
    ]);
    expect(result.instances).toEqual([
      { id: 1, category: 1, bbox: [0, 0, 1, 1], area: 1, visibleFraction: 1, color: [0, 0, 0] },
    ]);
    expect(result.instanceMap[0]).toBe(1);
  });

  it(`keeps at most ${MAX_INSTANCES} instances and does not draw the rest`, () => {
    const w = 20;
    const h = 20;
    const anns: CocoAnnotationRecord[] = [];
    for (let i = 0; i < 300; i++) {
      const p = i; // column-major position: one pixel each
      anns.push(ann(i + 1, { size: [h, w], counts: [p, 1, h * w - p - 1] }));
    }
    // One more, late, that would cover the first pixel.
    anns.push(ann(1000, [rect(0, 0, 1, 1)]));
    const result = instanceMapFor(image(1, w, h), anns, toClass);
    expect(result.instances).toHaveLength(MAX_INSTANCES);
    expect(result.instances.map((i) => i.id)).toEqual(Array.from({ length: MAX_INSTANCES }, (_, i) => i + 1));
    expect(result.problems).toEqual([
      `image 1: more than ${MAX_INSTANCES} instances; annotation 256 and those after it (by id) are skipped`,
    ]);
    expect(result.instanceMap[0]).toBe(1); // annotation 1000 was not drawn over it
    expect(sum(result.instanceMap.map((v) => (v ? 1 : 0)))).toBe(MAX_INSTANCES);
    expect(result.instances.every((i) => i.area === 1 && i.visibleFraction === 1)).toBe(true);
  });
});

describe('round trip: generator → CocoWriter → parseCocoInstances → instanceMapFor', () => {
  const categories = SHAPE_CLASSES.slice(1).map((name, i) => ({ id: i + 1, name }));
  const settings: ShapesParamsInput[] = [
    { size: 64, minShapes: 1, maxShapes: 6, minSide: 6, maxSide: 20 },
    { size: 96, minShapes: 4, maxShapes: 12, minSide: 8, maxSide: 30, occlusion: 0.6, colors: 5 },
    { size: 80, minShapes: 3, maxShapes: 10, minSide: 6, maxSide: 24, rotate: true, occlusion: 0.9 },
  ];

  for (const [k, input] of settings.entries()) {
    it(`gives back the generator's maps and instances exactly (settings ${k})`, () => {
      const gen = new ShapesGenerator(ShapesParamsSchema.parse(input));
      const samples = Array.from({ length: 8 }, (_, i) => gen.generate(1234 + k, i));
      const text = cocoDocumentText(
        { description: 'round trip', version: '1' },
        categories,
        samples.map((s) => ({
          file_name: `s${s.index}.png`,
          width: s.width,
          height: s.height,
          instanceMap: s.instanceMap,
          instances: s.instances,
        })),
      );
      const dataset = parseCocoInstances(text, 'annotations.json');
      expect(dataset.problems).toEqual([]);
      const { classes, categoryToClass } = classesFromCategories(dataset.categories);
      expect(classes).toEqual([...SHAPE_CLASSES]);
      let occluded = 0;
      for (const [i, s] of samples.entries()) {
        const record = dataset.images[i];
        expect(record.file_name).toBe(`s${s.index}.png`);
        const result = instanceMapFor(
          record,
          dataset.annotationsByImage.get(record.id) ?? [],
          categoryToClass,
        );
        expect(result.problems).toEqual([]);
        expect(result.crowd).toBe(0);
        expect(result.instanceMap).toEqual(s.instanceMap);
        expect(result.classMap).toEqual(s.classMap);
        expect(result.instances).toEqual(
          s.instances.map(({ id, category, bbox, area, visibleFraction, color }) => ({
            id,
            category,
            bbox,
            area,
            visibleFraction,
            color,
          })),
        );
        // Without the extra fields: the colour is the mean under the mask, and the visible fraction can only
        // be 1, since the exported masks are the visible pixels.
        const plain = (dataset.annotationsByImage.get(record.id) ?? []).map((a) => {
          const { visible_fraction: _v, color: _c, ...rest } = a;
          return rest;
        });
        const computed = instanceMapFor(record, plain, categoryToClass, { data: s.image, channels: 3 });
        expect(computed.instanceMap).toEqual(s.instanceMap);
        expect(computed.instances.map((i) => i.color)).toEqual(s.instances.map((i) => i.color));
        expect(computed.instances.every((i) => i.visibleFraction === 1)).toBe(true);
        occluded += s.instances.filter((i) => i.visibleFraction < 1).length;
      }
      if (input.occlusion) expect(occluded).toBeGreaterThan(0);
    });
  }

  it('reads uncompressed RLE the same as compressed', () => {
    const gen = new ShapesGenerator(
      ShapesParamsSchema.parse({ size: 48, minShapes: 3, maxSide: 20, minSide: 6 }),
    );
    const s = gen.generate(7, 0);
    const annotations: CocoAnnotationRecord[] = s.instances.map((inst) => {
      const mask = s.instanceMap.map((v) => (v === inst.id ? 1 : 0));
      return ann(
        inst.id,
        { size: [s.height, s.width], counts: maskToCounts(mask, s.height, s.width) },
        {
          category_id: inst.category,
        },
      );
    });
    const result = instanceMapFor(
      image(1, s.width, s.height),
      annotations,
      new Map([
        [1, 1],
        [2, 2],
      ]),
    );
    expect(result.instanceMap).toEqual(s.instanceMap);
    expect(result.classMap).toEqual(s.classMap);
  });
});
