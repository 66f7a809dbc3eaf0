// Generation worker: makes shapes samples, encodes them as PNG and stores each batch in one transaction.
import { expose } from 'comlink';
import { generateShapesSample } from '../src/core/generate/shapes';
import { encodePng } from '../src/core/formats/png';
import { writeBatch } from '../src/storage';
import type { SampleData, SampleMeta } from '../src/protocol/records';
import type { GenerateBatchJob, GenerateBatchResult, GenerateWorkerApi } from '../src/protocol/workers';
import { shapesSampleMeta } from '../src/core/generate/meta';

const api: GenerateWorkerApi = {
  async generateBatch(job: GenerateBatchJob): Promise<GenerateBatchResult> {
    const metas: SampleMeta[] = [];
    const data: SampleData[] = [];
    let bytes = 0;
    for (let index = job.start; index < job.start + job.count; index++) {
      const s = generateShapesSample(job.params, job.seed, index);
      const image = encodePng(s.image, s.width, s.height, 3);
      const mask = encodePng(s.classMap, s.width, s.height, 1);
      const instanceMap = encodePng(s.instanceMap, s.width, s.height, 1);
      bytes += image.byteLength + mask.byteLength + instanceMap.byteLength;
      metas.push(shapesSampleMeta(s));
      data.push({ image: toBuffer(image), imageType: 'image/png', mask: toBuffer(mask), instanceMap: toBuffer(instanceMap) });
    }
    await writeBatch(job.datasetId, job.chunk, metas, data);
    return { metas, bytes };
  },

  async benchGenerate(seed, params, start, count) {
    const t0 = performance.now();
    for (let i = start; i < start + count; i++) generateShapesSample(params, seed, i);
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
