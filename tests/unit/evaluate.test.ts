// Evaluation's core: per-sample probabilities and losses from logits, the class mapping between a model
// and a dataset, predictions over a split, and attribution maps with known answers.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isTilewrightError } from '../../src/core/errors';
import { gradCam, gradCamSplit, saliency } from '../../src/core/evaluate/attribution';
import { classMapping } from '../../src/core/evaluate/classMap';
import { predict } from '../../src/core/evaluate/predict';
import { inCell, sampleRows, samplesCsv, sortRows } from '../../src/core/evaluate/sampleRows';
import { scoresOf } from '../../src/core/evaluate/scores';
import { buildModel } from '../../src/core/models';
import { ImageCache, loadBatch } from '../../src/core/train/batches';
import { defaultConfig, type ExperimentConfig } from '../../src/core/train/config';
import { trainLoop } from '../../src/core/train/loop';
import { loopParts, prepareRun } from '../../src/core/train/session';
import { ModelSchema } from '../../src/core/train/config';
import { quadrantData } from '../fixtures/trainData';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('scoresOf', () => {
  it('softmax and cross-entropy per sample, stable for large logits', () => {
    const { probs, losses } = scoresOf([1, 2, 3, 1000, 0, 0], [2, 1], 3, false);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const z = e[0] + e[1] + e[2];
    e.forEach((v, c) => expect(probs[c]).toBeCloseTo(v / z, 6));
    expect(losses[0]).toBeCloseTo(-Math.log(e[2] / z), 6);
    expect([...probs.slice(3)]).toEqual([1, 0, 0]);
    expect(losses[1]).toBeCloseTo(1000, 3);
  });

  it('sigmoid and mean binary cross-entropy for multi-label', () => {
    const { probs, losses } = scoresOf([0, 2, -3], [[1]], 3, true);
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    expect(probs[1]).toBeCloseTo(s(2), 6);
    const bce = -(Math.log(1 - s(0)) + Math.log(s(2)) + Math.log(1 - s(-3))) / 3;
    expect(losses[0]).toBeCloseTo(bce, 6);
  });

  it('matches the training losses of tfjs', () => {
    const logits = [0.3, -1.2, 2.5, 0.1, 0.7, -0.4];
    const single = scoresOf(logits, [2, 0], 3, false).losses;
    const multi = scoresOf(logits, [[2], [0, 1]], 3, true).losses;
    const l = tf.tensor2d(logits, [2, 3]);
    const ce = tf.losses.softmaxCrossEntropy(tf.tensor2d([0, 0, 1, 1, 0, 0], [2, 3]), l).dataSync()[0];
    const bce = tf.losses.sigmoidCrossEntropy(tf.tensor2d([0, 0, 1, 1, 1, 0], [2, 3]), l).dataSync()[0];
    expect((single[0] + single[1]) / 2).toBeCloseTo(ce, 5);
    expect((multi[0] + multi[1]) / 2).toBeCloseTo(bce, 5);
  });
});

describe('classMapping', () => {
  it('maps by name, in any order; extra model classes are fine', () => {
    const map = classMapping(['cat', 'dog', 'bird'], ['dog', 'cat']);
    expect(map(0)).toBe(1);
    expect(map([0, 1])).toEqual([1, 0]);
    expect(classMapping(['a', 'b'], ['a', 'b'])(1)).toBe(1);
  });

  it('names the dataset classes the model does not know', () => {
    try {
      classMapping(['cat', 'dog'], ['cat', 'fox', 'owl']);
      expect.unreachable();
    } catch (e) {
      expect(isTilewrightError(e) && e.code).toBe('incompatible');
      expect((e as Error).message).toContain('"fox", "owl"');
    }
  });
});

