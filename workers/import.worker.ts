// Import worker: turns a dropped folder or a zip into a stored dataset. The layout, mask checks, zip
// directory and split assignment are pure code in src/core/data; this file reads bytes, decodes images
// with the browser's decoders (WebCodecs' ImageDecoder, else createImageBitmap), and writes batches.
// Reading, decoding and writing overlap: batch k+1 is read while batch k is decoded, and batch k is
// written while batch k+1 is decoded.
// Cancel = the bridge terminates this worker and deletes the dataset; every batch is one transaction,
// so whatever is stored at that moment is consistent.
import { expose, transferHandlers } from 'comlink';
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
import { isTilewrightError } from '../src/core/errors';
import { deleteDataset, putDataset, rewriteChunks, updateDataset, writeBatch } from '../src/storage';
import type { ImportProblem, ImportReport, JobEvent } from '../src/protocol/jobs';
import type { DatasetRecord, SampleData, SampleMeta } from '../src/protocol/records';
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
const EVENT_MS = 100;

// comlink sends only message, name and stack of a thrown Error; keep our code and subject too, so the page
// gets an Error whose `code` says e.g. 'storage-full' (its deserializer copies every field back).
const throwHandler = transferHandlers.get('throw')!;
transferHandlers.set('throw', {
  canHandle: throwHandler.canHandle,
  serialize(thrown) {
    const [serialized, transfer] = throwHandler.serialize(thrown);
    const value = (thrown as { value?: unknown }).value;
    const out = serialized as { isError?: boolean; value?: object };
    if (isTilewrightError(value) && out.isError && out.value)
      Object.assign(out.value, { code: value.code, subject: value.subject });
    return [serialized, transfer];
  },
  deserialize: throwHandler.deserialize,
});

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

/**
 * Decodes the first frame in full, so a truncated or corrupt file fails, and returns the size it is shown
 * at (EXIF orientation applied, as in createImageBitmap and <img>). ImageDecoder takes the bytes as they
 * are; createImageBitmap needs a Blob, and each Blob made in a worker is a round trip to the browser's blob
 * registry: 2,000 small JPEGs took ~3 s that way and ~0.2 s with ImageDecoder (decoding alone, 2 cores).
 * createImageBitmap stays as the fallback for browsers without ImageDecoder.
 */
async function decodedSize(bytes: Uint8Array, type: string): Promise<{ width: number; height: number }> {
  if (await imageDecoderSupports(type)) {
    const decoder = new ImageDecoder({ data: bytes as Uint8Array<ArrayBuffer>, type });
    try {
      const { image } = await decoder.decode();
      const size = { width: image.displayWidth, height: image.displayHeight };
      image.close();
      return size;
    } finally {
      decoder.close();
    }
  }
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

type Checked =
  | {
      ok: true;
      sample: PlannedSample;
      size: { width: number; height: number };
      data: SampleData;
      classes?: number[];
      maxClass: number;
      bytes: number;
    }
  | { ok: false; problem: ImportProblem };

/** Decodes the image to prove it is readable and learn its size; checks the mask against it. */
async function checkSample(
  sample: PlannedSample,
  image: ReadResult,
  mask: ReadResult | undefined,
): Promise<Checked> {
  const fail = (path: string, reason: ImportProblem['reason'], detail: string): Checked => ({
    ok: false,
    problem: { path, reason, detail },
  });
  if (!image.ok) return fail(sample.image, 'unreadable', image.detail);
  if (!image.bytes.length) return fail(sample.image, 'unreadable', 'empty file');
  const imageType =
    sniffImageType(image.bytes) ?? imageTypeFromPath(sample.image) ?? 'application/octet-stream';
  const unsupported = unsupportedImageReason(imageType);
  if (unsupported) return fail(sample.image, 'unreadable', unsupported);
  let size: { width: number; height: number };
  try {
    size = await decodedSize(image.bytes, imageType);
  } catch (e) {
    return fail(sample.image, 'unreadable', `the browser cannot decode it as ${imageType} (${errorText(e)})`);
  }
  const data: SampleData = { image: toBuffer(image.bytes), imageType };
  if (!sample.mask) return { ok: true, sample, size, data, maxClass: 0, bytes: image.bytes.length };

  if (!mask || !mask.ok)
    return fail(sample.mask, 'unreadable', mask?.ok === false ? mask.detail : 'not read');
  const m = checkMask(mask.bytes, size, sample.mask);
  if (!m.ok) return { ok: false, problem: m.problem };
  data.mask = toBuffer(m.stored);
  return {
    ok: true,
    sample,
    size,
    data,
    classes: m.classes,
    maxClass: m.maxClass,
    bytes: image.bytes.length + m.stored.length,
  };
}

function throttledEmitter(onEvent: (e: JobEvent) => void): (e: JobEvent, force?: boolean) => void {
  let last = 0;
  return (e, force = false) => {
    const now = performance.now();
    if (!force && now - last < EVENT_MS) return;
    last = now;
    // onEvent is a comlink proxy: the call returns a promise that fails if the page has gone away.
    const r = onEvent(e) as unknown;
    if (r instanceof Promise) r.catch(() => undefined);
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
      const plan: ImportPlan = planImport(src.paths);
      const kind = plan.layout === 'imagefolder' ? 'classification' : 'segmentation';
      const now = Date.now();
      const record: DatasetRecord = {
        id: datasetId,
        name: name.trim() || src.label || 'Imported',
        kind,
        createdAt: now,
        updatedAt: now,
        classes: kind === 'classification' ? plan.classes : segmentationClassNames(0),
        count: 0,
        chunks: [],
        nextIndex: 0,
        bytes: 0,
        split: DEFAULT_SPLIT,
        removals: [],
        status: 'writing',
        source: src.label,
      };
      await putDataset(record);

      const total = plan.samples.length;
      const problems: ImportProblem[] = [...plan.problems];
      const chunks = new Map<number, SampleMeta[]>();
      let processed = 0;
      let imported = 0;
      let maxClass = 0;
      emit({ kind: 'progress', done: 0, total, phase: 'importing' }, true);

      const batches = cutBatches(
        plan.samples,
        (s) => src.sizeOf(s.image) + (s.mask ? src.sizeOf(s.mask) : 0),
        BATCH_SAMPLES,
        BATCH_BYTES,
      );
      const readBatch = (batch: PlannedSample[]) => {
        const paths = batch.flatMap((s) => (s.mask ? [s.image, s.mask] : [s.image]));
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
        const checked = await mapPool(batch, DECODES_IN_FLIGHT, (s) =>
          checkSample(s, byPath.get(s.image)!, s.mask ? byPath.get(s.mask) : undefined),
        );

        const metas: SampleMeta[] = [];
        const data: SampleData[] = [];
        let bytes = 0;
        for (const c of checked) {
          if (!c.ok) {
            problems.push(c.problem);
            continue;
          }
          metas.push(importedMeta(imported + metas.length, c.sample.name, c.size, c.sample.label, c.classes));
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
          const classes = kind === 'segmentation' ? segmentationClassNames(maxClass) : undefined;
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

      const seconds = (performance.now() - t0) / 1000;
      problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const classes = kind === 'classification' ? plan.classes : segmentationClassNames(maxClass);
      if (imported === 0) {
        // Nothing usable: leave no empty dataset behind.
        await deleteDataset(datasetId);
        emit({ kind: 'done', done: processed, total }, true);
        return { datasetId: null, layout: plan.layout, imported: 0, problems, classes, seconds };
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
        layout: plan.layout,
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
