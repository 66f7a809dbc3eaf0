// Conv2D whose training call leaves out the input gradient nobody asked for. tfjs-layers runs every
// 2-D convolution as tf.fused.conv2d, whose gradient computes the input's and the filter's together,
// so the first layer also pays for the gradient of the image (a full convolution, thrown away). Without
// bias and activation the plain tf.conv2d is the same convolution, and its gradient is one function
// per input: tfjs computes only those on the way to the weights. Same class name, config and weights as
// tfjs-layers' layer (registered in its place, so saved models load into it); every other case is
// tfjs-layers' own call.
import * as tf from '@tensorflow/tfjs';
import { layersClass } from './layersClass';
import type { Conv2D as LayersConv2D } from '@tensorflow/tfjs-layers/dist/layers/convolutional';

/** tfjs-layers' class (read before ours takes its name). */
const Base = layersClass<typeof LayersConv2D>('Conv2D');

export class Conv2D extends Base {
  static override className = 'Conv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const plain =
      x.rank === 4 &&
      this.dataFormat === 'channelsLast' &&
      this.bias == null &&
      this.activation.getClassName() === 'linear';
    if (!plain) return super.call(inputs, kwargs);
    return tf.tidy(() =>
      tf.conv2d(
        x as tf.Tensor4D,
        this.kernel.read() as tf.Tensor4D,
        this.strides as [number, number],
        this.padding === 'same' ? 'same' : 'valid',
        'NHWC',
        this.dilationRate as [number, number],
      ),
    );
  }
}
tf.serialization.registerClass(Conv2D);
