// A MobileNetV2-style network: stem conv3x3 stride 2 (width channels), then `depth` stages of inverted
// residual blocks: expand 1x1 (×6; ×1 in the first stage) → depthwise 3x3 → linear 1x1 projection, with a
// residual when input and output shapes match. The first stage has one block at stride 1; later stages have
// two, the first at stride 2, so each of them also holds a residual block. Stage i has width·2^i channels,
// capped at 320 (MobileNetV2's widest block). A final 1x1 conv (4× the last stage, at most 1280, as
// MobileNetV2's 320 → 1280) feeds the head. ReLU6 throughout, none after the projections.
import * as tf from '@tensorflow/tfjs';
import { apply, Builder } from './blocks';
import type { ModelSpec } from './index';
import { checkDivisible } from './unet';

type Sym = tf.SymbolicTensor;

const MAX_STAGE_CHANNELS = 320;
const MAX_FINAL_CHANNELS = 1280;

function invertedResidual(
  b: Builder,
  x: Sym,
  name: string,
  filters: number,
  strides: number,
  expand: number,
): Sym {
  const inChannels = x.shape[3] as number;
  let y = x;
  if (expand !== 1) y = b.convBnRelu(y, `${name}_expand`, inChannels * expand, 1, 1, 6);
  y = b.relu(b.bn(b.depthwise(y, `${name}_dw`, strides), `${name}_dw_bn`), `${name}_dw_relu`, 6);
  y = b.bn(b.conv(y, `${name}_project`, filters, 1), `${name}_project_bn`);
  if (strides !== 1 || inChannels !== filters) return y;
  return apply(tf.layers.add({ name: `${name}_add` }), [x, y]);
}

/** The stem and stages; returns every stage's output (stage i at stride 2^(i+1), stage 1 at 2). */
function stages(b: Builder, input: Sym, width: number, depth: number): Sym[] {
  let x = b.convBnRelu(input, 'stem_conv', width, 3, 2, 6);
  const outs: Sym[] = [];
  for (let i = 0; i < depth; i++) {
    const channels = Math.min(width * 2 ** i, MAX_STAGE_CHANNELS);
    const stage = `stage${i + 1}`;
    if (i === 0) x = invertedResidual(b, x, `${stage}_block1`, channels, 1, 1);
    else {
      x = invertedResidual(b, x, `${stage}_block1`, channels, 2, 6);
      x = invertedResidual(b, x, `${stage}_block2`, channels, 1, 6);
    }
    outs.push(x);
  }
  return outs;
}

export function buildMobilenetV2(spec: ModelSpec): tf.LayersModel {
  const { width, depth, dropout } = spec.model;
  const b = new Builder(spec.seed);
  const input = b.input(spec.inputShape);
  const last = stages(b, input, width, depth).at(-1)!;
  const channels = last.shape[3] as number;
  const x = b.convBnRelu(last, 'final_conv', Math.min(4 * channels, MAX_FINAL_CHANNELS), 1, 1, 6);
  return tf.model({ name: 'mobilenetv2', inputs: input, outputs: b.head(x, spec.numClasses, dropout) });
}

const upsample = (x: Sym, name: string, factor: number): Sym =>
  factor === 1
    ? x
    : apply(tf.layers.upSampling2d({ name, size: [factor, factor], interpolation: 'bilinear' }), x);

/**
 * A light encoder-decoder for segmentation on the same backbone (DeepLabV3+'s decoder without ASPP):
 * the last stage, reduced by a 1x1 conv and upsampled to stride 4, is concatenated with the stride-4
 * features (stride 2 with depth 1), fused by a 3x3 conv, classified per pixel and upsampled bilinearly
 * to the input size.
 */
export function buildMobilenetV2Segmenter(spec: ModelSpec): tf.LayersModel {
  const { width, depth } = spec.model;
  checkDivisible(spec.inputShape, depth, 'A MobileNetV2 segmenter');
  const b = new Builder(spec.seed);
  const input = b.input(spec.inputShape);
  const outs = stages(b, input, width, depth);
  const lowIndex = Math.min(1, depth - 1);
  const channels = Math.max(16, 2 * width);
  const high = upsample(
    b.convBnRelu(outs[depth - 1], 'decoder_reduce', channels, 1),
    'decoder_up',
    2 ** (depth - 1 - lowIndex),
  );
  const low = b.convBnRelu(outs[lowIndex], 'decoder_skip', Math.max(8, width), 1);
  let x = apply(tf.layers.concatenate({ name: 'decoder_concat', axis: -1 }), [low, high]);
  x = b.convBnRelu(x, 'decoder_fuse', channels, 3);
  x = b.pixelHead(x, spec.numClasses);
  return tf.model({
    name: 'mobilenetv2_segmenter',
    inputs: input,
    outputs: upsample(x, 'head_up', 2 ** (lowIndex + 1)),
  });
}
