// Import worker: turns a dropped folder or a zip into a stored dataset. The layout, mask checks, zip
// directory and split assignment are pure code in src/core/data, COCO parsing and instance maps in
// src/core/formats/cocoRead.ts; this file reads bytes, decodes images with the browser's decoders
// (WebCodecs' ImageDecoder, else createImageBitmap), and writes batches. A COCO annotation file that
// parses and has annotations makes an 'instances' dataset; otherwise ImageFolder or images + masks.
// Reading, decoding and writing overlap: batch k+1 is read while batch k is decoded, and batch k is
// written while batch k+1 is decoded.
// Cancel = the bridge terminates this worker and deletes the dataset; every batch is one transaction,
// so whatever is stored at that moment is consistent.
import { expose } from 'comlink';
import './keepErrorCodes';
import { newDatasetRecord } from '../src/core/data/newRecord';
import { throttledEmitter } from './throttledEvents';
import {
  normalizePath,
  planImport,
  imageTypeFromPath,
  type ImportPlan,
  type PlannedSample,
} from '../src/core/data/layout';
import {
  checkMask,
  cutBatches,
  importedMeta,
  segmentationClassNames,
  sniffImageType,
  unsupportedImageReason,
} from '../src/core/data/importPlan';
import { readZipDirectory, readZipEntries, type ZipEntry } from '../src/core/data/zipIndex';
import { assignSplits, DEFAULT_SPLIT, stratumOf } from '../src/core/data/splits';
import { findCocoParts, isCocoLayout, planCocoImport, type CocoPart } from '../src/core/data/cocoPlan';
import {
  classesFromCategories,
  instanceMapFor,
  parseCocoInstances,
  type CocoDataset,
  type CocoImageRecord,
  type ImagePixels,
} from '../src/core/formats/cocoRead';
import { decodePng, encodePng } from '../src/core/formats/png';
import { isTilewrightError, TilewrightError } from '../src/core/errors';
import { deleteDataset, putDataset, rewriteChunks, updateDataset, writeBatch } from '../src/storage';
import type { ImportProblem, ImportReport } from '../src/protocol/jobs';
import type { DatasetKind, SampleData, SampleMeta } from '../src/protocol/records';
import type { ImportSource, ImportWorkerApi } from '../src/protocol/workers';

/**
 * Samples per stored batch (one chunk each), and the most encoded bytes a batch may hold in memory. Up to
 * three batches are in memory at once: one being read, one being decoded, one being written.
 */
const BATCH_SAMPLES = 256;
const BATCH_BYTES = 32 << 20;
/**
 * Images decoded at the same time. A small image's decode is mostly the hop to the decoder thread and
 * back, which several in flight hide (64×64 JPEGs on 2 cores: 4 at once 30% slower than 8; 16 no faster).
 */
const DECODES_IN_FLIGHT = Math.min(16, Math.max(8, 2 * (globalThis.navigator?.hardwareConcurrency || 2)));
/** Files read at the same time when a batch is read file by file (see readFiles). */
const READS_IN_FLIGHT = 32;

type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; detail: string };

/** What the worker needs of a source: its paths, their sizes, and a way to read a batch of them. */
interface OpenSource {
  label: string;
  paths: string[];
  sizeOf(path: string): number;
  read(paths: string[]): Promise<ReadResult[]>;
}

/** Files handed over with addFiles, imported by the next importDataset with a folder source. */
const addedFiles: { path: string; file: File }[] = [];

async function openSource(source: ImportSource): Promise<OpenSource> {
  if (source.kind === 'files') {
    const byPath = new Map<string, File>();
    for (const list of [addedFiles, source.files])
      for (const f of list) {
        const p = normalizePath(f.path);
        if (p && !byPath.has(p)) byPath.set(p, f.file);
      }
    addedFiles.length = 0;
    return {
      label: source.root,
      paths: [...byPath.keys()],
      sizeOf: (p) => byPath.get(p)?.size ?? 0,
      read: (paths) => readFiles(paths.map((p) => byPath.get(p)!)),
    };
  }
  const file = source.file;
  const readRange = async (start: number, end: number) =>
    new Uint8Array(await file.slice(start, end).arrayBuffer());
  const entries = await readZipDirectory(readRange, file.size);
  const byPath = new Map<string, ZipEntry>();
  for (const e of entries) {
    const p = normalizePath(e.name);
    if (p && !byPath.has(p)) byPath.set(p, e);
  }
  return {
    label: file.name,
    paths: [...byPath.keys()],
    sizeOf: (p) => byPath.get(p)?.size ?? 0,
    read: (paths) =>
      readZipEntries(
        readRange,
        paths.map((p) => byPath.get(p)!),
      ),
  };
}

