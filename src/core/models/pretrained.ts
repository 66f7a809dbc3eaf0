// A pretrained backbone (a tfjs LayersModel the person imported) with a new classification head.
// The cut: `backbone_layer` when given; else the last layer with a 4-D (feature map) output; else, for a
// backbone without feature maps, the input to its last layer. A 4-D cut is global-average-pooled, then
// dropout and a new dense layer named 'head' give the logits. The model's input is the backbone's: its
// input shape wins over the spec's.
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import { Builder } from './blocks';
import type { ModelSpec } from './index';

type Sym = tf.SymbolicTensor;

export interface BackboneSummary {
  layers: number;
  inputShape: [number, number, number];
  /** Names of the layers with a 4-D output, in model order: the possible `backbone_layer` values. */
  featureLayers: string[];
  /** Weights of the whole backbone, trainable or not. */
  params: number;
}

const badFile = (message: string) => new TilewrightError('bad-file', message, 'model.json');

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The batch shape a layer config declares (Keras 2 and tfjs: batch_input_shape; Keras 3: batch_shape). */
function declaredBatchShape(config: unknown): unknown {
  if (!isObject(config)) return undefined;
  if (config.batch_input_shape) return config.batch_input_shape;
  if (config.batch_shape) return config.batch_shape;
  if (Array.isArray(config.input_shape)) return [null, ...config.input_shape];
  return undefined;
}

/** The declared input of a Sequential or functional topology, read without building the model. */
function declaredInput(topology: Json): unknown {
  const config = topology.config;
  if (topology.class_name === 'Sequential') {
    const layers = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
    if (!Array.isArray(layers) || layers.length === 0) throw badFile('The model has no layers.');
    return isObject(layers[0]) ? declaredBatchShape(layers[0].config) : undefined;
  }
  if (!isObject(config) || !Array.isArray(config.layers) || !Array.isArray(config.input_layers))
    throw badFile(`Not a tfjs layers model (model class "${String(topology.class_name)}").`);
  // [[name, node, tensor], ...], or a single [name, node, tensor] (Keras 3).
  const inputs = typeof config.input_layers[0] === 'string' ? [config.input_layers] : config.input_layers;
  if (inputs.length !== 1)
    throw badFile(`The model has ${inputs.length} inputs; a backbone takes one image.`);
  const name = (inputs[0] as unknown[])[0];
  const layer = config.layers.find(
    (l) => isObject(l) && (l.name === name || (isObject(l.config) && l.config.name === name)),
  );
  return isObject(layer) ? declaredBatchShape(layer.config) : undefined;
}

/** The [height, width, channels] image input of a backbone; throws 'bad-file' unless it has exactly that. */
export function backboneInputShape(artifacts: tf.io.ModelArtifacts): [number, number, number] {
  let topology = artifacts.modelTopology;
  if (!isObject(topology)) throw badFile('model.json has no model topology (is it a graph model?).');
  // Models converted from Keras files wrap the topology in model_config.
  if (isObject(topology.model_config)) topology = topology.model_config;
  const shape = declaredInput(topology as Json);
  if (!Array.isArray(shape)) throw badFile('The model does not declare its input shape.');
  const dims = shape.slice(1);
  if (shape.length !== 4 || !dims.every((d) => Number.isInteger(d) && d > 0))
    throw badFile(
      `The model's input is [${shape.map((d) => d ?? 'any').join(', ')}]; a backbone needs a fixed image ` +
        'input [batch, height, width, channels].',
    );
  return dims as [number, number, number];
}

