// One sample: the augmentation draws, then crop, resize, jitter, turn and normalise into the batch.
import { TilewrightError } from '../../errors';
import { Random } from '../../random';
import type { DecodedImage } from '../types';
import { randomResizedCrop, type Box } from './crop';
import { channelMap, checkImage } from './image';
import { jitter } from './jitter';
import { resizeRows, vertical } from './resize';
import { write, writeBytes } from './write';
import type { Geometry, Preprocess } from './types';

// Scratch reused across calls, as the resize buffers are.
const rng = new Random(0);

/**
 * Writes inputSize × inputSize × channels floats (HWC) of `img` to out[offset...], and returns where
 * the output came from (crop box, flips and turns) so a mask can follow it (prepareMask).
 *
 * Without augmentation (p.augment null, or seed null) the whole image is resized. Otherwise the draws
 * from new Random(seed) come in this fixed order, each only when its option is on:
 *   1. random resized crop: per try, area fraction then log aspect ratio; on success row then column;
 *   2. hflip (float < 0.5), 3. vflip (float < 0.5), 4. rot90 (k = int in 0..3);
 *   5. brightness, 6. contrast, 7. saturation factors, each uniform in [1 - s, 1 + s] (only when s > 0).
 * The image is then cropped, resized, jittered and turned (the geometric and colour steps commute),
 * and normalised as (v / 255 - mean) / std.
 */
export function prepareSample(
  img: DecodedImage,
  p: Preprocess,
  seed: number | null,
  out: Float32Array,
  offset: number,
): Geometry {
  const { inputSize: size, channels } = p;
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(channels) || channels < 1)
    throw new TilewrightError('invalid-params', `Bad input shape ${size}×${size}×${channels}.`, 'input_size');
  if (p.mean.length !== channels || p.std.length !== channels)
    throw new TilewrightError('invalid-params', `mean and std need ${channels} values.`, 'normalization');
  const n = size * size * channels;
  if (!Number.isInteger(offset) || offset < 0 || offset + n > out.length)
    throw new RangeError(`prepareSample: ${n} values at ${offset} do not fit in ${out.length}.`);
  checkImage(img);
  const map = channelMap(img.channels, channels);

  let box: Box = { x: 0, y: 0, w: img.width, h: img.height };
  const turn = { hflip: false, vflip: false, k: 0 };
  let brightness = 1;
  let contrast = 1;
  let saturation = 1;
  const a = p.augment;
  if (a && seed !== null) {
    rng.reseed(seed);
    if (a.random_resized_crop) box = randomResizedCrop(img.width, img.height, a.crop_scale_min, rng);
    if (a.hflip) turn.hflip = rng.float() < 0.5;
    if (a.vflip) turn.vflip = rng.float() < 0.5;
    if (a.rot90) turn.k = rng.int(0, 3);
    const factor = (s: number) => 1 - s + 2 * s * rng.float();
    if (a.brightness > 0) brightness = factor(a.brightness);
    if (a.contrast > 0) contrast = factor(a.contrast);
    if (a.saturation > 0) saturation = factor(a.saturation);
  }

  const plain = brightness === 1 && contrast === 1 && saturation === 1;
  const whole = box.x === 0 && box.y === 0 && box.w === img.width && box.h === img.height;
  if (plain && whole && img.width === size && img.height === size) {
    writeBytes(img, map, p, turn, out, offset);
    return { box, turn };
  }
  const rows = resizeRows(img, map, box, size);
  if (plain) write(rows, p, turn, out, offset);
  else {
    // Contrast needs the mean of the whole resized image, so it is finished before the jitter.
    const resized = vertical(size, channels);
    jitter(resized, n, channels, brightness, contrast, saturation);
    write(resized, p, turn, out, offset);
  }
  return { box, turn };
}
