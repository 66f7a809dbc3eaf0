// The decoded image as preprocessing reads it: its shape checked, its channels mapped to the input's.
import { TilewrightError } from '../../errors';
import type { DecodedImage } from '../types';

/**
 * Offset of each output channel inside a source pixel: the same channels, gray replicated to RGB, or RGBA
 * without its alpha. Anything else would need a choice a person should make, so it throws.
 */
export function channelMap(imageChannels: number, channels: number): Int32Array {
  if (imageChannels === channels) return Int32Array.from({ length: channels }, (_, c) => c);
  if (channels === 3 && imageChannels === 1) return new Int32Array(3);
  if (channels === 3 && imageChannels === 4) return Int32Array.of(0, 1, 2);
  throw new TilewrightError(
    'invalid-params',
    `A ${imageChannels}-channel image cannot be used as ${channels}-channel input.`,
    'channels',
  );
}

export function checkImage(img: DecodedImage): void {
  const { width, height, channels, pixels } = img;
  if (!(width >= 1 && height >= 1 && channels >= 1) || pixels.length < width * height * channels)
    throw new TilewrightError(
      'invalid-params',
      `Bad image: ${width}×${height}×${channels} with ${pixels.length} bytes.`,
      'image',
    );
}
