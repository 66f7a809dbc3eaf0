// Why the model predicted what it did, as a map over the input: Grad-CAM on the last spatial feature
// map (Selvaraju et al. 2017: channel weights are the spatially averaged gradients of the class logit,
// the map is ReLU of the weighted sum, upsampled bilinearly), and plain gradient saliency (Simonyan et
// al. 2014: max over channels of |∂ logit / ∂ input|). Both are normalised to 0..1.
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';

export interface AttributionResult {
  width: number;
  height: number;
  values: Float32Array;
  layer?: string;
}

/**
 * The model cut at its last spatial feature map: the layer giving it, and the chain of layers after it
 * (pooling, dropout, dense). Null when the layers after that map are not a plain chain.
 */
export function gradCamSplit(
  model: tf.LayersModel,
): { layer: tf.layers.Layer; tail: tf.layers.Layer[] } | null {
  const layers = model.layers;
  const tail: tf.layers.Layer[] = [];
  for (let i = layers.length - 1; i > 0; i--) {
    const l = layers[i];
    const shape = l.outputShape as (number | null)[];
    if (Array.isArray(shape) && shape.length === 4 && !Array.isArray(shape[0])) {
      // Every layer after the feature map must take exactly the output of the one before it.
      const chain = [l, ...tail];
      for (let j = 1; j < chain.length; j++) {
        const inbound = chain[j].inboundNodes.flatMap((n) => n.inboundLayers);
        if (inbound.length !== 1 || inbound[0] !== chain[j - 1]) return null;
      }
      return { layer: l, tail };
    }
    tail.unshift(l);
  }
  return null;
}

function normalise(map: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const max = map.max();
    return map.div(tf.maximum(max, 1e-12)) as tf.Tensor2D;
  });
}

async function read(map: tf.Tensor2D): Promise<AttributionResult> {
  try {
    const [height, width] = map.shape;
    return { width, height, values: (await map.data()) as Float32Array };
  } finally {
    map.dispose();
  }
}

/** x: one prepared input [1, h, w, c]; target: the output index explained. */
export async function saliency(
  model: tf.LayersModel,
  x: tf.Tensor4D,
  target: number,
): Promise<AttributionResult> {
  const map = tf.tidy(() => {
    const score = (input: tf.Tensor) =>
      (model.apply(input, { training: false }) as tf.Tensor2D).gather([target], 1).sum();
    const g = tf.grad(score)(x) as tf.Tensor4D;
    return normalise(g.abs().max(3).squeeze([0]) as tf.Tensor2D);
  });
  return read(map);
}

export async function gradCam(
  model: tf.LayersModel,
  x: tf.Tensor4D,
  target: number,
): Promise<AttributionResult> {
  const split = gradCamSplit(model);
  if (!split)
    throw new TilewrightError(
      'incompatible',
      'Grad-CAM needs a last feature map followed by a plain chain of layers; this model has none. Use saliency.',
      model.name,
    );
  const features = tf.model({ inputs: model.inputs, outputs: split.layer.output as tf.SymbolicTensor });
  const [, h, w] = x.shape;
  const map = tf.tidy(() => {
    const a = features.predict(x) as tf.Tensor4D;
    const score = (act: tf.Tensor) => {
      let y = act;
      for (const l of split.tail) y = l.apply(y, { training: false }) as tf.Tensor;
      return (y as tf.Tensor2D).gather([target], 1).sum();
    };
    const g = tf.grad(score)(a) as tf.Tensor4D;
    const weights = g.mean([1, 2], true); // [1, 1, 1, k]
    const cam = tf.relu(a.mul(weights).sum(3, true)) as tf.Tensor4D; // [1, fh, fw, 1]
    const up = tf.image.resizeBilinear(cam, [h, w], true);
    return normalise(up.squeeze([0, 3]) as tf.Tensor2D);
  });
  const out = await read(map);
  return { ...out, layer: split.layer.name };
}
