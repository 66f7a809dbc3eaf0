import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isTilewrightError } from '../../src/core/errors';
import {
  backboneInputShape,
  buildModel,
  describeModel,
  parameterCount,
  summarizeBackbone,
  type ModelSpec,
} from '../../src/core/models';
import { ModelSchema, type ModelConfig, type ModelName } from '../../src/core/train/config';
import { BatchNormalization } from '../../src/core/models/batchNorm';
import { ReLU } from '../../src/core/models/relu';
import { fuseActivations } from '../../src/core/models/fuse';
import { loadModelFiles, saveModelFiles } from '../../src/core/train/modelFiles';

const ARCHITECTURES: ModelName[] = ['cnn', 'resnet', 'mobilenetv2'];

function spec(
  name: ModelName,
  overrides: Partial<ModelSpec> = {},
  model: Partial<ModelConfig> = {},
): ModelSpec {
  return {
    model: ModelSchema.parse({ name, width: 4, depth: 2, ...model }),
    inputShape: [16, 16, 3],
    numClasses: 4,
    seed: 7,
    ...overrides,
  };
}

async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** Weight values by their saved name. */
function weightsOf(model: tf.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
}

async function expectBadFile(p: Promise<unknown> | (() => unknown)): Promise<void> {
  const error = await (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
    () => null,
    (e: unknown) => e,
  );
  expect(isTilewrightError(error) && error.code).toBe('bad-file');
}

let tensorsAtStart = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  tensorsAtStart = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsAtStart);
});

describe.each(ARCHITECTURES)('%s', (name) => {
  it('maps a batch to finite logits [batch, classes], in training and inference calls', async () => {
    const model = await buildModel(spec(name, {}, { dropout: 0.5 }));
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 1);
    for (const training of [false, true]) {
      const y = model.apply(x, { training }) as tf.Tensor;
      expect(y.shape).toEqual([2, 4]);
      expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
      y.dispose();
    }
    x.dispose();
    model.dispose();
  });

  it('builds the same layer names and weights from the same seed, other weights from another', async () => {
    const [a, b, c] = await Promise.all([7, 7, 8].map((seed) => buildModel(spec(name, { seed }))));
    expect(b.layers.map((l) => l.name)).toEqual(a.layers.map((l) => l.name));
    expect(a.layers.every((l) => !/_\d+$|[A-Z]/.test(l.name))).toBe(true); // no tfjs auto-names
    const [wa, wb, wc] = [a, b, c].map(weightsOf);
    expect([...wb.keys()]).toEqual([...wa.keys()]);
    for (const [key, value] of wa) expect(wb.get(key)).toEqual(value);
    const kernels = [...wa.keys()].filter((k) => k.endsWith('kernel'));
    for (const key of kernels) expect(wc.get(key)).not.toEqual(wa.get(key));
    for (const m of [a, b, c]) m.dispose();
  });

  it('saves and loads with plain tfjs, giving the same logits', async () => {
    const model = await buildModel(spec(name, {}, { dropout: 0.3 }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(await artifactsOf(model)));
    const x = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 2);
    const [y1, y2] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
    expect(Array.from(y2.dataSync())).toEqual(Array.from(y1.dataSync()));
    tf.dispose([x, y1, y2]);
    model.dispose();
    loaded.dispose();
  });

  it('a training step computes no gradient of the image: one input gradient per convolution but the first', async () => {
    const model = await buildModel(spec(name));
    const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 3);
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.tidy(() => (model.apply(x, { training: true }) as tf.Tensor).square().mean() as tf.Scalar),
        vars,
      );
      tf.dispose([value, ...Object.values(grads)]);
    });
    const calls = (kernel: string) => profile.kernels.filter((k) => k.name === kernel).length;
    const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D').length;
    expect(calls('Conv2DBackpropFilter')).toBe(convs);
    expect(calls('Conv2DBackpropInput')).toBe(convs - 1);
    x.dispose();
    model.dispose();
  });
});

describe('parameters', () => {
  it('the reference CNN (width 16, depth 4, 64×64×3, 10 classes) has 98,970 trainable parameters', async () => {
    const model = await buildModel({
      model: ModelSchema.parse({ name: 'cnn', width: 16, depth: 4 }),
      inputShape: [64, 64, 3],
      numClasses: 10,
      seed: 0,
    });
    // 97,200 conv + 480 BN gamma/beta + 1,290 dense; tfjs also counts the 480 BN moving statistics
    // (PyTorch keeps those as buffers, not parameters).
    expect(parameterCount(model)).toEqual({ total: 99_450, trainable: 98_970 });
    expect(model.countParams()).toBe(99_450);
    model.dispose();
  });

  it('describes models', () => {
    expect(describeModel(ModelSchema.parse({ name: 'resnet', width: 16, depth: 3 }))).toBe(
      'ResNet, width 16, depth 3 (3 stages)',
    );
    expect(describeModel(ModelSchema.parse({ name: 'cnn', width: 16, depth: 4, dropout: 0.2 }))).toBe(
      'CNN, width 16, depth 4 (4 conv blocks), dropout 0.2',
    );
  });
});