/**
 * Reads files in one go: a Blob made of them holds only references, and one read of it is one round trip to
 * the browser instead of one per file (a 27,000-file folder imported in 12 s instead of 19 s). When any file
 * cannot be read (moved or changed since it was picked) the whole read fails; the files are then read one by
 * one, so the report names the bad one. The results are views into one buffer.
 */
async function readFiles(files: File[]): Promise<ReadResult[]> {
  try {
    const all = new Uint8Array(await new Blob(files).arrayBuffer());
    let sum = 0;
    for (const f of files) sum += f.size;
    if (all.length === sum) {
      let offset = 0;
      return files.map((f) => {
        const bytes = all.subarray(offset, offset + f.size);
        offset += f.size;
        return { ok: true, bytes };
      });
    }
  } catch {
    // read one by one below
  }
  return mapPool(files, READS_IN_FLIGHT, async (f): Promise<ReadResult> => {
    try {
      return { ok: true, bytes: new Uint8Array(await f.arrayBuffer()) };
    } catch (e) {
      return { ok: false, detail: `cannot read the file: ${errorText(e)}` };
    }
  });
}

/** Runs fn over items with at most `limit` calls in flight; results in item order. */
async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** An ArrayBuffer holding exactly these bytes (views into larger buffers are copied). */
function toBuffer(a: Uint8Array): ArrayBuffer {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength
    ? (a.buffer as ArrayBuffer)
    : (a.slice().buffer as ArrayBuffer);
}

const decoderSupports = new Map<string, Promise<boolean>>();

/** Whether WebCodecs' ImageDecoder exists here and decodes this type (asked once per type). */
function imageDecoderSupports(type: string): Promise<boolean> {
  let supported = decoderSupports.get(type);
  if (!supported) {
    supported =
      typeof ImageDecoder === 'undefined'
        ? Promise.resolve(false)
        : ImageDecoder.isTypeSupported(type).catch(() => false);
    decoderSupports.set(type, supported);
  }
  return supported;
}

/** Size an image is shown at, and its RGB(A) pixels when they were asked for and could be had. */
interface DecodedImage {
  width: number;
  height: number;
  pixels?: ImagePixels;
}

/**
 * Pixels of a decoded frame or bitmap, drawn on an OffscreenCanvas (RGBA). Undefined where there is no
 * OffscreenCanvas (Node tests) or drawing fails: colours are then not known.
 */
function canvasPixels(source: CanvasImageSource, width: number, height: number): ImagePixels | undefined {
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  try {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return undefined;
    ctx.drawImage(source, 0, 0, width, height);
    return { data: ctx.getImageData(0, 0, width, height).data, channels: 4 };
  } catch {
    return undefined;
  }
}

/** RGB(A) pixels of a PNG decoded here (exact, no colour management); gray is spread over three channels. */
function pngPixels(bytes: Uint8Array): ImagePixels {
  const png = decodePng(bytes);
  if (png.channels >= 3) return { data: png.data, channels: png.channels };
  const n = png.width * png.height;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = png.data[i * png.channels];
  return { data: rgb, channels: 3 };
}

/**
 * Decodes the first frame in full, so a truncated or corrupt file fails, and returns the size it is shown
 * at (EXIF orientation applied, as in createImageBitmap and <img>). ImageDecoder takes the bytes as they
 * are; createImageBitmap needs a Blob, and each Blob made in a worker is a round trip to the browser's blob
 * registry: 2,000 small JPEGs took ~3 s that way and ~0.2 s with ImageDecoder (decoding alone, 2 cores).
 * createImageBitmap stays as the fallback for browsers without ImageDecoder.
 * With `wantPixels`, PNGs are decoded again here (exact values) and other formats are drawn on a canvas.
 */
