// The small CNN: `depth` blocks of conv3x3 (no bias) → BN → ReLU → maxpool 2, channels width·2^i, then
// global average pooling, dropout and a dense head. Width 16, depth 4 is the "Model A" reference.
import * as tf from '@tensorflow/tfjs';
import { apply, Builder } from './blocks';
import type { ModelSpec } from './index';

export function buildCnn(spec: ModelSpec): tf.LayersModel {
  const { width, depth, dropout } = spec.model;
  const b = new Builder(spec.seed);
  const input = b.input(spec.inputShape);
  let x = input;
  for (let i = 0; i < depth; i++) {
    const name = `block${i + 1}`;
    x = b.convBnRelu(x, `${name}_conv`, width * 2 ** i, 3);
    // 'same' pooling equals PyTorch's MaxPool2d(2) on even sizes and never shrinks a map to nothing.
    x = apply(tf.layers.maxPooling2d({ name: `${name}_pool`, poolSize: 2, padding: 'same' }), x);
  }
  return tf.model({ name: 'cnn', inputs: input, outputs: b.head(x, spec.numClasses, dropout) });
}
