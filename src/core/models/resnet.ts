// A small ResNet: stem conv3x3 → BN → ReLU, then `depth` stages of one basic block each (two conv3x3-BN
// with an identity shortcut, or a 1x1 stride-2 conv-BN projection where the shape changes), add, ReLU.
// Stage i > 0 halves the resolution; stage i has width·2^i channels.
import * as tf from '@tensorflow/tfjs';
import { apply, Builder } from './blocks';
import type { ModelSpec } from './index';

type Sym = tf.SymbolicTensor;

function basicBlock(b: Builder, x: Sym, name: string, filters: number, strides: number): Sym {
  let y = b.convBnRelu(x, `${name}_conv1`, filters, 3, strides);
  y = b.bn(b.conv(y, `${name}_conv2`, filters, 3), `${name}_conv2_bn`);
  const inChannels = x.shape[3];
  const shortcut =
    strides === 1 && inChannels === filters
      ? x
      : b.bn(b.conv(x, `${name}_proj`, filters, 1, strides), `${name}_proj_bn`);
  const sum = apply(tf.layers.add({ name: `${name}_add` }), [y, shortcut]);
  return b.relu(sum, `${name}_relu`);
}

export function buildResnet(spec: ModelSpec): tf.LayersModel {
  const { width, depth, dropout } = spec.model;
  const b = new Builder(spec.seed);
  const input = b.input(spec.inputShape);
  let x = b.convBnRelu(input, 'stem_conv', width, 3);
  for (let i = 0; i < depth; i++) x = basicBlock(b, x, `stage${i + 1}`, width * 2 ** i, i === 0 ? 1 : 2);
  return tf.model({ name: 'resnet', inputs: input, outputs: b.head(x, spec.numClasses, dropout) });
}
