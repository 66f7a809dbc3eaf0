// Which BatchNormalization layers run the ReLU after them in their own kernels, in training and in
// inference (one pass each way over the activations instead of two). Decided per model from its graph, because a layer knows its
// neighbours but not which model is running it: a pretrained trunk cut right after a BatchNormalization
// shares that layer with a backbone in which a ReLU follows it.
import type * as tf from '@tensorflow/tfjs';
import { BatchNormalization } from './batchNorm';
import { ReLU } from './relu';

/**
 * Pairs each BatchNormalization of `model` whose output goes, in this model, only to a ReLU (and is not
 * a model output) with that ReLU, and unpairs every other. Returns the model.
 */
export function fuseActivations(model: tf.LayersModel): tf.LayersModel {
  const inModel = new Set(model.layers);
  const outputs = new Set(model.outputLayers);
  for (const layer of model.layers) {
    if (!(layer instanceof BatchNormalization)) continue;
    layer.fusedRelu = null;
    if (layer.inboundNodes.length !== 1 || outputs.has(layer)) continue;
    const consumers = layer.outboundNodes.filter((node) => inModel.has(node.outboundLayer));
    if (consumers.length !== 1) continue;
    const next = consumers[0].outboundLayer;
    if (next instanceof ReLU && next.inboundNodes.length === 1) layer.fusedRelu = next;
  }
  return model;
}
