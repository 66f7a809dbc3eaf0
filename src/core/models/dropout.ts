// Dropout whose mask is reproducible from the model seed yet changes from step to step.
// tf.layers.dropout({seed}) reseeds its generator identically on every call, so it drops the same units at
// every training step (a fixed pruning, not dropout); without a seed it draws from Math.random. This layer
// draws its n-th training mask from seedFor(seed, n).
import * as tf from '@tensorflow/tfjs';
import { seedFor } from '../random';

export interface SeededDropoutArgs {
  name: string;
  rate: number;
  seed: number;
}

export class SeededDropout extends tf.layers.Layer {
  // Saved as a plain Dropout, so any tfjs loads a checkpoint without knowing this class.
  static readonly className = 'Dropout';
  readonly rate: number;
  readonly seed: number;
  /** Training calls so far: the next mask is drawn from seedFor(seed, calls). Set it to resume a stream. */
  calls = 0;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate === 0) return x;
    // tfjs treats a seed of 0 as "unseeded".
    const seed = seedFor(this.seed, this.calls++) || 1;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    // No seed in the saved config: a plain tfjs Dropout with a seed would repeat one mask forever.
    return { ...super.getConfig(), rate: this.rate, noiseShape: null, seed: null };
  }
}
