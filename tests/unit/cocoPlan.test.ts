import { describe, expect, it } from 'vitest';
import { findCocoParts, isCocoLayout, planCocoImport, type CocoPart } from '../../src/core/data/cocoPlan';
import { exportPaths } from '../../src/core/data/exportPlan';
import { cocoDocumentText } from '../../src/core/formats/coco';
import {
  classesFromCategories,
  instanceMapFor,
  parseCocoInstances,
  type CocoImageRecord,
} from '../../src/core/formats/cocoRead';
import { ShapesParamsSchema } from '../../src/core/generate/params';
import { ShapesGenerator } from '../../src/core/generate/shapes';
import type { SampleMeta } from '../../src/protocol/records';

const images = (...fileNames: string[]): CocoImageRecord[] =>
  fileNames.map((file_name, i) => ({ id: i + 1, file_name, width: 8, height: 8 }));

const brief = (plan: ReturnType<typeof planCocoImport>) => plan.problems.map((p) => `${p.path}:${p.reason}`);

describe('findCocoParts / isCocoLayout', () => {
  it('finds our own export: annotations.json beside images/ and masks/', () => {
    const paths = ['annotations.json', 'images/a.png', 'images/sub/b.png', 'masks/a.png', 'masks/sub/b.png'];
    expect(isCocoLayout(paths)).toBe(true);
    expect(findCocoParts(paths)).toEqual([{ annotations: 'annotations.json', root: '' }]);
    // Zipped with a top folder, with OS junk around.
    expect(
      findCocoParts([
        'export/',
        'export/annotations.json',
        'export/images/a.png',
        '__MACOSX/export/._annotations.json',
        'export/.DS_Store',
      ]),
    ).toEqual([{ annotations: 'export/annotations.json', root: 'export' }]);
  });

  it('finds the official layout: annotations/instances_<split>.json and <split>/ image folders', () => {
    const paths = [
      'coco/annotations/instances_train2017.json',
      'coco/annotations/instances_val2017.json',
      'coco/annotations/captions_val2017.json',
      'coco/annotations/person_keypoints_val2017.json',
      'coco/train2017/000000000009.jpg',
      'coco/val2017/000000000139.jpg',
    ];
    expect(findCocoParts(paths)).toEqual([
      { annotations: 'coco/annotations/instances_train2017.json', root: 'coco', split: 'train2017' },
      { annotations: 'coco/annotations/instances_val2017.json', root: 'coco', split: 'val2017' },
    ]);
    expect(findCocoParts(['annotations/instances_val2017.json', 'val2017/1.jpg'])).toEqual([
      { annotations: 'annotations/instances_val2017.json', root: '', split: 'val2017' },
    ]);
  });

  it('finds one annotation file per split folder (train/_annotations.coco.json, …)', () => {
    expect(
      findCocoParts([
        'train/_annotations.coco.json',
        'train/a.jpg',
        'valid/_annotations.coco.json',
        'valid/b.jpg',
        'README.txt',
      ]),
    ).toEqual([
      { annotations: 'train/_annotations.coco.json', root: 'train' },
      { annotations: 'valid/_annotations.coco.json', root: 'valid' },
    ]);
  });

  it('picks the conventional name when a folder holds several JSON files, else none', () => {
    expect(findCocoParts(['classes.json', 'annotations.json', 'images/a.png'])).toEqual([
      { annotations: 'annotations.json', root: '' },
    ]);
    expect(isCocoLayout(['classes.json', 'meta.json', 'images/a.png'])).toBe(false);
  });

  it('is not COCO without a JSON file or without images', () => {
    expect(isCocoLayout(['A/x.jpg', 'B/y.jpg'])).toBe(false);
    expect(isCocoLayout(['images/a.png', 'masks/a.png'])).toBe(false);
    expect(isCocoLayout(['annotations.json'])).toBe(false);
    expect(isCocoLayout(['annotations.json', 'notes.txt'])).toBe(false);
    expect(isCocoLayout([])).toBe(false);
    // The JSON nearest the top decides: deeper ones are not annotation files.
    expect(findCocoParts(['data.json', 'A/x.jpg', 'A/meta.json'])).toEqual([
      { annotations: 'data.json', root: '' },
    ]);
  });
});

