// BatchNormalization whose training call is one kernel where the backend has it (our wasm kernels):
// tfjs-layers spells a training call as moments (Mean, Sub, Square, Mean), FusedBatchNorm and six ops
// of moving averages, and its gradient as a dozen more, each a pass over the activations; ours is two
// passes forward and two backward. Same class name, config and weights as tfjs-layers' layer (it is
// registered in its place, so saved models and checkpoints load into it), and wherever the kernel is
// missing (other backends, inference, shapes it does not take) it is tfjs-layers' own call.
import * as tf from '@tensorflow/tfjs';
import { layersClass } from './layersClass';
import { markActivated, type ReLU } from './relu';
import type { BatchNormalization as LayersBatchNormalization } from '@tensorflow/tfjs-layers/dist/layers/normalization';

/**
 * Kernels registered by src/kernels for the wasm backend (with a gradient for the first):
 * - BATCH_NORM_TRAINING: inputs x, scale, offset; attrs varianceEpsilon, relu and top; outputs y, the
 *   batch's mean and (biased) variance per channel, the last axis. With relu, y = min(max(z, 0), top) for
 *   the normalised z, and the gradient passes where 0 < z ≤ top, as our ReLU's.
 * - MOVING_AVERAGES: inputs movingMean, movingVariance, mean, variance; attr momentum; outputs the two
 *   moving averages updated as tfjs-layers does (m − (m − value) · (1 − momentum)).
 */
export const BATCH_NORM_TRAINING = 'TilewrightBatchNormTraining';
export const MOVING_AVERAGES = 'TilewrightMovingAverages';

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
   * The ReLU right after this layer, applied in this layer's training call (the ReLU then passes its
   * input on): set by fuseActivations for the model being trained, null otherwise.
   */
  fusedRelu: ReLU | null = null;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const f = this as unknown as Fields;
    if (!kwargs.training || !fusable(x, f)) return super.call(inputs, kwargs);
    const relu = this.fusedRelu;
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

function fusable(x: tf.Tensor, f: Fields): boolean {
  const backend = tf.getBackend();
  return (
    x.dtype === 'float32' &&
    x.rank >= 2 &&
    (f.axis === -1 || f.axis === x.rank - 1) &&
    f.gamma !== undefined &&
    f.beta !== undefined &&
    tf.getKernel(BATCH_NORM_TRAINING, backend) !== undefined &&
    tf.getKernel(MOVING_AVERAGES, backend) !== undefined
  );
}
