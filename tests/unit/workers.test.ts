// The import and export workers run here in Node, without comlink's messaging (expose is captured) and with
// createImageBitmap standing in by the PNG decoder, to check their bookkeeping: batches, records, splits,
// problems, a full disk, and an export that reads back. Real decoding is covered by the browser tests.
/// <reference lib="dom" />
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { decodePng, encodePng } from '../../src/core/formats/png';
import { decodeRle } from '../../src/core/formats/rle';
import { readAllMeta, readSample, requireDataset, newId, getDataset } from '../../src/storage';
import { resplit } from '../../src/client/datasetOps';
import { generateShapesSample } from '../../src/core/generate/shapes';
import { shapesSampleMeta } from '../../src/core/generate/meta';
import { DEFAULT_SHAPES_PARAMS } from '../../src/core/generate/params';
import { SHAPE_CLASSES } from '../../src/core/generate/types';
import { DEFAULT_SPLIT } from '../../src/core/data/splits';
import { putDataset, writeBatch } from '../../src/storage';
import type { ExportWorkerApi, ImportSource, ImportWorkerApi } from '../../src/protocol/workers';
import type { JobEvent } from '../../src/protocol/jobs';

const exposed: unknown[] = [];
vi.mock('comlink', () => ({
  expose: (api: unknown) => exposed.push(api),
  transferHandlers: new Map([
    ['throw', { canHandle: () => false, serialize: (v: unknown) => [v, []], deserialize: (v: unknown) => v }],
  ]),
}));

let importer: ImportWorkerApi;
let exporter: ExportWorkerApi;

beforeAll(async () => {
  // Decodes PNGs only: anything else is "not decodable", as a broken file would be in the browser.
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const png = decodePng(new Uint8Array(await blob.arrayBuffer()));
    return { width: png.width, height: png.height, close: () => undefined };
  });
  await import('../../workers/import.worker');
  await import('../../workers/export.worker');
  [importer, exporter] = exposed as [ImportWorkerApi, ExportWorkerApi];
});

afterEach(() => vi.restoreAllMocks());

const rgb = (w: number, h: number, v: number) => encodePng(new Uint8Array(w * h * 3).fill(v), w, h, 3);
const gray = (w: number, h: number, values: number[]) => encodePng(new Uint8Array(values), w, h, 1);
const file = (bytes: Uint8Array, name = 'x') => new File([bytes as Uint8Array<ArrayBuffer>], name);

function zipSource(files: Record<string, Uint8Array>): ImportSource {
  return { kind: 'zip', file: file(zipSync(files, { level: 0 }), 'data.zip') };
}

function collect(): { events: JobEvent[]; onEvent: (e: JobEvent) => void } {
  const events: JobEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}