describe('planCocoImport', () => {
  it('matches our export: file_name is the path below images/, masks/ is ignored', () => {
    const paths = ['annotations.json', 'images/a.png', 'images/sub/b.png', 'masks/a.png', 'masks/sub/b.png'];
    const [part] = findCocoParts(paths);
    const plan = planCocoImport(paths, [{ part, images: images('sub/b.png', 'a.png') }]);
    expect(plan.layout).toBe('coco');
    expect(plan.parts).toEqual([part]);
    expect(plan.samples).toEqual([
      { image: 'images/a.png', name: 'a.png', part: 0, imageId: 2 },
      { image: 'images/sub/b.png', name: 'sub/b.png', part: 0, imageId: 1 },
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('takes file_name as a path relative to the root first', () => {
    const paths = ['ds/labels.json', 'ds/pics/a.jpg', 'ds/other/a.jpg'];
    const [part] = findCocoParts(paths);
    expect(part).toEqual({ annotations: 'ds/labels.json', root: 'ds' });
    const plan = planCocoImport(paths, [{ part, images: images('pics/a.jpg') }]);
    expect(plan.samples.map((s) => s.image)).toEqual(['ds/pics/a.jpg']);
    expect(plan.problems).toEqual([
      { path: 'ds/other/a.jpg', reason: 'outside-layout', detail: 'not listed in ds/labels.json' },
    ]);
  });

  it('matches bare file names of the official layout in their split folder', () => {
    const paths = [
      'annotations/instances_train2017.json',
      'annotations/instances_val2017.json',
      'annotations/captions_val2017.json',
      'train2017/000000000009.jpg',
      'train2017/000000000025.jpg',
      'val2017/000000000139.jpg',
      'val2017/000000000285.jpg',
    ];
    const parts = findCocoParts(paths);
    const plan = planCocoImport(paths, [
      {
        part: parts[0],
        images: [
          { id: 9, file_name: '000000000009.jpg' },
          { id: 25, file_name: '000000000025.jpg' },
        ],
      },
      {
        part: parts[1],
        images: [
          { id: 139, file_name: '000000000139.jpg' },
          { id: 777, file_name: '000000000777.jpg' },
        ],
      },
    ]);
    expect(plan.samples).toEqual([
      { image: 'train2017/000000000009.jpg', name: '000000000009.jpg', part: 0, imageId: 9 },
      { image: 'train2017/000000000025.jpg', name: '000000000025.jpg', part: 0, imageId: 25 },
      { image: 'val2017/000000000139.jpg', name: '000000000139.jpg', part: 1, imageId: 139 },
    ]);
    expect(plan.problems).toEqual([
      {
        path: 'annotations/captions_val2017.json',
        reason: 'not-an-image',
        detail:
          'not an image file; the annotations are read from annotations/instances_train2017.json, annotations/instances_val2017.json',
      },
      {
        path: 'val2017/000000000285.jpg',
        reason: 'outside-layout',
        detail: 'not listed in annotations/instances_val2017.json',
      },
      {
        path: 'val2017/000000000777.jpg',
        reason: 'missing-image',
        detail: 'listed in annotations/instances_val2017.json (image id 777) but not found',
      },
    ]);
  });

  it('falls back to a unique base name (absolute or Windows paths in file_name)', () => {
    const paths = ['coco.json', 'photos/x.jpg', 'photos/y.jpg', 'a/dup.jpg', 'b/dup.jpg'];
    const [part] = findCocoParts(paths);
    const plan = planCocoImport(paths, [
      { part, images: images('/home/me/data/x.jpg', 'C:\\data\\y.jpg', 'dup.jpg') },
    ]);
    expect(plan.samples.map((s) => [s.image, s.name])).toEqual([
      ['photos/x.jpg', 'photos/x.jpg'],
      ['photos/y.jpg', 'photos/y.jpg'],
    ]);
    expect(brief(plan)).toEqual([
      'a/dup.jpg:outside-layout',
      'b/dup.jpg:outside-layout',
      'dup.jpg:missing-image',
    ]);
    expect(plan.problems.find((p) => p.reason === 'missing-image')!.detail).toBe(
      'listed in coco.json (image id 3) but not found; 2 files are named dup.jpg (a/dup.jpg, b/dup.jpg), so its path is needed',
    );
  });

  it('reports an image file listed twice, and files outside the dataset folder', () => {
    const paths = ['set/annotations.json', 'set/images/a.png', 'stray.png', 'notes.txt', 'set/readme.md'];
    const [part] = findCocoParts(paths);
    expect(part.root).toBe('set');
    const plan = planCocoImport(paths, [{ part, images: images('a.png', 'images/a.png') }]);
    expect(plan.samples).toEqual([{ image: 'set/images/a.png', name: 'a.png', part: 0, imageId: 1 }]);
    expect(plan.problems).toEqual([
      { path: 'notes.txt', reason: 'not-an-image', detail: 'not an image file (by its extension)' },
      {
        path: 'set/images/a.png',
        reason: 'outside-layout',
        detail: 'listed again in set/annotations.json as image id 2 (first as image id 1); imported once',
      },
      { path: 'set/readme.md', reason: 'not-an-image', detail: 'not an image file (by its extension)' },
      { path: 'stray.png', reason: 'outside-layout', detail: 'outside the folders of the annotation files' },
    ]);
  });

  it('keeps parts apart: image ids may repeat across annotation files', () => {
    const paths = [
      'train/_annotations.coco.json',
      'train/a.jpg',
      'valid/_annotations.coco.json',
      'valid/a.jpg',
    ];
    const parts: CocoPart[] = findCocoParts(paths);
    const plan = planCocoImport(
      paths,
      parts.map((part) => ({ part, images: images('a.jpg') })),
    );
    expect(plan.samples).toEqual([
      { image: 'train/a.jpg', name: 'a.jpg', part: 0, imageId: 1 },
      { image: 'valid/a.jpg', name: 'a.jpg', part: 1, imageId: 1 },
    ]);
    expect(plan.problems).toEqual([]);
  });
});

describe('re-importing an export', () => {
  it('finds, plans and rebuilds every sample of a zip laid out as the exporter writes it', () => {
    const gen = new ShapesGenerator(
      ShapesParamsSchema.parse({
        size: 48,
        minShapes: 2,
        maxShapes: 5,
        minSide: 6,
        maxSide: 16,
        occlusion: 0.5,
      }),
    );
    const samples = Array.from({ length: 5 }, (_, i) => gen.generate(99, i));
    // Stored names as an import of a folder would give them, two of them clashing after export.
    const names = ['a.png', 'sub/b.png', 'sub/c.png', 'a.png', 'd.png'];
    const metas = samples.map((s, i): SampleMeta => ({
      index: i,
      name: names[i],
      width: s.width,
      height: s.height,
      split: 'train',
      classes: [],
      minVisible: 1,
    }));
    const paths = exportPaths(metas);
    const text = cocoDocumentText(
      { description: 'export', version: '1' },
      [
        { id: 1, name: 'rectangle' },
        { id: 2, name: 'ellipse' },
      ],
      samples.map((s, i) => ({
        file_name: paths.get(i)!.image,
        width: s.width,
        height: s.height,
        instanceMap: s.instanceMap,
        instances: s.instances,
      })),
    );
    const zipEntries = [
      'annotations.json',
      ...samples.flatMap((_, i) => [`images/${paths.get(i)!.image}`, `masks/${paths.get(i)!.mask}`]),
    ];

    expect(isCocoLayout(zipEntries)).toBe(true);
    const [part] = findCocoParts(zipEntries);
    const dataset = parseCocoInstances(text, part.annotations);
    const plan = planCocoImport(zipEntries, [{ part, images: dataset.images }]);
    expect(plan.problems).toEqual([]);
    expect(plan.samples).toHaveLength(samples.length);
    const { categoryToClass } = classesFromCategories(dataset.categories);
    for (const planned of plan.samples) {
      const record = dataset.images.find((im) => im.id === planned.imageId)!;
      const index = [...paths].find(([, p]) => `images/${p.image}` === planned.image)![0];
      expect(planned.name).toBe(paths.get(index)!.image);
      const result = instanceMapFor(record, dataset.annotationsByImage.get(record.id) ?? [], categoryToClass);
      expect(result.instanceMap).toEqual(samples[index].instanceMap);
      expect(result.instances.map((i) => i.visibleFraction)).toEqual(
        samples[index].instances.map((i) => i.visibleFraction),
      );
    }
  });
});
