// U-Net (Ronneberger et al. 2015) sized by width and depth: `depth` downsampling levels, each two
// conv3x3-BN-ReLU blocks with width·2^i channels then maxpool 2; a bottleneck of width·2^depth channels;
// on the way up, upsample ×2 (a 2x2 transposed conv with stride 2, or bilinear resize then conv3x3-BN-ReLU),
// concatenate the skip connection of the same level, two conv3x3-BN-ReLU blocks. A 1x1 conv gives the
// per-pixel logits [batch, height, width, classes]. Input of any band count; height and width must be
// divisible by 2^depth so the skips line up.
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import { apply, Builder } from './blocks';
import type { ModelSpec } from './index';

type Sym = tf.SymbolicTensor;

function doubleConv(b: Builder, x: Sym, name: string, filters: number): Sym {
  return b.convBnRelu(b.convBnRelu(x, `${name}_conv1`, filters, 3), `${name}_conv2`, filters, 3);
}

export function checkDivisible(inputShape: [number, number, number], depth: number, model: string): void {
  const step = 2 ** depth;
  const [h, w] = inputShape;
  if (h % step || w % step)
    throw new TilewrightError(
      'invalid-params',
      `${model} of depth ${depth} needs an input size divisible by ${step}; ${h}×${w} is not.`,
      'input_size',
    );
}

export function buildUnet(spec: ModelSpec): tf.LayersModel {
  const { width, depth, upsampling } = spec.model;
  checkDivisible(spec.inputShape, depth, 'A U-Net');
  const b = new Builder(spec.seed);
  const input = b.input(spec.inputShape);
  const skips: Sym[] = [];
  let x: Sym = input;
  for (let i = 0; i < depth; i++) {
    x = doubleConv(b, x, `down${i + 1}`, width * 2 ** i);
    skips.push(x);
    x = apply(tf.layers.maxPooling2d({ name: `down${i + 1}_pool`, poolSize: 2 }), x);
  }
  x = doubleConv(b, x, 'bottleneck', width * 2 ** depth);
  for (let i = depth - 1; i >= 0; i--) {
    const name = `up${i + 1}`;
    const filters = width * 2 ** i;
    if (upsampling === 'transpose')
      x = apply(
        tf.layers.conv2dTranspose({
          name: `${name}_upconv`,
          filters,
          kernelSize: 2,
          strides: 2,
          padding: 'same',
          kernelInitializer: tf.initializers.heNormal({ seed: b.nextSeed() }),
        }),
        x,
      );
    else {
      x = apply(
        tf.layers.upSampling2d({ name: `${name}_resize`, size: [2, 2], interpolation: 'bilinear' }),
        x,
      );
      x = b.convBnRelu(x, `${name}_upconv`, filters, 3);
    }
    x = apply(tf.layers.concatenate({ name: `${name}_concat`, axis: -1 }), [skips[i], x]);
    x = doubleConv(b, x, name, filters);
  }
  return tf.model({ name: 'unet', inputs: input, outputs: b.pixelHead(x, spec.numClasses) });
}
