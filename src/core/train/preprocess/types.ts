// What turns a decoded image into network input: its shape, normalisation and augmentation.
import type { AugmentConfig } from '../config';

export interface Preprocess {
  /** Side of the square output in pixels. */
  inputSize: number;
  /** Channels of the output; 1-channel (gray) and 4-channel (RGBA) images become 3 when this is 3. */
  channels: number;
  /** Per channel, in 0..1 units: the output is (pixel / 255 - mean) / std. */
  mean: number[];
  std: number[];
  /** Training augmentation; null for evaluation (plain resize of the whole image). */
  augment: AugmentConfig | null;
}

/** Where a prepared sample came from: the crop box of the image, then the flips and quarter turns. */
export interface Geometry {
  box: { x: number; y: number; w: number; h: number };
  turn: { hflip: boolean; vflip: boolean; k: number };
}