async function decodeImage(bytes: Uint8Array, type: string, wantPixels = false): Promise<DecodedImage> {
  const png = wantPixels && type === 'image/png';
  if (await imageDecoderSupports(type)) {
    const decoder = new ImageDecoder({ data: bytes as Uint8Array<ArrayBuffer>, type });
    try {
      const { image } = await decoder.decode();
      const out: DecodedImage = { width: image.displayWidth, height: image.displayHeight };
      if (wantPixels && !png) {
        const pixels = canvasPixels(image, out.width, out.height);
        if (pixels) out.pixels = pixels;
      }
      image.close();
      if (png) out.pixels = pngPixels(bytes);
      return out;
    } finally {
      decoder.close();
    }
  }
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const out: DecodedImage = { width: bitmap.width, height: bitmap.height };
  if (wantPixels && !png) {
    const pixels = canvasPixels(bitmap, out.width, out.height);
    if (pixels) out.pixels = pixels;
  }
  bitmap.close();
  if (png) out.pixels = pngPixels(bytes);
  return out;
}

type Checked =
  | {
      ok: true;
      /** Its index is set when the sample is stored. */
      meta: SampleMeta;
      data: SampleData;
      maxClass: number;
      bytes: number;
      /** Problems found in the sample's annotations (it is imported all the same). */
      notes?: ImportProblem[];
      /** Crowd annotations left out. */
      crowd?: number;
    }
  | { ok: false; problem: ImportProblem };

type ImageCheck =
  | { ok: true; imageType: string; decoded: DecodedImage; bytes: Uint8Array }
  | { ok: false; problem: ImportProblem };

/** Decodes the image to prove it is readable and learn its size. */
async function checkImage(path: string, image: ReadResult, wantPixels = false): Promise<ImageCheck> {
  const fail = (detail: string): ImageCheck => ({
    ok: false,
    problem: { path, reason: 'unreadable', detail },
  });
  if (!image.ok) return fail(image.detail);
  if (!image.bytes.length) return fail('empty file');
  const imageType = sniffImageType(image.bytes) ?? imageTypeFromPath(path) ?? 'application/octet-stream';
  const unsupported = unsupportedImageReason(imageType);
  if (unsupported) return fail(unsupported);
  try {
    const decoded = await decodeImage(image.bytes, imageType, wantPixels);
    return { ok: true, imageType, decoded, bytes: image.bytes };
  } catch (e) {
    return fail(`the browser cannot decode it as ${imageType} (${errorText(e)})`);
  }
}

/** An ImageFolder or image + mask sample: the image decoded, the mask checked against it. */
async function checkSample(
  sample: PlannedSample,
  image: ReadResult,
  mask: ReadResult | undefined,
): Promise<Checked> {
  const img = await checkImage(sample.image, image);
  if (!img.ok) return img;
  const size = { width: img.decoded.width, height: img.decoded.height };
  const data: SampleData = { image: toBuffer(img.bytes), imageType: img.imageType };
  if (!sample.mask) {
    const meta = importedMeta(0, sample.name, size, sample.label, undefined);
    return { ok: true, meta, data, maxClass: 0, bytes: img.bytes.length };
  }

  if (!mask || !mask.ok)
    return {
      ok: false,
      problem: {
        path: sample.mask,
        reason: 'unreadable',
        detail: mask?.ok === false ? mask.detail : 'not read',
      },
    };
  const m = checkMask(mask.bytes, size, sample.mask);
  if (!m.ok) return { ok: false, problem: m.problem };
  data.mask = toBuffer(m.stored);
  return {
    ok: true,
    meta: importedMeta(0, sample.name, size, sample.label, m.classes),
    data,
    maxClass: m.maxClass,
    bytes: img.bytes.length + m.stored.length,
  };
}

