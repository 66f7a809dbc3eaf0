// Export worker: writes a dataset as a zip with images/, masks/ and annotations.json (COCO instances).
// Images and masks are stored as they are (already compressed: ZipPassThrough); only the JSON is deflated.
// The zip is collected as Blob pieces as it grows, so the browser may keep a large export on disk.
import { expose } from 'comlink';
import './keepErrorCodes';
import { throttledEmitter } from './throttledEvents';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { CocoWriter } from '../src/core/formats/coco';
import { decodePng } from '../src/core/formats/png';
import { classRegionInstances, cocoCategories, cocoInfo, exportPaths } from '../src/core/data/exportPlan';
import { isTilewrightError, TilewrightError } from '../src/core/errors';
import { readAllMeta, readSample, requireDataset } from '../src/storage';
import { hasInstances, type InstanceMeta, type SampleData, type SampleMeta } from '../src/protocol/records';
import type { ExportWorkerApi } from '../src/protocol/workers';

/** Samples read from storage at a time (reads run concurrently, zip entries are added in order). */
const READ_BATCH = 64;
/** Zip output gathered before it is turned into a Blob piece. */
const BLOB_PIECE = 32 << 20;

/** Collects zip output into Blob pieces of about BLOB_PIECE bytes. */
class BlobSink {
  private pieces: Blob[] = [];
  private pending: Uint8Array<ArrayBuffer>[] = [];
  private pendingBytes = 0;
  error: Error | null = null;
  finished = false;

  readonly ondata = (err: Error | null, chunk: Uint8Array, final: boolean) => {
    if (err) {
      this.error = err;
      return;
    }
    this.pending.push(chunk as Uint8Array<ArrayBuffer>);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= BLOB_PIECE || final) this.flush();
    if (final) this.finished = true;
  };

  private flush() {
    if (!this.pending.length) return;
    this.pieces.push(new Blob(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  blob(): Blob {
    this.flush();
    return new Blob(this.pieces, { type: 'application/zip' });
  }
}

function addStored(zip: Zip, path: string, bytes: ArrayBuffer): void {
  const f = new ZipPassThrough(path);
  zip.add(f);
  f.push(new Uint8Array(bytes), true);
}

function decodeMap(bytes: ArrayBuffer, what: string, meta: SampleMeta): Uint8Array {
  const png = decodePng(new Uint8Array(bytes));
  if (png.channels !== 1 || png.width !== meta.width || png.height !== meta.height)
    throw new TilewrightError(
      'bad-file',
      `The stored ${what} of ${meta.name} is not a ${meta.width}×${meta.height} gray PNG.`,
      meta.name,
    );
  return png.data;
}

const api: ExportWorkerApi = {
  async exportDataset(datasetId, onEvent): Promise<Blob> {
    const emit = throttledEmitter(onEvent);
    try {
      const record = await requireDataset(datasetId);
      const metas = await readAllMeta(record);
      const total = metas.length;
      emit({ kind: 'progress', done: 0, total, phase: 'exporting' }, true);

      const sink = new BlobSink();
      const zip = new Zip(sink.ondata);
      const paths = exportPaths(metas);
      // COCO text is held (as pieces) until the images are written: fflate's Zip emits files in the order they
      // were added, so an annotations.json added first would hold back every image behind it.
      const coco: string[] = [];
      const writer = new CocoWriter({
        info: cocoInfo(record),
        categories: cocoCategories(record),
        sink: (s) => coco.push(s),
      });
      // Classification: COCO has no image-level label, so there are no annotations; the label is the folder
      // (images/<class>/<file>) and the categories list names the classes. The writer still wants a map.
      const emptyMaps = new Map<string, Uint8Array>();
      const emptyMap = (w: number, h: number) => {
        const key = `${w}x${h}`;
        let m = emptyMaps.get(key);
        if (!m) emptyMaps.set(key, (m = new Uint8Array(w * h)));
        return m;
      };

      let done = 0;
      for (let start = 0; start < metas.length; start += READ_BATCH) {
        const group = metas.slice(start, start + READ_BATCH);
        const data = await Promise.all(group.map((m) => readSample(datasetId, m.index)));
        group.forEach((meta, i) => {
          const sample: SampleData | undefined = data[i];
          if (!sample)
            throw new TilewrightError('not-found', `Sample ${meta.name} is missing from storage.`, meta.name);
          const p = paths.get(meta.index)!;
          addStored(zip, `images/${p.image}`, sample.image);
          if (sample.mask) addStored(zip, `masks/${p.mask}`, sample.mask);

          const image = { file_name: p.image, width: meta.width, height: meta.height };
          let map: Uint8Array;
          let instances: readonly InstanceMeta[];
          if (hasInstances(record.kind) && sample.instanceMap && meta.instances) {
            // Shapes and instances: one annotation per visible instance, mask from the stored instance map.
            map = decodeMap(sample.instanceMap, 'instance map', meta);
            instances = meta.instances;
          } else if (record.kind !== 'classification' && sample.mask) {
            // Segmentation: one region annotation per class present (RLE of that class's pixels, iscrowd 0).
            map = decodeMap(sample.mask, 'mask', meta);
            instances = classRegionInstances(meta);
          } else {
            map = emptyMap(meta.width, meta.height);
            instances = [];
          }
          writer.addImage(image, map, instances);
        });
        if (sink.error) throw sink.error;
        done += group.length;
        emit({ kind: 'progress', done, total, phase: 'exporting' });
      }

      writer.finish();
      const json = new ZipDeflate('annotations.json', { level: 6 });
      zip.add(json);
      for (let i = 0; i < coco.length; i++) json.push(strToU8(coco[i]), i === coco.length - 1);
      zip.end();
      if (sink.error) throw sink.error;
      if (!sink.finished) throw new TilewrightError('bad-file', 'The zip was not finished.');
      emit({ kind: 'done', done, total }, true);
      return sink.blob();
    } catch (e) {
      emit(
        {
          kind: 'error',
          code: isTilewrightError(e) ? e.code : 'internal',
          message: e instanceof Error ? e.message : String(e),
        },
        true,
      );
      throw e;
    }
  },
};

expose(api);
