// `generate`: shapes samples from src/core written as PNG files plus a COCO annotations file.
import fs from 'node:fs';
import path from 'node:path';
import { TilewrightError } from '../core/errors';
import { CocoWriter, type CocoCategory } from '../core/formats/coco';
import { encodePng } from '../core/formats/png';
import { sampleName } from '../core/generate/meta';
import { ShapesGenerator } from '../core/generate/shapes';
import { SHAPE_CLASSES } from '../core/generate/types';
import { UsageError, type GenerateArgs } from './args';

export interface GenerateReport {
  images: number;
  annotations: number;
  bytes: number;
  seconds: number;
}

/** Files of an earlier run that --force may replace; anything else in DIR is left alone. */
const OWN_FILE = /^\d{6,}\.png$/;

function prepareOutput(out: string, force: boolean): void {
  if (fs.existsSync(out)) {
    if (!fs.statSync(out).isDirectory())
      throw new UsageError('--out', `${out} exists and is not a directory`);
    if (fs.readdirSync(out).length > 0) {
      if (!force)
        throw new UsageError('--out', `${out} is not empty (use --force to replace an earlier run's files)`);
      // An earlier, larger run would leave images the new annotations do not mention.
      for (const sub of ['images', 'masks']) {
        const dir = path.join(out, sub);
        if (!fs.existsSync(dir)) continue;
        for (const name of fs.readdirSync(dir)) if (OWN_FILE.test(name)) fs.rmSync(path.join(dir, name));
      }
      fs.rmSync(path.join(out, 'annotations.json'), { force: true });
    }
  }
  fs.mkdirSync(path.join(out, 'images'), { recursive: true });
  fs.mkdirSync(path.join(out, 'masks'), { recursive: true });
}

/** Buffers JSON text and writes it to a file descriptor in large pieces. */
function fileSink(fd: number): { write: (s: string) => void; flush: () => void; bytes: () => number } {
  let pending: string[] = [];
  let pendingLength = 0;
  let written = 0;
  const flush = () => {
    if (pendingLength === 0) return;
    written += fs.writeSync(fd, pending.join(''));
    pending = [];
    pendingLength = 0;
  };
  return {
    write: (s) => {
      pending.push(s);
      pendingLength += s.length;
      if (pendingLength > 1 << 20) flush();
    },
    flush,
    bytes: () => written,
  };
}

export const SHAPE_CATEGORIES: CocoCategory[] = SHAPE_CLASSES.slice(1).map((name, i) => ({
  id: i + 1,
  name,
  supercategory: 'shape',
}));

/**
 * Writes `count` samples. Stops with TilewrightError('cancelled') when `signal` aborts; the
 * annotations file appears only when every image is written (it is renamed into place last).
 */
export async function runGenerate(
  signal: AbortSignal,
  { job, out, force }: GenerateArgs,
  onProgress: (done: number, total: number) => void,
): Promise<GenerateReport> {
  const started = performance.now();
  prepareOutput(out, force);
  const finalPath = path.join(out, 'annotations.json');
  const tmpPath = `${finalPath}.partial`;
  const fd = fs.openSync(tmpPath, 'w');
  let annotations = 0;
  let bytes = 0;
  try {
    const sink = fileSink(fd);
    const writer = new CocoWriter({
      // The job travels with the data, so the file alone says how to make it again. No dates: same args, same bytes.
      info: {
        description: 'Tilewright synthetic shapes',
        version: '1.0',
        contributor: 'Tilewright',
        tilewright: { generator: 'shapes', seed: job.seed, count: job.count, params: job.params },
      },
      categories: SHAPE_CATEGORIES,
      sink: sink.write,
    });
    const generator = new ShapesGenerator(job.params);
    const size = job.params.size;
    // Reused for every sample: each is encoded and written before the next overwrites them.
    const buffers = {
      image: new Uint8Array(size * size * 3),
      instanceMap: new Uint8Array(size * size),
      classMap: new Uint8Array(size * size),
    };
    let lastYield = performance.now();
    for (let index = 0; index < job.count; index++) {
      // The loop is synchronous work; yield now and then so a SIGINT handler can abort it.
      if (performance.now() - lastYield > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (signal.aborted) throw new TilewrightError('cancelled', 'generation cancelled');
      const sample = generator.generateInto(job.seed, index, buffers);
      const name = sampleName(index);
      const image = encodePng(sample.image, sample.width, sample.height, 3);
      const mask = encodePng(sample.classMap, sample.width, sample.height, 1);
      fs.writeFileSync(path.join(out, 'images', name), image);
      fs.writeFileSync(path.join(out, 'masks', name), mask);
      bytes += image.length + mask.length;
      const added = writer.addImage(
        { id: index + 1, file_name: name, width: sample.width, height: sample.height },
        sample.instanceMap,
        sample.instances,
      );
      annotations += added.annotations.length;
      onProgress(index + 1, job.count);
    }
    writer.finish();
    sink.flush();
    bytes += sink.bytes();
    fs.closeSync(fd);
    fs.renameSync(tmpPath, finalPath);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(tmpPath, { force: true });
    throw e;
  }
  return { images: job.count, annotations, bytes, seconds: (performance.now() - started) / 1000 };
}