/** COCO annotation files that parsed, the classes of their categories, and the plan of their images. */
interface CocoSetup {
  files: { part: CocoPart; dataset: CocoDataset; byId: Map<number, CocoImageRecord> }[];
  classes: string[];
  categoryToClass: Map<number, number>;
  samples: { image: string; name: string; part: number; imageId: number }[];
  problems: ImportProblem[];
}

/**
 * Reads and parses the annotation files when the paths look like a COCO dataset. `setup` is set only when
 * at least one file parsed and has annotations; `failures` lists the files that did not parse (a
 * 'bad-annotation' problem each, with the parser's message), for the report whichever way the import goes.
 */
async function prepareCoco(src: OpenSource): Promise<{ setup?: CocoSetup; failures: ImportProblem[] }> {
  const failures: ImportProblem[] = [];
  if (!isCocoLayout(src.paths)) return { failures };
  const parts = findCocoParts(src.paths);
  const read = await src.read(parts.map((p) => p.annotations));
  const files: CocoSetup['files'] = [];
  const decoder = new TextDecoder();
  parts.forEach((part, i) => {
    const r = read[i];
    if (!r.ok) {
      failures.push({ path: part.annotations, reason: 'unreadable', detail: r.detail });
      return;
    }
    try {
      const dataset = parseCocoInstances(decoder.decode(r.bytes), part.annotations);
      files.push({ part, dataset, byId: new Map(dataset.images.map((im) => [im.id, im])) });
    } catch (e) {
      failures.push({ path: part.annotations, reason: 'bad-annotation', detail: errorText(e) });
    }
  });
  if (!files.some((f) => f.dataset.annotationsByImage.size > 0)) return { failures };
  let classes: ReturnType<typeof classesFromCategories>;
  try {
    classes = classesFromCategories(files.flatMap((f) => f.dataset.categories));
  } catch (e) {
    for (const f of files)
      failures.push({ path: f.part.annotations, reason: 'bad-annotation', detail: errorText(e) });
    return { failures };
  }
  const plan = planCocoImport(
    src.paths,
    files.map((f) => ({ part: f.part, images: f.dataset.images })),
  );
  const failed = new Set(failures.map((f) => f.path));
  const problems = [
    ...plan.problems.filter((p) => !failed.has(p.path)),
    ...failures,
    ...files.flatMap(({ part, dataset }) =>
      dataset.problems.map((detail): ImportProblem => ({
        path: part.annotations,
        reason: 'bad-annotation',
        detail,
      })),
    ),
  ];
  return {
    setup: { files, ...classes, samples: plan.samples, problems },
    failures,
  };
}

/**
 * A COCO sample: the image decoded and checked against the size its record gives, its annotations drawn
 * into instance and class maps (stored as 8-bit gray PNGs). Instance colours come from the file (our
 * exports) or, for annotations without one, from the image's pixels.
 */
async function checkCocoSample(
  setup: CocoSetup,
  sample: CocoSetup['samples'][number],
  image: ReadResult,
): Promise<Checked> {
  const { part, dataset, byId } = setup.files[sample.part];
  const record = byId.get(sample.imageId)!;
  const annotations = dataset.annotationsByImage.get(sample.imageId) ?? [];
  const wantPixels = annotations.some((a) => !a.color && a.iscrowd === 0);
  const img = await checkImage(sample.image, image, wantPixels);
  if (!img.ok) return img;
  const { width, height } = img.decoded;
  if (width !== record.width || height !== record.height)
    return {
      ok: false,
      problem: {
        path: sample.image,
        reason: 'size-mismatch',
        detail: `image is ${width}×${height}, ${part.annotations} says ${record.width}×${record.height}`,
      },
    };
  let maps: ReturnType<typeof instanceMapFor>;
  try {
    maps = instanceMapFor(record, annotations, setup.categoryToClass, img.decoded.pixels);
  } catch (e) {
    return { ok: false, problem: { path: sample.image, reason: 'bad-annotation', detail: errorText(e) } };
  }
  const mask = encodePng(maps.classMap, width, height, 1);
  const instanceMap = encodePng(maps.instanceMap, width, height, 1);
  const instances = maps.instances;
  const meta: SampleMeta = {
    index: 0,
    name: sample.name,
    width,
    height,
    split: 'train',
    classes: [...new Set(instances.map((i) => i.category))].sort((a, b) => a - b),
    instances,
    minVisible: instances.reduce((m, i) => Math.min(m, i.visibleFraction), 1),
  };
  return {
    ok: true,
    meta,
    data: {
      image: toBuffer(img.bytes),
      imageType: img.imageType,
      mask: toBuffer(mask),
      instanceMap: toBuffer(instanceMap),
    },
    maxClass: 0,
    bytes: img.bytes.length + mask.length + instanceMap.length,
    notes: maps.problems.map((detail) => ({ path: part.annotations, reason: 'bad-annotation', detail })),
    crowd: maps.crowd,
  };
}