/** Loads a backbone from memory; throws 'bad-file' naming the problem. */
export async function loadBackbone(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  backboneInputShape(artifacts);
  // tfjs would silently initialise a model without weights at random.
  if (!artifacts.weightSpecs?.length || !artifacts.weightData)
    throw badFile('The model has no weights (weights.bin missing or empty).');
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (e) {
    throw badFile(`The model could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The single output of a layer, or null when it has several (or several uses). */
function outputOf(layer: tf.layers.Layer): Sym | null {
  try {
    const out = layer.output;
    return Array.isArray(out) ? null : out;
  } catch {
    return null;
  }
}

function isFeatureLayer(layer: tf.layers.Layer): boolean {
  return layer.getClassName() !== 'InputLayer' && outputOf(layer)?.shape.length === 4;
}

/** Names of a model's layers with a 4-D output. */
export function featureLayerNames(model: tf.LayersModel): string[] {
  return model.layers.filter(isFeatureLayer).map((l) => l.name);
}

export async function summarizeBackbone(artifacts: tf.io.ModelArtifacts): Promise<BackboneSummary> {
  const model = await loadBackbone(artifacts);
  try {
    return {
      layers: model.layers.length,
      inputShape: backboneInputShape(artifacts),
      featureLayers: featureLayerNames(model),
      params: model.countParams(),
    };
  } finally {
    model.dispose();
  }
}

function cutPoint(backbone: tf.LayersModel, layerName?: string): Sym {
  if (layerName) {
    const layer = backbone.layers.find((l) => l.name === layerName);
    if (!layer)
      throw new TilewrightError(
        'invalid-params',
        `The backbone has no layer "${layerName}".`,
        'model.backbone_layer',
      );
    const out = outputOf(layer);
    if (!out || (out.shape.length !== 4 && out.shape.length !== 2))
      throw new TilewrightError(
        'invalid-params',
        `Layer "${layerName}" does not give one feature map or vector to put a head on.`,
        'model.backbone_layer',
      );
    return out;
  }
  const features = backbone.layers.filter(isFeatureLayer);
  if (features.length > 0) return outputOf(features[features.length - 1]) as Sym;
  const input = backbone.layers[backbone.layers.length - 1].input;
  if (Array.isArray(input) || input.shape.length !== 2)
    throw badFile('The model has neither a feature map nor a feature vector to put a new head on.');
  return input;
}

/** `base`, or `base_1`, `base_2`, ... when the backbone already has a layer of that name. */
function freshName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}

/**
 * tfjs BatchNormalization ignores `trainable`: in a training call it still normalises with batch statistics
 * and updates its moving averages. A frozen layer runs as at inference instead, as in Keras since 2.1.3.
 */
function inferenceOnly(layer: tf.layers.Layer): void {
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: false });
}

export async function buildPretrained(spec: ModelSpec): Promise<tf.LayersModel> {
  if (!spec.backbone)
    throw new TilewrightError('invalid-params', 'A pretrained model needs a backbone.', 'model.backbone');
  const backbone = await loadBackbone(spec.backbone);
  try {
    const features = cutPoint(backbone, spec.model.backbone_layer);
    // Names must be unique among the layers kept (a Tilewright model's old 'head' is cut away).
    const trunk = tf.model({ name: 'trunk', inputs: backbone.inputs, outputs: features });
    const taken = new Set(trunk.layers.map((l) => l.name));
    const names = {
      gap: freshName('head_gap', taken),
      dropout: freshName('head_dropout', taken),
      dense: freshName('head', taken),
    };
    const logits = new Builder(spec.seed).head(features, spec.numClasses, spec.model.dropout, names);
    const model = tf.model({ name: 'pretrained', inputs: backbone.inputs, outputs: logits });
    // Layers past the cut belong to no model any more: free their weights.
    const kept = new Set(model.layers);
    for (const layer of backbone.layers) if (!kept.has(layer)) layer.dispose();
    if (spec.model.freeze_backbone)
      for (const layer of backbone.layers.filter((l) => kept.has(l))) {
        layer.trainable = false;
        if (layer.getClassName() === 'BatchNormalization') inferenceOnly(layer);
      }
    return model;
  } catch (e) {
    backbone.dispose();
    throw e;
  }
}