describe('import worker', () => {
  it('imports an ImageFolder zip: classes, labels, splits, problems, record', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const cls of ['Forest', 'AnnualCrop', 'River'])
      for (let i = 0; i < 300; i++) files[`EuroSAT/${cls}/${cls}_${i}.png`] = rgb(8, 8, i & 255);
    files['EuroSAT/River/broken.png'] = new Uint8Array([1, 2, 3]);
    files['EuroSAT/readme.txt'] = new TextEncoder().encode('hello');
    files['__MACOSX/EuroSAT/._x'] = new Uint8Array(4);
    const id = newId();
    const { events, onEvent } = collect();
    const report = await importer.importDataset(id, 'EuroSAT', zipSource(files), onEvent);

    expect(report).toMatchObject({
      datasetId: id,
      layout: 'imagefolder',
      imported: 900,
      classes: ['AnnualCrop', 'Forest', 'River'],
    });
    expect(report.problems.map((p) => [p.path, p.reason])).toEqual([
      ['EuroSAT/River/broken.png', 'unreadable'],
      ['EuroSAT/readme.txt', 'not-an-image'],
    ]);
    const rec = await requireDataset(id);
    expect(rec).toMatchObject({
      kind: 'classification',
      status: 'ready',
      count: 900,
      nextIndex: 900,
      chunks: [0, 1, 2, 3],
      source: 'data.zip',
    });
    expect(rec.bytes).toBeGreaterThan(900 * 50);
    const metas = await readAllMeta(rec);
    expect(metas.map((m) => m.index)).toEqual(Array.from({ length: 900 }, (_, i) => i));
    expect(metas[0]).toMatchObject({
      name: 'AnnualCrop/AnnualCrop_0.png',
      label: 0,
      classes: [0],
      width: 8,
      height: 8,
    });
    for (let c = 0; c < 3; c++) {
      const ofClass = metas.filter((m) => m.label === c);
      expect(ofClass.filter((m) => m.split === 'val')).toHaveLength(30);
      expect(ofClass.filter((m) => m.split === 'train')).toHaveLength(270);
    }
    const s = await readSample(id, 0);
    expect(s?.imageType).toBe('image/png');
    expect([...new Uint8Array(s!.image)]).toEqual([...files['EuroSAT/AnnualCrop/AnnualCrop_0.png']]);
    expect(events[events.length - 1]).toEqual({ kind: 'done', done: 901, total: 901 });
    expect(events.filter((e) => e.kind === 'progress').length).toBeLessThan(20);
  });

  it('imports images + masks from files, checking masks and naming classes', async () => {
    const palette = [0, 1, 2, 5];
    const files: { path: string; file: File }[] = [];
    const add = (path: string, bytes: Uint8Array) => files.push({ path, file: file(bytes, path) });
    for (let i = 0; i < 6; i++) {
      add(`images/s${i}.png`, rgb(4, 2, 10 * i));
      add(`masks/s${i}.png`, gray(4, 2, [0, palette[i % 4], 0, 0, 0, 0, 0, palette[(i + 1) % 4]]));
    }
    add('images/big.png', rgb(5, 5, 1));
    add('masks/big.png', gray(4, 2, new Array(8).fill(1)));
    add('images/colour.png', rgb(4, 2, 1));
    add(
      'masks/colour.png',
      encodePng(
        new Uint8Array(24).fill(0).map((_, i) => (i % 3 === 0 ? 9 : 0)),
        4,
        2,
        3,
      ),
    );
    add('images/lonely.png', rgb(4, 2, 1));
    add('masks/orphan.png', gray(4, 2, new Array(8).fill(0)));

    const id = newId();
    const report = await importer.importDataset(
      id,
      ' Seg ',
      { kind: 'files', files, root: 'seg' },
      () => undefined,
    );
    expect(report.layout).toBe('image-mask');
    expect(report.imported).toBe(6);
    expect(report.classes).toEqual(['background', 'class 1', 'class 2', 'class 3', 'class 4', 'class 5']);
    expect(report.problems.map((p) => `${p.path}:${p.reason}`)).toEqual([
      'images/lonely.png:missing-mask',
      'masks/big.png:size-mismatch',
      'masks/colour.png:bad-mask',
      'masks/orphan.png:missing-image',
    ]);
    const rec = await requireDataset(id);
    expect(rec).toMatchObject({
      name: 'Seg',
      kind: 'segmentation',
      status: 'ready',
      count: 6,
      source: 'seg',
    });
    expect(rec.classes).toEqual(report.classes);
    const metas = await readAllMeta(rec);
    expect(metas.map((m) => [m.name, m.classes])).toEqual([
      ['s0.png', [1]],
      ['s1.png', [1, 2]],
      ['s2.png', [2, 5]],
      ['s3.png', [5]],
      ['s4.png', [1]],
      ['s5.png', [1, 2]],
    ]);
    const s = await readSample(id, 2);
    expect([...decodePng(new Uint8Array(s!.mask!)).data]).toEqual([0, 2, 0, 0, 0, 0, 0, 5]);
  });

  it('imports a folder handed over in parts, naming a file that cannot be read', async () => {
    const files: { path: string; file: File }[] = [];
    for (const cls of ['a', 'b'])
      for (let i = 0; i < 150; i++) files.push({ path: `${cls}/${i}.png`, file: file(rgb(3, 2, i)) });
    // A file that fails to read, as one moved or changed after it was picked does: the batch read of its
    // neighbours falls back to one read per file, and only this one is reported.
    const gone = {
      size: 57,
      arrayBuffer: () => Promise.reject(new Error('file changed')),
    } as unknown as File;
    files.splice(100, 0, { path: 'a/gone.png', file: gone });
    importer.addFiles(files.slice(0, 120));
    importer.addFiles(files.slice(120, 250));
    const id = newId();
    const report = await importer.importDataset(
      id,
      'parts',
      { kind: 'files', files: files.slice(250), root: 'parts' },
      () => undefined,
    );
    expect(report).toMatchObject({
      datasetId: id,
      layout: 'imagefolder',
      imported: 300,
      classes: ['a', 'b'],
    });
    expect(report.problems).toEqual([
      { path: 'a/gone.png', reason: 'unreadable', detail: 'cannot read the file: file changed' },
    ]);
    const metas = await readAllMeta(await requireDataset(id));
    expect(metas.map((m) => m.name)).toContain('b/149.png');
    // One from the batch read file by file, one from a batch read in one go.
    for (const [name, v] of [
      ['a/7.png', 7],
      ['b/99.png', 99], // last in path order
    ] as const) {
      const s = await readSample(id, metas.find((m) => m.name === name)!.index);
      expect(decodePng(new Uint8Array(s!.image))).toMatchObject({ width: 3, height: 2 });
      expect(decodePng(new Uint8Array(s!.image)).data[0]).toBe(v);
    }
  });

  it('refuses a zip with no layout, and deletes a dataset where nothing was importable', async () => {
    await expect(
      importer.importDataset(
        newId(),
        'x',
        zipSource({ 'a.png': rgb(2, 2, 0), 'b.png': rgb(2, 2, 0) }),
        () => undefined,
      ),
    ).rejects.toMatchObject({
      code: 'bad-layout',
    });
    const id = newId();
    const report = await importer.importDataset(
      id,
      'x',
      zipSource({ 'A/a.png': new Uint8Array(3), 'B/b.png': new Uint8Array(3) }),
      () => undefined,
    );
    expect(report).toMatchObject({ datasetId: null, imported: 0 });
    expect(report.problems).toHaveLength(2);
    expect(await getDataset(id)).toBeUndefined();
  });

  it('stops on a full disk with storage-full, leaving only committed batches listed', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const cls of ['A', 'B']) for (let i = 0; i < 300; i++) files[`${cls}/${i}.png`] = rgb(2, 2, i & 255);
    const original = IDBObjectStore.prototype.put;
    let calls = 0;
    // Fail the first sample put of the third batch (each batch puts 1 chunk + 256 samples; the record is put elsewhere).
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'samples' && ++calls === 2 * 257 + 2)
        throw new DOMException('full', 'QuotaExceededError');
      return original.apply(this, args);
    };
    const id = newId();
    const { events, onEvent } = collect();
    try {
      await expect(importer.importDataset(id, 'x', zipSource(files), onEvent)).rejects.toMatchObject({
        code: 'storage-full',
      });
    } finally {
      IDBObjectStore.prototype.put = original;
    }
    expect(events[events.length - 1]).toMatchObject({ kind: 'error', code: 'storage-full' });
    const rec = await requireDataset(id);
    expect(rec).toMatchObject({ status: 'writing', count: 512, chunks: [0, 1], nextIndex: 512 });
    expect(await readAllMeta(rec)).toHaveLength(512);
  });
});

