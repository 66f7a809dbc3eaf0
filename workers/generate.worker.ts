// Generation worker: makes shapes samples, encodes them as PNG and stores each batch in one transaction.
import { expose } from 'comlink';
import './keepErrorCodes';
import { ShapesGenerator, type SampleBuffers } from '../src/core/generate/shapes';
import { encodePng } from '../src/core/formats/png';
import { writeBatch } from '../src/storage';
import type { SampleData, SampleMeta } from '../src/protocol/records';
import type { GenerateBatchJob, GenerateBatchResult, GenerateWorkerApi } from '../src/protocol/workers';
import { shapesSampleMeta } from '../src/core/generate/meta';

// One set of pixel buffers per worker, reused for every sample: fresh 250 kB arrays per image
// (allocation, page faults, GC) cost more than drawing the shapes.
let buffers: SampleBuffers | undefined;
function buffersFor(size: number): SampleBuffers {
  if (buffers?.classMap.length !== size * size)
    buffers = {
      image: new Uint8Array(size * size * 3),
      instanceMap: new Uint8Array(size * size),
      classMap: new Uint8Array(size * size),
    };
  return buffers;
}

const api: GenerateWorkerApi = {
  async generateBatch(job: GenerateBatchJob): Promise<GenerateBatchResult> {
    const generator = new ShapesGenerator(job.params);
    const out = buffersFor(job.params.size);
    const metas: SampleMeta[] = [];
    const data: SampleData[] = [];
    let bytes = 0;
    for (let index = job.start; index < job.start + job.count; index++) {
      const s = generator.generateInto(job.seed, index, out);
      const image = encodePng(s.image, s.width, s.height, 3);
      const mask = encodePng(s.classMap, s.width, s.height, 1);
      const instanceMap = encodePng(s.instanceMap, s.width, s.height, 1);
      bytes += image.byteLength + mask.byteLength + instanceMap.byteLength;
      metas.push(shapesSampleMeta(s));
      data.push({
        image: toBuffer(image),
        imageType: 'image/png',
        mask: toBuffer(mask),
        instanceMap: toBuffer(instanceMap),
      });
    }
    await writeBatch(job.datasetId, job.chunk, metas, data);
    return { metas, bytes };
  },

  async benchGenerate(seed, params, start, count) {
    const generator = new ShapesGenerator(params);
    const out = buffersFor(params.size);
    const t0 = performance.now();
    for (let i = start; i < start + count; i++) generator.generateInto(seed, i, out);
    return performance.now() - t0;
  },
};

/** An ArrayBuffer holding exactly these bytes (encoders may return views into larger buffers). */
function toBuffer(a: Uint8Array): ArrayBuffer {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength
    ? (a.buffer as ArrayBuffer)
    : (a.slice().buffer as ArrayBuffer);
}

expose(api);