/** One sample to import: the files it needs read, and how to check them. */
interface Unit {
  paths: string[];
  check(byPath: Map<string, ReadResult>): Promise<Checked>;
}

/** What an import will do: layout, kind, classes, and one unit per planned sample. */
interface Work {
  layout: ImportReport['layout'];
  kind: DatasetKind;
  /** Class names once `maxClass` is the largest mask value seen (only segmentation depends on it). */
  classes(maxClass: number): string[];
  units: Unit[];
  problems: ImportProblem[];
  /** Crowd annotations are reported once, against this file. */
  cocoFiles?: string[];
}

/** Plans the import: COCO when an annotation file parses and has annotations, else ImageFolder or image + mask. */
async function planWork(src: OpenSource): Promise<Work> {
  const coco = await prepareCoco(src);
  const setup = coco.setup;
  if (setup) {
    const classes = setup.classes;
    return {
      layout: 'coco',
      kind: 'instances',
      classes: () => classes,
      units: setup.samples.map((s) => ({
        paths: [s.image],
        check: (byPath) => checkCocoSample(setup, s, byPath.get(s.image)!),
      })),
      problems: setup.problems,
      cocoFiles: setup.files.map((f) => f.part.annotations),
    };
  }
  let plan: ImportPlan;
  try {
    plan = planImport(src.paths);
  } catch (e) {
    // Say why the annotation file was not used: that is more likely what went wrong than the folders.
    if (coco.failures.length && isTilewrightError(e))
      throw new TilewrightError(
        e.code,
        `${e.message} The annotation file could not be used: ${coco.failures[0].detail}`,
        e.subject,
      );
    throw e;
  }
  const failed = new Map(coco.failures.map((f) => [f.path, f]));
  const problems = plan.problems.filter((p) => !failed.has(p.path));
  problems.push(...coco.failures);
  const kind = plan.layout === 'imagefolder' ? 'classification' : 'segmentation';
  return {
    layout: plan.layout,
    kind,
    classes: (maxClass) => (kind === 'classification' ? plan.classes : segmentationClassNames(maxClass)),
    units: plan.samples.map((s) => ({
      paths: s.mask ? [s.image, s.mask] : [s.image],
      check: (byPath) => checkSample(s, byPath.get(s.image)!, s.mask ? byPath.get(s.mask) : undefined),
    })),
    problems,
  };
}

