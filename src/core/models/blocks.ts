// Named, seeded layer factories shared by the architectures.
// Every layer gets an explicit name (tfjs would otherwise number layers with a global counter, so two builds
// would differ and checkpoints could not be loaded by name) and every initializer its own seed, drawn in build
// order from the model seed, so the same seed always builds the same weights.
import * as tf from '@tensorflow/tfjs';
import { seedFor } from '../random';
import { BatchNormalization } from './batchNorm';
import { Conv2D } from './conv2d';
import { ReLU } from './relu';
import { SeededDropout } from './dropout';

type Sym = tf.SymbolicTensor;

// PyTorch's defaults rather than Keras' (0.99, 1e-3): moving averages that settle within a short browser run.
const BN_MOMENTUM = 0.9;
const BN_EPSILON = 1e-5;

export class Builder {
  private index = 0;

  constructor(private readonly seed: number) {}

  /** The next layer seed; never 0, which tfjs reads as "unseeded". */
  nextSeed(): number {
    return seedFor(this.seed, this.index++) || 1;
  }

  input(shape: [number, number, number]): Sym {
    return tf.input({ shape, name: 'input' });
  }

  conv(x: Sym, name: string, filters: number, kernelSize: number, strides = 1): Sym {
    return apply(
      new Conv2D({
        name,
        filters,
        kernelSize,
        strides,
        padding: 'same',
        useBias: false,
        kernelInitializer: tf.initializers.heNormal({ seed: this.nextSeed() }),
      }),
      x,
    );
  }

  depthwise(x: Sym, name: string, strides: number): Sym {
    return apply(
      tf.layers.depthwiseConv2d({
        name,
        kernelSize: 3,
        strides,
        padding: 'same',
        useBias: false,
        depthwiseInitializer: tf.initializers.heNormal({ seed: this.nextSeed() }),
      }),
      x,
    );
  }

  bn(x: Sym, name: string): Sym {
    return apply(new BatchNormalization({ name, momentum: BN_MOMENTUM, epsilon: BN_EPSILON }), x);
  }

  relu(x: Sym, name: string, maxValue?: number): Sym {
    return apply(new ReLU({ name, maxValue }), x);
  }

  /** conv → BN → ReLU (or ReLU6 with maxValue 6); the layers are `${name}`, `${name}_bn`, `${name}_relu`. */
  convBnRelu(x: Sym, name: string, filters: number, kernelSize: number, strides = 1, maxValue?: number): Sym {
    const y = this.bn(this.conv(x, name, filters, kernelSize, strides), `${name}_bn`);
    return this.relu(y, `${name}_relu`, maxValue);
  }

  /** Global average pooling of a feature map (kept as is when already flat), dropout, dense logits. */
  head(
    x: Sym,
    numClasses: number,
    dropout: number,
    names = { gap: 'gap', dropout: 'dropout', dense: 'head' },
  ): Sym {
    let y = x.shape.length === 4 ? apply(tf.layers.globalAveragePooling2d({ name: names.gap }), x) : x;
    if (dropout > 0)
      y = apply(new SeededDropout({ name: names.dropout, rate: dropout, seed: this.nextSeed() }), y);
    return apply(
      tf.layers.dense({
        name: names.dense,
        units: numClasses,
        kernelInitializer: tf.initializers.glorotUniform({ seed: this.nextSeed() }),
        biasInitializer: 'zeros',
      }),
      y,
    );
  }
  /** Per-pixel logits: a 1x1 conv with bias to numClasses channels (segmentation heads). */
  pixelHead(x: Sym, numClasses: number, name = 'head'): Sym {
    return apply(
      new Conv2D({
        name,
        filters: numClasses,
        kernelSize: 1,
        kernelInitializer: tf.initializers.glorotUniform({ seed: this.nextSeed() }),
        biasInitializer: 'zeros',
      }),
      x,
    );
  }
}

export function apply(layer: tf.layers.Layer, x: Sym | Sym[]): Sym {
  return layer.apply(x) as Sym;
}