describe('export worker', () => {
  it('exports a shapes dataset with one COCO annotation per visible instance', async () => {
    const id = newId();
    const params = { ...DEFAULT_SHAPES_PARAMS, size: 48, minSide: 8, maxSide: 16, occlusion: 0.5 as const };
    const samples = Array.from({ length: 5 }, (_, i) => generateShapesSample(params, 7, i));
    const metas = samples.map(shapesSampleMeta);
    const toBuf = (a: Uint8Array) => a.slice().buffer as ArrayBuffer;
    await writeBatch(
      id,
      0,
      metas,
      samples.map((x) => ({
        image: toBuf(encodePng(x.image, x.width, x.height, 3)),
        imageType: 'image/png',
        mask: toBuf(encodePng(x.classMap, x.width, x.height, 1)),
        instanceMap: toBuf(encodePng(x.instanceMap, x.width, x.height, 1)),
      })),
    );
    const now = Date.now();
    await putDataset({
      id,
      name: 'shapes',
      kind: 'shapes',
      createdAt: now,
      updatedAt: now,
      classes: [...SHAPE_CLASSES],
      count: 5,
      chunks: [0],
      nextIndex: 5,
      bytes: 0,
      split: DEFAULT_SPLIT,
      removals: [],
      status: 'ready',
      generator: { params, seed: 7 },
    });
    const out = unzipSync(
      new Uint8Array(await (await exporter.exportDataset(id, () => undefined)).arrayBuffer()),
    );
    expect(Object.keys(out).filter((k) => k.startsWith('masks/'))).toHaveLength(5);
    const coco = JSON.parse(strFromU8(out['annotations.json']));
    expect(coco.categories).toEqual([
      { id: 1, name: 'rectangle' },
      { id: 2, name: 'ellipse' },
    ]);
    const visible = metas.flatMap((m) => m.instances!.filter((i) => i.area > 0));
    expect(coco.annotations).toHaveLength(visible.length);
    expect(
      coco.annotations.map((a: { area: number; category_id: number }) => [a.area, a.category_id]),
    ).toEqual(visible.map((i) => [i.area, i.category]));
    expect(coco.info.generator.seed).toBe(7);
  });

  it('exports a segmentation dataset as images/, masks/ and COCO region annotations', async () => {
    const files: Record<string, Uint8Array> = {};
    files['data/images/a.png'] = rgb(4, 2, 1);
    files['data/masks/a.png'] = gray(4, 2, [0, 1, 1, 0, 2, 2, 0, 0]);
    files['data/images/b.png'] = rgb(4, 2, 2);
    files['data/masks/b.png'] = gray(4, 2, [0, 0, 0, 0, 0, 0, 0, 0]);
    const id = newId();
    await importer.importDataset(id, 'seg', zipSource(files), () => undefined);
    const { events, onEvent } = collect();
    const blob = await exporter.exportDataset(id, onEvent);
    expect(blob.type).toBe('application/zip');
    const out = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    expect(Object.keys(out).sort()).toEqual([
      'annotations.json',
      'images/a.png',
      'images/b.png',
      'masks/a.png',
      'masks/b.png',
    ]);
    expect([...out['images/a.png']]).toEqual([...files['data/images/a.png']]);
    const coco = JSON.parse(strFromU8(out['annotations.json']));
    expect(coco.categories).toEqual([
      { id: 1, name: 'class 1' },
      { id: 2, name: 'class 2' },
    ]);
    expect(coco.images.map((i: { file_name: string }) => i.file_name)).toEqual(['a.png', 'b.png']);
    expect(
      coco.annotations.map((a: { category_id: number; area: number; iscrowd: number }) => [
        a.category_id,
        a.area,
        a.iscrowd,
      ]),
    ).toEqual([
      [1, 2, 0],
      [2, 2, 0],
    ]);
    expect([...decodeRle(coco.annotations[0].segmentation)]).toEqual([0, 1, 1, 0, 0, 0, 0, 0]);
    expect(coco.info).toMatchObject({ kind: 'segmentation', split: { train: 0.9 } });
    expect(events[events.length - 1]).toEqual({ kind: 'done', done: 2, total: 2 });
  });

  it('exports a classification dataset into class folders, and the export imports again', async () => {
    const files: Record<string, Uint8Array> = {
      'B/x.png': rgb(2, 2, 1),
      'A/x.png': rgb(2, 2, 2),
      'A/y.png': rgb(2, 2, 3),
    };
    const id = newId();
    await importer.importDataset(id, 'cls', zipSource(files), () => undefined);
    await resplit(id, { seed: 1, train: 0.5, val: 0.5, test: 0 });
    const blob = await exporter.exportDataset(id, () => undefined);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const out = unzipSync(bytes);
    expect(Object.keys(out).sort()).toEqual([
      'annotations.json',
      'images/A/x.png',
      'images/A/y.png',
      'images/B/x.png',
    ]);
    const coco = JSON.parse(strFromU8(out['annotations.json']));
    expect(coco.categories).toEqual([
      { id: 0, name: 'A' },
      { id: 1, name: 'B' },
    ]);
    expect(coco.annotations).toEqual([]);
    expect(coco.info.split).toEqual({ seed: 1, train: 0.5, val: 0.5, test: 0 });

    const again = newId();
    const report = await importer.importDataset(
      again,
      'again',
      { kind: 'zip', file: file(bytes, 'cls.zip') },
      () => undefined,
    );
    expect(report).toMatchObject({ layout: 'imagefolder', imported: 3, classes: ['A', 'B'] });
    expect(report.problems.map((p) => p.path)).toEqual(['annotations.json']);
  });
});