describe('seeded dropout', () => {
  it('draws a new mask at each training call, the same sequence for the same seed', async () => {
    const run = async () => {
      const model = await buildModel(spec('cnn', {}, { dropout: 0.5 }));
      const x = tf.ones([1, 16, 16, 3]);
      const outs = [0, 1].map(() =>
        tf.tidy(() => Array.from((model.apply(x, { training: true }) as tf.Tensor).dataSync())),
      );
      x.dispose();
      model.dispose();
      return outs;
    };
    const [first, second] = await Promise.all([run(), run()]);
    expect(first[1]).not.toEqual(first[0]);
    expect(second).toEqual(first);
  });
});

describe('pretrained', () => {
  it('puts a new head on a frozen backbone, keeping its weights', async () => {
    const source = await buildModel(spec('cnn', {}, { dropout: 0.5 }));
    const artifacts = await artifactsOf(source);
    const original = weightsOf(source);
    source.dispose();

    expect(backboneInputShape(artifacts)).toEqual([16, 16, 3]);
    expect(await summarizeBackbone(artifacts)).toEqual({
      layers: 12,
      inputShape: [16, 16, 3],
      featureLayers: [
        'block1_conv',
        'block1_conv_bn',
        'block1_conv_relu',
        'block1_pool',
        'block2_conv',
        'block2_conv_bn',
        'block2_conv_relu',
        'block2_pool',
      ],
      params: 4 * 27 + 16 + 8 * 36 + 32 + 8 * 4 + 4,
    });

    const model = await buildModel({
      ...spec(
        'pretrained',
        { inputShape: [32, 32, 3], numClasses: 3, backbone: artifacts },
        {
          backbone: 'mine',
        },
      ),
    });
    expect(model.inputs[0].shape).toEqual([null, 16, 16, 3]); // the backbone's input wins
    expect(model.outputs[0].shape).toEqual([null, 3]);
    expect(model.getLayer('head').countParams()).toBe(8 * 3 + 3);
    expect(parameterCount(model).trainable).toBe(8 * 3 + 3);
    for (const [key, value] of weightsOf(model))
      if (!key.startsWith('head')) expect(value).toEqual(original.get(key));

    // Frozen BatchNorm runs as at inference: a training call changes neither the logits nor the statistics.
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 3);
    const [train, infer] = [true, false].map((training) => model.apply(x, { training }) as tf.Tensor);
    expect(Array.from(train.dataSync())).toEqual(Array.from(infer.dataSync()));
    expect(weightsOf(model).get('block1_conv_bn/moving_mean')).toEqual(
      original.get('block1_conv_bn/moving_mean'),
    );
    tf.dispose([x, train, infer]);
    model.dispose();
  });

  it('fine-tunes the whole backbone when not frozen, and cuts at a named layer', async () => {
    const source = await buildModel(spec('resnet'));
    const artifacts = await artifactsOf(source);
    const all = parameterCount(source).trainable;
    source.dispose();
    const model = await buildModel(
      spec(
        'pretrained',
        { backbone: artifacts },
        { backbone: 'r', freeze_backbone: false, backbone_layer: 'stage1_relu' },
      ),
    );
    // stage1 has 4 channels: the stage2 and old head weights are gone.
    expect(parameterCount(model).trainable).toBeLessThan(all);
    expect(model.getLayer('head').countParams()).toBe(4 * 4 + 4);
    expect(model.layers.some((l) => l.name.startsWith('stage2'))).toBe(false);
    model.dispose();
  });

  it('rejects a model without an image input as a bad file', async () => {
    const dense = tf.sequential({
      name: 'dense',
      layers: [tf.layers.dense({ name: 'd', inputShape: [5], units: 2 })],
    });
    const artifacts = await artifactsOf(dense);
    dense.dispose();
    await expectBadFile(() => backboneInputShape(artifacts));
    await expectBadFile(summarizeBackbone(artifacts));
    await expectBadFile(buildModel(spec('pretrained', { backbone: artifacts }, { backbone: 'd' })));
    await expectBadFile(
      buildModel(spec('pretrained', { backbone: { modelTopology: { foo: 1 } } }, { backbone: 'd' })),
    );
  });
});

