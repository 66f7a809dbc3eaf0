// A tfjs LayersModel to and from ModelFiles (topology + specs + one weight buffer), in memory.
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import type { ModelFiles, WeightSpec } from './checkpoint';
// Register our BatchNormalization, Conv2D and ReLU under tfjs-layers' class names, so loaded models get them too.
import '../models/batchNorm';
import '../models/conv2d';
import '../models/relu';
import { fuseActivations } from '../models/fuse';

export async function saveModelFiles(model: tf.LayersModel): Promise<ModelFiles> {
  let files: ModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      // tfjs may hand weights back as several buffers: join them (io.concatenateArrayBuffers in 4.x).
      const data = a.weightData;
      const weightData = Array.isArray(data)
        ? tf.io.concatenateArrayBuffers(data)
        : (data ?? new ArrayBuffer(0));
      files = {
        modelTopology: a.modelTopology as object,
        weightSpecs: (a.weightSpecs ?? []) as WeightSpec[],
        weightData,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!files) throw new Error('model.save did not produce artifacts');
  return files;
}

export async function loadModelFiles(
  files: ModelFiles,
  fileName = 'model/model.json',
): Promise<tf.LayersModel> {
  try {
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: files.modelTopology,
        weightSpecs: files.weightSpecs as tf.io.WeightsManifestEntry[],
        weightData: files.weightData,
      }),
    );
    return fuseActivations(model);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new TilewrightError('bad-file', `${fileName}: the model cannot be built: ${msg}`, fileName);
  }
}

/** The variables training updates, in a stable order (the model's trainable weights). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
