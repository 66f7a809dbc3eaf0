// The quality row of `npm run bench`: what a fixed short training budget reaches on a fixed generated set.
// A U-Net (width 8, depth 2) trains with the studio's own loop on the tfjs cpu backend in Node for a fixed
// number of steps on 96 generated 32×32 shapes images (occlusion up to 0.5), then is scored on 32 others:
// the IoU of the rectangle class (and the mean IoU), and the mask AP of rectangle instances: split by
// connected components, or (separation 'boundary') along the learned boundary channel, with connected
// components on the same predictions beside it. Everything is seeded: the numbers repeat exactly.
// Usage: npx tsx bench/unet-quality.ts [epochs, default 10] [none|boundary] → one JSON line.
import * as tf from '@tensorflow/tfjs';
import { predictSegmentation } from '../src/core/evaluate/segmentPredict';
import { scoresFromConfusion } from '../src/core/evaluate/segmentationReport';
import { ShapesGenerator } from '../src/core/generate/shapes';
import { ShapesParamsSchema } from '../src/core/generate/params';
import { ImageCache } from '../src/core/train/batches';
import { ExperimentConfigSchema } from '../src/core/train/config';
import { trainLoop } from '../src/core/train/loop';
import { loopParts, prepareRun } from '../src/core/train/session';
import type { DecodedImage, TrainData } from '../src/core/train/types';

const epochs = Number(process.argv[2] ?? 10);
const separation = process.argv[3] === 'boundary' ? 'boundary' : 'none';
const TRAIN = 96;
const VAL = 32;
const SIZE = 32;

async function main() {
  await tf.setBackend('cpu');
  const params = ShapesParamsSchema.parse({
    size: SIZE,
    minShapes: 1,
    maxShapes: 4,
    minSide: 10,
    maxSide: 20,
    occlusion: 0.5,
  });
  const gen = new ShapesGenerator(params);
  const samples = Array.from({ length: TRAIN + VAL }, (_, i) => gen.generate(2026, i));
  const images: DecodedImage[] = samples.map((s) => ({
    pixels: s.image.slice(),
    width: SIZE,
    height: SIZE,
    channels: 3,
    mask: s.classMap.slice(),
    instances: s.instanceMap.slice(),
  }));
  const keys = images.map((_, i) => i);
  const data: TrainData = {
    classes: ['background', 'rectangle', 'ellipse'],
    train: keys.slice(0, TRAIN),
    val: keys.slice(TRAIN),
    targetOf: () => [],
    nameOf: (k) => `shapes_${k}`,
    load: (k) => Promise.resolve(images[k]),
  };
  const config = ExperimentConfigSchema.parse({
    dataset_name: 'bench-shapes',
    task: 'segmentation',
    random_seed: 11,
    model: { name: 'unet', width: 8, depth: 2 },
    input_size: SIZE,
    batch_size: 8,
    epochs,
    learning_rate: 3e-3,
    scheduler: { name: 'constant' },
    segmentation: { loss: { ce: 1, dice: 0.5, focal: 0 }, separation },
    checkpoint: { save_best: false, save_last: false, last_every_minutes: 0 },
  });
  const cache = new ImageCache(data);
  const run = await prepareRun(config, data, { cache });
  const t0 = performance.now();
  await trainLoop(new AbortController().signal, {
    ...loopParts(run),
    data,
    cache,
    checkpoint: () => Promise.resolve(),
    onEvent: (e) => {
      if (e.kind === 'step' && e.point.step % 12 === 1)
        process.stderr.write(`step ${e.point.step}: ${(e.point.time_ms / 1000).toFixed(1)} s\n`);
      if (e.kind === 'epoch')
        process.stderr.write(
          `epoch ${e.point.epoch + 1}: val mean IoU ${e.point.metrics.val_mean_iou?.toFixed(3)}\n`,
        );
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const p = await predictSegmentation(new AbortController().signal, {
    model: run.model,
    data,
    cache,
    keys: data.val,
    preprocess: { inputSize: SIZE, channels: 3, mean: run.mean, std: run.std, augment: null },
    batchSize: 8,
    ignoreIndex: 255,
    boundary: separation === 'boundary',
    instances: {
      cls: 1,
      groundTruth: (k) => {
        // The rectangles' visible pixels (the input size is the generated size: no resize).
        const s = samples[k];
        const rects = s.instances.filter((x) => x.kind === 'rectangle');
        const keep = new Set(rects.map((x) => x.id));
        const data = Int32Array.from(s.instanceMap, (v) => (keep.has(v) ? v : 0));
        return Promise.resolve({
          map: { width: SIZE, height: SIZE, data },
          visible: new Map(rects.map((x) => [x.id, x.visibleFraction])),
        });
      },
    },
  });
  const C = 3;
  const total = new Float64Array(C * C);
  for (let i = 0; i < p.confusion.length; i++) total[i % (C * C)] += p.confusion[i];
  const report = scoresFromConfusion(total, C, data.classes);
  console.log(
    JSON.stringify({
      steps: run.history.steps.length,
      seconds,
      rectangle_iou: report.per_class.get('rectangle')!.iou,
      mean_iou: report.mean_iou,
      separation,
      mask_ap: p.instances!.ap.ap,
      mask_ap50: p.instances!.ap.ap50,
      ...(p.instances!.components
        ? { components_ap: p.instances!.components.ap, components_ap50: p.instances!.components.ap50 }
        : {}),
      params: run.params.trainable,
    }),
  );
  run.dispose();
}

await main();