describe('fused BatchNorm and ReLU', () => {
  /** Each BatchNormalization's name, with the ReLU fused into it or null. */
  const pairs = (model: tf.LayersModel) =>
    Object.fromEntries(
      model.layers
        .filter((l) => l instanceof BatchNormalization)
        .map((l) => [l.name, l.fusedRelu?.name ?? null]),
    );

  it('pairs each BatchNorm with the ReLU that alone takes its output, in a built and in a loaded model', async () => {
    const cnn = await buildModel(spec('cnn'));
    expect(pairs(cnn)).toEqual({ block1_conv_bn: 'block1_conv_relu', block2_conv_bn: 'block2_conv_relu' });
    const loaded = await loadModelFiles(await saveModelFiles(cnn));
    expect(pairs(loaded)).toEqual(pairs(cnn));
    cnn.dispose();
    loaded.dispose();
    // A residual block's second BatchNorm feeds the addition, not a ReLU.
    const resnet = await buildModel(spec('resnet'));
    const byName = pairs(resnet);
    for (const layer of resnet.layers.filter((l) => l instanceof BatchNormalization)) {
      const next = layer.outboundNodes[0].outboundLayer;
      expect(byName[layer.name], layer.name).toBe(next instanceof ReLU ? next.name : null);
    }
    expect(Object.values(byName)).toContain(null);
    resnet.dispose();
  });

  it('leaves unpaired a BatchNorm whose output a model gives out or uses twice', async () => {
    const source = await buildModel(spec('cnn'));
    const artifacts = await artifactsOf(source);
    source.dispose();
    // Cut right after block 2's BatchNorm: the backbone's ReLU after it is not in the new model.
    const cut = await buildModel(
      spec(
        'pretrained',
        { backbone: artifacts },
        { backbone: 'c', freeze_backbone: false, backbone_layer: 'block2_conv_bn' },
      ),
    );
    expect(pairs(cut)).toEqual({ block1_conv_bn: 'block1_conv_relu', block2_conv_bn: null });
    cut.dispose();

    const input = tf.input({ shape: [4, 4, 2] });
    const bn = new BatchNormalization({});
    const y = bn.apply(input) as tf.SymbolicTensor;
    const twice = tf.model({ inputs: input, outputs: [new ReLU({}).apply(y) as tf.SymbolicTensor, y] });
    expect(fuseActivations(twice)).toBe(twice);
    expect(bn.fusedRelu).toBe(null);
    twice.dispose();
  });
});

describe('segmentation models', () => {
  /** Trainable parameters of our U-Net, counted from its definition (PyTorch counts the same). */
  function unetParams(
    inC: number,
    w: number,
    depth: number,
    classes: number,
    up: 'transpose' | 'resize',
  ): number {
    const conv3 = (a: number, b: number) => 9 * a * b + 2 * b; // no bias; BN gamma and beta
    const double = (a: number, b: number) => conv3(a, b) + conv3(b, b);
    let n = 0;
    let c = inC;
    for (let i = 0; i < depth; i++) {
      n += double(c, w * 2 ** i);
      c = w * 2 ** i;
    }
    n += double(c, w * 2 ** depth);
    c = w * 2 ** depth;
    for (let i = depth - 1; i >= 0; i--) {
      const f = w * 2 ** i;
      n += up === 'transpose' ? 4 * c * f + f : 9 * c * f + 2 * f;
      n += double(2 * f, f);
      c = f;
    }
    return n + c * classes + classes;
  }

  const segSpec = (
    name: ModelName,
    model: Partial<ModelConfig> = {},
    inputShape: [number, number, number] = [16, 16, 3],
  ) => spec(name, { segmentation: true, inputShape, numClasses: 3 }, model);

  for (const up of ['transpose', 'resize'] as const)
    it(`a U-Net with ${up} upsampling gives per-pixel logits and has the parameters of its definition`, async () => {
      const model = await buildModel(segSpec('unet', { width: 4, depth: 2, upsampling: up }));
      expect(model.outputs[0].shape).toEqual([null, 16, 16, 3]);
      expect(parameterCount(model).trainable).toBe(unetParams(3, 4, 2, 3, up));
      const y = tf.tidy(() => model.predict(tf.ones([2, 16, 16, 3])) as tf.Tensor);
      expect(y.shape).toEqual([2, 16, 16, 3]);
      y.dispose();
      model.dispose();
    });

  it('takes any band count, and the same seed builds the same weights', async () => {
    const a = await buildModel(segSpec('unet', { width: 4, depth: 3 }, [32, 24, 13]));
    const b = await buildModel(segSpec('unet', { width: 4, depth: 3 }, [32, 24, 13]));
    expect(a.inputs[0].shape).toEqual([null, 32, 24, 13]);
    expect(parameterCount(a).trainable).toBe(unetParams(13, 4, 3, 3, 'transpose'));
    const wa = weightsOf(a);
    for (const [name, v] of weightsOf(b)) expect(v, name).toEqual(wa.get(name));
    a.dispose();
    b.dispose();
  });

  it('the MobileNetV2 segmenter upsamples its decoder to the input size', async () => {
    for (const depth of [1, 2, 3]) {
      const model = await buildModel(segSpec('mobilenetv2', { width: 8, depth }, [32, 32, 4]));
      expect(model.outputs[0].shape, `depth ${depth}`).toEqual([null, 32, 32, 3]);
      const y = tf.tidy(() => model.predict(tf.ones([1, 32, 32, 4])) as tf.Tensor);
      expect(y.shape).toEqual([1, 32, 32, 3]);
      y.dispose();
      model.dispose();
    }
  });

  it('names the problem: a size not divisible by 2^depth, a model that cannot segment', async () => {
    await expect(buildModel(segSpec('unet', { depth: 3 }, [20, 16, 3]))).rejects.toThrow(
      'A U-Net of depth 3 needs an input size divisible by 8; 20×16 is not.',
    );
    await expect(buildModel(segSpec('cnn'))).rejects.toThrow('cnn cannot segment');
    await expect(buildModel(spec('unet'))).rejects.toThrow('needs the segmentation task');
  });
});
