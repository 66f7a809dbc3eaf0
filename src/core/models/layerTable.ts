// A model's layers as a table, as Keras' model.summary() prints it: name, type, output shape,
// parameters (and how many of them train), and the layers each one takes its input from.
import type * as tf from '@tensorflow/tfjs';

export interface LayerRow {
  name: string;
  type: string;
  /** Output shape with the batch dimension as null, e.g. [null, 32, 32, 16]; several for multi-output layers. */
  outputShape: (number | null)[] | (number | null)[][];
  params: number;
  trainableParams: number;
  inputs: string[];
}

const size = (w: tf.LayerVariable) => w.shape.reduce<number>((a, b) => a * (b ?? 1), 1);

export function layerTable(model: tf.LayersModel): LayerRow[] {
  return model.layers.map((l) => ({
    name: l.name,
    type: l.getClassName(),
    outputShape: l.outputShape as LayerRow['outputShape'],
    params: l.weights.reduce((n, w) => n + size(w), 0),
    trainableParams: l.trainable ? l.trainableWeights.reduce((n, w) => n + size(w), 0) : 0,
    inputs: [...new Set(l.inboundNodes.flatMap((n) => n.inboundLayers.map((i) => i.name)))],
  }));
}