describe('predict', () => {
  it('scores every key once, in order, with probabilities that sum to 1 and no tensors left', async () => {
    const data = quadrantData(23, 8, 4);
    const model = await buildModel({
      model: ModelSchema.parse({ name: 'cnn', width: 4, depth: 2 }),
      inputShape: [8, 8, 3],
      numClasses: 4,
      seed: 3,
    });
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const keys = [...data.val, ...data.train];
    const p = await predict(new AbortController().signal, {
      model,
      data,
      cache: new ImageCache(data),
      keys,
      preprocess: { inputSize: 8, channels: 3, mean: [0, 0, 0], std: [1, 1, 1], augment: null },
      batchSize: 5,
      multilabel: false,
      onProgress: (done) => progress.push(done),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(p.keys).toEqual(keys);
    expect(p.targets).toEqual(keys.map((k) => data.targetOf(k)));
    expect(progress).toEqual([5, 10, 15, 20, 23]);
    for (let i = 0; i < keys.length; i++) {
      const row = p.probs.slice(i * 4, i * 4 + 4);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(p.losses[i]).toBeCloseTo(-Math.log(row[data.targetOf(keys[i]) as number]), 4);
    }
    // The same images one at a time give the same probabilities (no batch effects in inference).
    const one = await predict(new AbortController().signal, {
      model,
      data,
      cache: new ImageCache(data),
      keys: keys.slice(0, 3),
      preprocess: { inputSize: 8, channels: 3, mean: [0, 0, 0], std: [1, 1, 1], augment: null },
      batchSize: 1,
      multilabel: false,
    });
    for (let i = 0; i < 12; i++) expect(one.probs[i]).toBeCloseTo(p.probs[i], 5);
    model.dispose();
  });
});

/** input → conv 1×1 (weight w, no bias) → global average pool → dense (weight v, no bias). */
function linearModel(w: number, v: number): tf.LayersModel {
  const input = tf.input({ shape: [4, 4, 1] });
  const conv = tf.layers.conv2d({ filters: 1, kernelSize: 1, useBias: false, name: 'conv' });
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' });
  const dense = tf.layers.dense({ units: 2, useBias: false, name: 'head' });
  const out = dense.apply(gap.apply(conv.apply(input))) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  conv.setWeights([tf.tensor4d([w], [1, 1, 1, 1])]);
  dense.setWeights([tf.tensor2d([v, -v], [1, 2])]);
  return model;
}

describe('attribution', () => {
  const pixels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 7, 6, 5, 4, 3, 2, 1];
  const x = () => tf.tensor4d(pixels, [1, 4, 4, 1]);

  it('Grad-CAM of a linear model is the positive part of its feature map, normalised', async () => {
    const model = linearModel(2, 3);
    expect(gradCamSplit(model)?.layer.name).toBe('conv');
    const input = x();
    const toward0 = await gradCam(model, input, 0);
    expect(toward0.layer).toBe('conv');
    expect([toward0.width, toward0.height]).toEqual([4, 4]);
    [...toward0.values].forEach((v, i) => expect(v).toBeCloseTo(pixels[i] / 8, 5));
    // Towards class 1 every channel weight is negative: nothing speaks for it.
    const toward1 = await gradCam(model, input, 1);
    expect([Math.min(...toward1.values), Math.max(...toward1.values)]).toEqual([0, 0]);
    input.dispose();
    model.dispose();
  });

  it('saliency of a linear model is flat: every pixel counts the same', async () => {
    const model = linearModel(2, 3);
    const input = x();
    const before = tf.memory().numTensors;
    const s = await saliency(model, input, 0);
    expect(tf.memory().numTensors).toBe(before);
    [...s.values].forEach((v) => expect(v).toBeCloseTo(1, 6));
    input.dispose();
    model.dispose();
  });

  it('finds the last feature map of every studio model', async () => {
    for (const name of ['cnn', 'resnet', 'mobilenetv2'] as const) {
      const model = await buildModel({
        model: ModelSchema.parse({ name, width: 4, depth: 2 }),
        inputShape: [16, 16, 3],
        numClasses: 3,
        seed: 1,
      });
      const split = gradCamSplit(model);
      expect(split, name).not.toBeNull();
      const input = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const cam = await gradCam(model, input, 0);
      expect(cam.values.length).toBe(256);
      expect(Math.max(...cam.values)).toBeLessThanOrEqual(1);
      expect(Math.min(...cam.values)).toBeGreaterThanOrEqual(0);
      input.dispose();
      model.dispose();
    }
  });
});

describe('sampleRows', () => {
  const samples = {
    keys: [10, 11, 12],
    names: ['a.png', 'b,"odd".png', 'c.png'],
    targets: [0, 1, 2],
    probs: new Float32Array([0.7, 0.2, 0.1, 0.6, 0.3, 0.1, 0.1, 0.1, 0.8]),
    losses: new Float32Array([0.36, 1.2, 0.22]),
  };

  it('predicts the argmax with its probability, and marks mistakes', () => {
    const rows = sampleRows(samples, 3, false, 0.5);
    expect(rows.map((r) => r.predicted)).toEqual([[0], [0], [2]]);
    expect(rows.map((r) => r.correct)).toEqual([true, false, true]);
    expect(rows[1].confidence).toBeCloseTo(0.6, 6);
    expect(inCell(rows, 1, 0).map((r) => r.key)).toEqual([11]);
    expect(sortRows(rows, 'loss').map((r) => r.key)).toEqual([11, 10, 12]);
    expect(sortRows(rows, 'confidence').map((r) => r.key)).toEqual([12, 10, 11]);
  });

  it('multi-label: every label at or above the threshold, confidence of the decisions', () => {
    const rows = sampleRows({ ...samples, targets: [[0], [0, 1], []] }, 3, true, 0.5);
    expect(rows.map((r) => r.predicted)).toEqual([[0], [0], [2]]);
    expect(rows.map((r) => r.correct)).toEqual([true, false, false]);
    expect(rows[0].confidence).toBeCloseTo((0.7 + 0.8 + 0.9) / 3, 6);
  });

  it('writes CSV with quoted names and class names', () => {
    const csv = samplesCsv(sampleRows(samples, 3, false, 0.5).slice(0, 2), ['cat', 'dog', 'owl']);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('file_name,true,predicted,confidence,loss');
    expect(lines[2]).toMatch(/^"b,""odd"".png",dog,cat,0\.6\d*,1\.2\d*$/);
  });
});

describe('attribution on a trained model', () => {
  it('a model that tells which quadrant is bright points at that quadrant (Grad-CAM and saliency)', async () => {
    const size = 16;
    const data = quadrantData(64, size, 4, 3);
    const base = defaultConfig('classification', 'quadrants', 5);
    const config: ExperimentConfig = {
      ...base,
      input_size: size,
      model: { ...base.model, name: 'cnn', width: 8, depth: 2 },
      epochs: 8,
      batch_size: 8,
      learning_rate: 0.01,
      augment: { ...base.augment, hflip: false },
      checkpoint: { ...base.checkpoint, last_every_minutes: 0 },
    };
    const cache = new ImageCache(data);
    const run = await prepareRun(config, data, { cache });
    const result = await trainLoop(new AbortController().signal, {
      ...loopParts(run),
      data,
      cache,
      onEvent: () => undefined,
      checkpoint: async () => undefined,
    });
    expect(result.position.epoch).toBe(8);
    expect(run.history.epochs.at(-1)!.metrics.val_accuracy).toBeGreaterThanOrEqual(0.9);

    const half = size / 2;
    const quadrantOf = (i: number) => (Math.floor(i / size) >= half ? 2 : 0) + (i % size >= half ? 1 : 0);
    let camRight = 0;
    let salRight = 0;
    for (const key of data.val) {
      const label = data.targetOf(key) as number;
      const b = await loadBatch(
        cache,
        data,
        [key],
        { inputSize: size, channels: 3, mean: run.mean, std: run.std, augment: null },
        [null],
      );
      const x = tf.tensor4d(b.x, b.shape);
      for (const [method, count] of [
        [gradCam, 'cam'],
        [saliency, 'sal'],
      ] as const) {
        const m = await method(run.model, x, label);
        const mass = [0, 0, 0, 0];
        m.values.forEach((v, i) => (mass[quadrantOf(i)] += v));
        const best = mass.indexOf(Math.max(...mass));
        if (best === label && count === 'cam') camRight++;
        if (best === label && count === 'sal') salRight++;
      }
      x.dispose();
    }
    run.dispose();
    // The explained class's quadrant holds the most attribution for (nearly) every sample.
    expect(camRight / data.val.length).toBeGreaterThanOrEqual(0.9);
    expect(salRight / data.val.length).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
