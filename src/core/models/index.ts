// The model zoo: builds the network a ModelConfig names, with deterministic layer names and weights.
import type * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import type { ModelConfig } from '../train/config';
import { buildCnn } from './cnn';
import { buildMobilenetV2, buildMobilenetV2Segmenter } from './mobilenetv2';
import { buildUnet } from './unet';
import { buildPretrained } from './pretrained';
import { buildResnet } from './resnet';
import { fuseActivations } from './fuse';

export { SeededDropout } from './dropout';
export {
  backboneInputShape,
  featureLayerNames,
  loadBackbone,
  summarizeBackbone,
  type BackboneSummary,
} from './pretrained';

export interface ModelSpec {
  model: ModelConfig;
  /** [height, width, channels]. */
  inputShape: [number, number, number];
  numClasses: number;
  /** Every initializer and dropout gets a seed derived from it, so the same seed builds identical weights. */
  seed: number;
  /** Per-pixel logits [batch, height, width, classes] (segmentation) instead of [batch, classes]. */
  segmentation?: boolean;
  /** model.name === 'pretrained': the imported backbone as tfjs model artifacts (modelTopology + weightSpecs + weightData). */
  backbone?: tf.io.ModelArtifacts;
}

function checkSpec(spec: ModelSpec): void {
  const { inputShape, numClasses, seed } = spec;
  if (inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0))
    throw new TilewrightError('invalid-params', `Bad input shape [${inputShape.join(', ')}].`, 'input_size');
  if (!Number.isInteger(numClasses) || numClasses < 1)
    throw new TilewrightError(
      'invalid-params',
      `A model needs at least one class, got ${numClasses}.`,
      'classes',
    );
  if (!Number.isInteger(seed))
    throw new TilewrightError(
      'invalid-params',
      `The seed must be a whole number, got ${seed}.`,
      'random_seed',
    );
}

/**
 * A tfjs LayersModel whose single output is the logits [batch, numClasses] (no softmax: losses take logits),
 * or with spec.segmentation per-pixel logits [batch, height, width, numClasses].
 * For 'pretrained' the input is the backbone's, whatever spec.inputShape says: read model.inputs[0].shape.
 */
export async function buildModel(spec: ModelSpec): Promise<tf.LayersModel> {
  return fuseActivations(await build(spec));
}

async function build(spec: ModelSpec): Promise<tf.LayersModel> {
  checkSpec(spec);
  if (spec.segmentation) {
    if (spec.model.name === 'unet') return buildUnet(spec);
    if (spec.model.name === 'mobilenetv2') return buildMobilenetV2Segmenter(spec);
    throw new TilewrightError(
      'invalid-params',
      `${spec.model.name} cannot segment: use unet or mobilenetv2.`,
      'model',
    );
  }
  switch (spec.model.name) {
    case 'unet':
      throw new TilewrightError(
        'invalid-params',
        'A U-Net segments: it needs the segmentation task.',
        'model',
      );
    case 'cnn':
      return buildCnn(spec);
    case 'resnet':
      return buildResnet(spec);
    case 'mobilenetv2':
      return buildMobilenetV2(spec);
    case 'pretrained':
      return buildPretrained(spec);
  }
}

// Weight shapes are always concrete.
const size = (w: tf.LayerVariable) => (w.shape as number[]).reduce((a, b) => a * b, 1);

/** All weights (including BatchNorm moving statistics, as Keras counts them) and the trainable ones. */
export function parameterCount(model: tf.LayersModel): { total: number; trainable: number } {
  const sum = (ws: tf.LayerVariable[]) => ws.reduce((n, w) => n + size(w), 0);
  return { total: sum(model.weights), trainable: sum(model.trainableWeights) };
}

const ARCHITECTURES: Record<Exclude<ModelConfig['name'], 'pretrained'>, [string, string]> = {
  cnn: ['CNN', 'conv blocks'],
  resnet: ['ResNet', 'stages'],
  mobilenetv2: ['MobileNetV2', 'stages'],
  unet: ['U-Net', 'levels'],
};

/** Short human description, e.g. "ResNet, width 16, depth 3 (3 stages)". */
export function describeModel(m: ModelConfig): string {
  const dropout = m.dropout > 0 ? `, dropout ${m.dropout}` : '';
  if (m.name === 'pretrained') {
    const cut = m.backbone_layer ? `cut at ${m.backbone_layer}` : 'last feature map';
    const mode = m.freeze_backbone ? 'frozen' : 'fine-tuned';
    return `Pretrained ${m.backbone ?? 'backbone'} (${cut}, ${mode}) + new head${dropout}`;
  }
  const [label, unit] = ARCHITECTURES[m.name];
  const up =
    m.name === 'unet' ? `, ${m.upsampling === 'transpose' ? 'transposed-conv' : 'resize'} upsampling` : '';
  return `${label}, width ${m.width}, depth ${m.depth} (${m.depth} ${unit})${up}${dropout}`;
}