describe('COCO import', () => {
  async function storeShapes(count: number, seed: number) {
    const id = newId();
    const params = { ...DEFAULT_SHAPES_PARAMS, size: 48, minSide: 8, maxSide: 20, occlusion: 0.5 as const };
    const samples = Array.from({ length: count }, (_, i) => generateShapesSample(params, seed, i));
    const metas = samples.map(shapesSampleMeta);
    const toBuf = (a: Uint8Array) => a.slice().buffer as ArrayBuffer;
    await writeBatch(
      id,
      0,
      metas,
      samples.map((x) => ({
        image: toBuf(encodePng(x.image, x.width, x.height, 3)),
        imageType: 'image/png',
        mask: toBuf(encodePng(x.classMap, x.width, x.height, 1)),
        instanceMap: toBuf(encodePng(x.instanceMap, x.width, x.height, 1)),
      })),
    );
    const now = Date.now();
    await putDataset({
      id,
      name: 'shapes',
      kind: 'shapes',
      createdAt: now,
      updatedAt: now,
      classes: [...SHAPE_CLASSES],
      count,
      chunks: [0],
      nextIndex: count,
      bytes: 0,
      split: DEFAULT_SPLIT,
      removals: [],
      status: 'ready',
      generator: { params, seed },
    });
    return { id, samples, metas };
  }

  const polygonCoco = (extra: object[] = []) => ({
    images: [
      { id: 1, file_name: 'a.png', width: 8, height: 6 },
      { id: 2, file_name: 'b.png', width: 8, height: 6 },
      { id: 3, file_name: 'gone.png', width: 8, height: 6 },
    ],
    categories: [
      { id: 7, name: 'roof' },
      { id: 3, name: 'tree' },
    ],
    annotations: [
      // A 4×3 rectangle (pixels 1..4 × 1..3) as a polygon, no colour: taken from the image.
      { id: 1, image_id: 1, category_id: 7, bbox: [1, 1, 4, 3], segmentation: [[1, 1, 5, 1, 5, 4, 1, 4]] },
      {
        id: 2,
        image_id: 1,
        category_id: 3,
        bbox: [0, 0, 8, 6],
        iscrowd: 1,
        segmentation: [[0, 0, 8, 0, 8, 6]],
      },
      { id: 3, image_id: 1, category_id: 99, bbox: [0, 0, 1, 1], segmentation: [[0, 0, 1, 0, 1, 1]] },
      { id: 4, image_id: 2, category_id: 3, bbox: [0, 0, 2, 2] },
      ...extra,
    ],
  });

  it('re-imports an exported shapes dataset as instances, with the same instances per sample', async () => {
    const { id, samples, metas } = await storeShapes(12, 11);
    const blob = await exporter.exportDataset(id, () => undefined);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const again = newId();
    const report = await importer.importDataset(
      again,
      'again',
      { kind: 'zip', file: file(bytes, 'shapes.zip') },
      () => undefined,
    );
    expect(report).toMatchObject({
      datasetId: again,
      layout: 'coco',
      imported: 12,
      classes: [...SHAPE_CLASSES],
      problems: [],
    });
    const rec = await requireDataset(again);
    expect(rec).toMatchObject({ kind: 'instances', status: 'ready', count: 12, classes: [...SHAPE_CLASSES] });
    expect(rec.generator).toBeUndefined();
    const back = await readAllMeta(rec);
    expect(back.map((m) => m.name).sort()).toEqual(metas.map((m) => m.name).sort());
    const pick = (i: {
      bbox: number[];
      area: number;
      visibleFraction: number;
      color: number[];
      category: number;
    }) => ({
      bbox: i.bbox,
      area: i.area,
      visibleFraction: i.visibleFraction,
      color: i.color,
      category: i.category,
    });
    let hidden = 0;
    for (const m of metas) {
      const b = back.find((x) => x.name === m.name)!;
      const visible = m.instances!.filter((i) => i.area > 0);
      expect(b.instances!.map(pick)).toEqual(visible.map(pick));
      expect(b.classes).toEqual(m.classes);
      expect(b.minVisible).toBe(visible.reduce((v, i) => Math.min(v, i.visibleFraction), 1));
      expect([b.width, b.height]).toEqual([m.width, m.height]);
      hidden += visible.filter((i) => i.visibleFraction < 1).length;
      // The class map rebuilt from the annotations is the generator's.
      const s = await readSample(again, b.index);
      const src = samples[m.index];
      expect(decodePng(new Uint8Array(s!.mask!)).data).toEqual(src.classMap);
      expect(s!.instanceMap).toBeDefined();
    }
    expect(hidden).toBeGreaterThan(0);
    // And it exports again like a shapes dataset: one annotation per instance.
    const out = unzipSync(
      new Uint8Array(await (await exporter.exportDataset(again, () => undefined)).arrayBuffer()),
    );
    const coco = JSON.parse(strFromU8(out['annotations.json']));
    expect(coco.annotations).toHaveLength(
      metas.flatMap((m) => m.instances!.filter((i) => i.area > 0)).length,
    );
    expect(coco.info.kind).toBe('instances');
  });

  it('imports COCO polygons, taking colours from the image and reporting what it skips', async () => {
    const pixels = new Uint8Array(8 * 6 * 3);
    for (let p = 0; p < 48; p++) pixels.set([10, 20 + (p % 8), 30], p * 3);
    const files: Record<string, Uint8Array> = {
      'data/instances.json': new TextEncoder().encode(JSON.stringify(polygonCoco())),
      'data/a.png': encodePng(pixels, 8, 6, 3),
      'data/b.png': rgb(8, 6, 5),
      'data/c.png': rgb(8, 6, 5),
    };
    const id = newId();
    const report = await importer.importDataset(id, 'poly', zipSource(files), () => undefined);
    expect(report).toMatchObject({ layout: 'coco', imported: 2, classes: ['background', 'tree', 'roof'] });
    expect(report.problems.map((p) => [p.path, p.reason])).toEqual([
      ['data/c.png', 'outside-layout'],
      ['data/gone.png', 'missing-image'],
      ['data/instances.json', 'bad-annotation'],
      ['data/instances.json', 'bad-annotation'],
      ['data/instances.json', 'bad-annotation'],
    ]);
    const details = report.problems.map((p) => p.detail).join('\n');
    expect(details).toMatch(/category_id 99/);
    expect(details).toMatch(/annotation 4 of image 2: no segmentation/);
    expect(details).toMatch(/1 crowd annotation/);
    const rec = await requireDataset(id);
    expect(rec.kind).toBe('instances');
    const metas = await readAllMeta(rec);
    const a = metas.find((m) => m.name === 'a.png')!;
    expect(a.instances).toEqual([
      { id: 1, category: 2, bbox: [1, 1, 4, 3], area: 12, visibleFraction: 1, color: [10, 23, 30] },
    ]);
    expect(a.classes).toEqual([2]);
    expect(metas.find((m) => m.name === 'b.png')).toMatchObject({
      instances: [],
      classes: [],
      minVisible: 1,
    });
    const s = await readSample(id, a.index);
    const inst = decodePng(new Uint8Array(s!.instanceMap!));
    expect(inst.data[1 * 8 + 1]).toBe(1);
    expect(inst.data[0]).toBe(0);
    expect(decodePng(new Uint8Array(s!.mask!)).data[3 * 8 + 4]).toBe(2);
  });

  it('reports an image whose size differs from its COCO record', async () => {
    const files: Record<string, Uint8Array> = {
      'instances.json': new TextEncoder().encode(JSON.stringify(polygonCoco())),
      'a.png': rgb(8, 6, 1),
      'b.png': rgb(6, 8, 1),
    };
    const report = await importer.importDataset(newId(), 'x', zipSource(files), () => undefined);
    expect(report.imported).toBe(1);
    expect(report.problems.find((p) => p.path === 'b.png')).toEqual({
      path: 'b.png',
      reason: 'size-mismatch',
      detail: 'image is 6×8, instances.json says 8×6',
    });
  });

  it('falls back to the folder layouts when annotations.json is broken, naming it', async () => {
    const files: Record<string, Uint8Array> = {
      'annotations.json': new TextEncoder().encode('{"images": [}'),
      'images/a.png': rgb(4, 2, 1),
      'masks/a.png': gray(4, 2, [0, 1, 1, 0, 0, 0, 0, 0]),
    };
    const id = newId();
    const report = await importer.importDataset(id, 'x', zipSource(files), () => undefined);
    expect(report).toMatchObject({ layout: 'image-mask', imported: 1 });
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ path: 'annotations.json', reason: 'bad-annotation' });
    expect(report.problems[0].detail).toMatch(/^annotations\.json: .*not valid JSON/);
    expect((await requireDataset(id)).kind).toBe('segmentation');

    // A bad field: still named with its JSON path. With no folder layout to fall back to, the error says why.
    const badField = polygonCoco([{ id: 5, image_id: 1, category_id: 3, bbox: [1, 2] }]);
    await expect(
      importer.importDataset(
        newId(),
        'x',
        zipSource({
          'instances.json': new TextEncoder().encode(JSON.stringify(badField)),
          'a.png': rgb(8, 6, 1),
        }),
        () => undefined,
      ),
    ).rejects.toMatchObject({
      code: 'bad-layout',
      message: expect.stringMatching(/instances\.json: annotations\[4\]\.bbox: expected 4 numbers/),
    });
  });
});
