// A MobileNetV2-style network: stem conv3x3 stride 2 (width channels), then `depth` stages of inverted
// residual blocks: expand 1x1 (×6; ×1 in the first stage) → depthwise 3x3 → linear 1x1 projection, with a
// residual when input and output shapes match. The first stage has one block at stride 1; later stages have
// two, the first at stride 2, so each of them also holds a residual block. Stage i has width·2^i channels,
// capped at 320 (MobileNetV2's widest block). A final 1x1 conv (4× the last stage, at most 1280, as
// MobileNetV2's 320 → 1280) feeds the head. ReLU6 throughout, none after the projections.
import * as tf from '@tensorflow/tfjs';
import { apply, Builder } from './blocks';
import type { ModelSpec } from './index';

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

export function buildMobilenetV2(spec: ModelSpec): tf.LayersModel {
  const { width, depth, dropout } = spec.model;
  const b = new Builder(spec.seed);
  const input = b.input(spec.inputShape);
  let x = b.convBnRelu(input, 'stem_conv', width, 3, 2, 6);
  let channels = width;
  for (let i = 0; i < depth; i++) {
    channels = Math.min(width * 2 ** i, MAX_STAGE_CHANNELS);
    const stage = `stage${i + 1}`;
    if (i === 0) x = invertedResidual(b, x, `${stage}_block1`, channels, 1, 1);
    else {
      x = invertedResidual(b, x, `${stage}_block1`, channels, 2, 6);
      x = invertedResidual(b, x, `${stage}_block2`, channels, 1, 6);
    }
  }
  x = b.convBnRelu(x, 'final_conv', Math.min(4 * channels, MAX_FINAL_CHANNELS), 1, 1, 6);
  return tf.model({ name: 'mobilenetv2', inputs: input, outputs: b.head(x, spec.numClasses, dropout) });
}