const api: ImportWorkerApi = {
  addFiles(files) {
    for (const f of files) addedFiles.push(f);
  },

  async importDataset(datasetId, name, source, onEvent): Promise<ImportReport> {
    const t0 = performance.now();
    const emit = throttledEmitter(onEvent);
    // The last write, running while the next batch is read and decoded.
    let pending: Promise<void> = Promise.resolve();
    try {
      const src = await openSource(source);
      const work = await planWork(src);
      const { kind } = work;
      const record = newDatasetRecord({
        id: datasetId,
        name: name.trim() || src.label || 'Imported',
        kind,
        classes: work.classes(0),
        source: src.label,
      });
      await putDataset(record);

      const total = work.units.length;
      const problems: ImportProblem[] = [...work.problems];
      const chunks = new Map<number, SampleMeta[]>();
      let processed = 0;
      let imported = 0;
      let maxClass = 0;
      let crowd = 0;
      emit({ kind: 'progress', done: 0, total, phase: 'importing' }, true);

      const batches = cutBatches(
        work.units,
        (u) => u.paths.reduce((t, p) => t + src.sizeOf(p), 0),
        BATCH_SAMPLES,
        BATCH_BYTES,
      );
      const readBatch = (batch: Unit[]) => {
        const paths = batch.flatMap((u) => u.paths);
        const read = src.read(paths).then((r) => new Map(paths.map((p, i) => [p, r[i]])));
        // Seen here so a failure is not "unhandled" when an earlier batch fails first; awaited below.
        read.catch(() => undefined);
        return read;
      };
      let nextRead = batches.length ? readBatch(batches[0]) : undefined;
      for (let b = 0; b < batches.length; b++) {
        const batch = batches[b];
        const byPath = await nextRead!;
        nextRead = b + 1 < batches.length ? readBatch(batches[b + 1]) : undefined;
        const checked = await mapPool(batch, DECODES_IN_FLIGHT, (u) => u.check(byPath));

        const metas: SampleMeta[] = [];
        const data: SampleData[] = [];
        let bytes = 0;
        for (const c of checked) {
          if (!c.ok) {
            problems.push(c.problem);
            continue;
          }
          if (c.notes) problems.push(...c.notes);
          crowd += c.crowd ?? 0;
          c.meta.index = imported + metas.length;
          metas.push(c.meta);
          data.push(c.data);
          bytes += c.bytes;
          maxClass = Math.max(maxClass, c.maxClass);
        }
        processed += batch.length;

        await pending;
        if (metas.length) {
          const chunk = chunks.size;
          chunks.set(chunk, metas);
          imported += metas.length;
          const classes = kind === 'segmentation' ? work.classes(maxClass) : undefined;
          const done = processed;
          pending = (async () => {
            await writeBatch(datasetId, chunk, metas, data);
            // The record lists a batch only once it has committed.
            await updateDataset(datasetId, (r) => ({
              ...r,
              count: r.count + metas.length,
              chunks: [...r.chunks, chunk],
              nextIndex: metas[metas.length - 1].index + 1,
              bytes: r.bytes + bytes,
              ...(classes ? { classes } : {}),
            }));
            emit({ kind: 'progress', done, total, phase: 'importing' });
          })();
          // Seen here so a failure is not "unhandled"; it is rethrown by the next `await pending`.
          pending.catch(() => undefined);
        } else {
          emit({ kind: 'progress', done: processed, total, phase: 'importing' });
        }
      }
      await pending;

      if (crowd && work.cocoFiles)
        problems.push({
          path: work.cocoFiles.join(', '),
          reason: 'bad-annotation',
          detail: `${crowd} crowd annotation${crowd === 1 ? '' : 's'} (iscrowd 1) skipped: a crowd region is not an instance`,
        });
      const seconds = (performance.now() - t0) / 1000;
      problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const classes = work.classes(maxClass);
      if (imported === 0) {
        // Nothing usable: leave no empty dataset behind.
        await deleteDataset(datasetId);
        emit({ kind: 'done', done: processed, total }, true);
        return { datasetId: null, layout: work.layout, imported: 0, problems, classes, seconds };
      }

      emit({ kind: 'progress', done: processed, total, phase: 'splitting' }, true);
      const all = [...chunks.values()].flat();
      const assignment = assignSplits(
        all.map((m) => ({ index: m.index, stratum: stratumOf(m) })),
        DEFAULT_SPLIT,
      );
      for (const metas of chunks.values())
        for (const m of metas) m.split = assignment.get(m.index) ?? m.split;
      await rewriteChunks(datasetId, chunks);
      await updateDataset(datasetId, (r) => ({ ...r, classes, split: DEFAULT_SPLIT, status: 'ready' }));
      emit({ kind: 'done', done: processed, total }, true);
      return {
        datasetId,
        layout: work.layout,
        imported,
        problems,
        classes,
        seconds: (performance.now() - t0) / 1000,
      };
    } catch (e) {
      await pending.catch(() => undefined);
      emit({ kind: 'error', code: isTilewrightError(e) ? e.code : 'internal', message: errorText(e) }, true);
      throw e;
    }
  },
};

expose(api);
