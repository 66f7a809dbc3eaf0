// BatchNormalization whose training call is one kernel where the backend has it (our wasm kernels):
// tfjs-layers spells a training call as moments (Mean, Sub, Square, Mean), FusedBatchNorm and six ops
// of moving averages, and its gradient as a dozen more, each a pass over the activations; ours is two
// passes forward and two backward, which also apply the ReLU after it when fuseActivations paired them
// (in inference too: one pass with the moving statistics). Same class name, config and weights as
// tfjs-layers' layer (it is registered in its place, so saved models and checkpoints load into it), and
// wherever the kernel is missing (other backends, shapes it does not take, inference without a paired
// ReLU) it is tfjs-layers' own call.
import * as tf from '@tensorflow/tfjs';
import { layersClass } from './layersClass';
import { markActivated, type ReLU } from './relu';
import type { BatchNormalization as LayersBatchNormalization } from '@tensorflow/tfjs-layers/dist/layers/normalization';

/**
 * Kernels registered by src/kernels for the wasm backend (with a gradient for the first):
 * - BATCH_NORM_TRAINING: inputs x, scale, offset; attrs varianceEpsilon, relu and top; outputs y, the
 *   batch's mean and (biased) variance per channel, the last axis. With relu, y = min(max(z, 0), top) for
 *   the normalised z, and the gradient passes where 0 < z ≤ top, as our ReLU's.
 * - BATCH_NORM_INFERENCE: inputs x, mean, variance, scale, offset (the moving statistics); attrs as
 *   BATCH_NORM_TRAINING's; output y, the normalisation with the ReLU applied when relu.
 * - MOVING_AVERAGES: inputs movingMean, movingVariance, mean, variance; attr momentum; outputs the two
 *   moving averages updated as tfjs-layers does (m − (m − value) · (1 − momentum)).
 */
export const BATCH_NORM_TRAINING = 'TilewrightBatchNormTraining';
export const MOVING_AVERAGES = 'TilewrightMovingAverages';
export const BATCH_NORM_INFERENCE = 'TilewrightBatchNormInference';

/** tfjs-layers' class (read before ours takes its name). */
const Base = layersClass<typeof LayersBatchNormalization>('BatchNormalization');

interface LayerVariable {
  read(): tf.Tensor;
  write(value: tf.Tensor): unknown;
}

/** The fields of tfjs-layers' layer the fused call reads (private there; a test pins them). */
interface Fields {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma?: LayerVariable;
  beta?: LayerVariable;
  movingMean: LayerVariable;
  movingVariance: LayerVariable;
}

export class BatchNormalization extends Base {
  static override className = 'BatchNormalization';

  /**
   * The ReLU right after this layer, applied in this layer's own kernel (the ReLU then passes its input
   * on): set by fuseActivations for the model that runs, null otherwise.
   */
  fusedRelu: ReLU | null = null;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const f = this as unknown as Fields;
    const relu = this.fusedRelu;
    if (!kwargs.training) {
      // Inference: the moving statistics, in one kernel with the ReLU when paired (else tfjs-layers' call).
      if (!relu || !fusable(x, f, BATCH_NORM_INFERENCE)) return super.call(inputs, kwargs);
      const y = tf.engine().runKernel(
        BATCH_NORM_INFERENCE,
        {
          x,
          mean: f.movingMean.read(),
          variance: f.movingVariance.read(),
          scale: f.gamma!.read(),
          offset: f.beta!.read(),
        },
        { varianceEpsilon: f.epsilon, relu: true, top: relu.top },
      ) as tf.Tensor;
      markActivated(y, relu.top);
      return y;
    }
    if (!fusable(x, f, BATCH_NORM_TRAINING, MOVING_AVERAGES)) return super.call(inputs, kwargs);
    const out = tf.tidy(() => {
      const engine = tf.engine();
      const [y, mean, variance] = engine.runKernel(
        BATCH_NORM_TRAINING,
        { x, scale: f.gamma!.read(), offset: f.beta!.read() },
        { varianceEpsilon: f.epsilon, relu: relu !== null, top: relu?.top ?? Infinity },
      ) as tf.Tensor[];
      const [movingMean, movingVariance] = engine.runKernel(
        MOVING_AVERAGES,
        { movingMean: f.movingMean.read(), movingVariance: f.movingVariance.read(), mean, variance },
        { momentum: f.momentum },
      ) as tf.Tensor[];
      f.movingMean.write(movingMean);
      f.movingVariance.write(movingVariance);
      return y;
    });
    if (relu) markActivated(out, relu.top);
    return out;
  }
}
tf.serialization.registerClass(BatchNormalization);

/** Whether our kernels take this call: the backend has them, the channels are the last axis. */
function fusable(x: tf.Tensor, f: Fields, ...kernels: string[]): boolean {
  const backend = tf.getBackend();
  return (
    x.dtype === 'float32' &&
    x.rank >= 2 &&
    (f.axis === -1 || f.axis === x.rank - 1) &&
    f.gamma !== undefined &&
    f.beta !== undefined &&
    kernels.every((k) => tf.getKernel(k, backend) !== undefined)
  );
}
