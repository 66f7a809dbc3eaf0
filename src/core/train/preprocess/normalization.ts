// The mean and std the input is normalised with: fixed (unit, ImageNet) or measured on the training split.
import { TilewrightError } from '../../errors';
import type { Normalization } from '../config';
import type { DecodedImage } from '../types';
import { channelMap, checkImage } from './image';

export interface ChannelStats {
  mean: number[];
  std: number[];
}

export const IMAGENET: ChannelStats = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** The smallest std channelStats reports, so a constant channel does not divide by zero. */
const MIN_STD = 1e-6;

/** Mean and std for a normalisation choice; 'dataset' takes them from channelStats of the training split. */
export function normalizationStats(
  n: Normalization,
  channels: number,
  datasetStats?: ChannelStats,
): ChannelStats {
  switch (n) {
    case 'unit':
      return { mean: new Array<number>(channels).fill(0), std: new Array<number>(channels).fill(1) };
    case 'imagenet':
      if (channels !== 3)
        throw new TilewrightError(
          'invalid-params',
          `ImageNet normalisation needs 3-channel (RGB) input, not ${channels}.`,
          'normalization',
        );
      return { mean: [...IMAGENET.mean], std: [...IMAGENET.std] };
    case 'dataset':
      if (!datasetStats)
        throw new TilewrightError(
          'invalid-params',
          'Dataset normalisation needs the mean and std of the training split.',
          'normalization',
        );
      if (datasetStats.mean.length !== channels || datasetStats.std.length !== channels)
        throw new TilewrightError(
          'invalid-params',
          `Dataset statistics have ${datasetStats.mean.length} channels, the input has ${channels}.`,
          'normalization',
        );
      return { mean: [...datasetStats.mean], std: [...datasetStats.std] };
  }
}

/**
 * Per-channel mean and population std over every pixel of `images`, in 0..1 units (std at least 1e-6).
 * Sums are of integers, exact in doubles up to ~10^11 pixels, so the order of images does not matter.
 */
export function channelStats(images: Iterable<DecodedImage>, channels: number): ChannelStats {
  const s1 = new Array<number>(channels).fill(0);
  const s2 = new Array<number>(channels).fill(0);
  let count = 0;
  for (const img of images) {
    checkImage(img);
    const map = channelMap(img.channels, channels);
    const { pixels, channels: ic } = img;
    const n = img.width * img.height;
    for (let c = 0; c < channels; c++) {
      let a = 0;
      let b = 0;
      for (let i = map[c], end = n * ic; i < end; i += ic) {
        const v = pixels[i];
        a += v;
        b += v * v;
      }
      s1[c] += a;
      s2[c] += b;
    }
    count += n;
  }
  if (count === 0)
    throw new TilewrightError(
      'invalid-params',
      'No images to compute channel statistics from.',
      'normalization',
    );
  const mean = s1.map((s) => s / count / 255);
  const std = s2.map((s, c) => {
    const m = s1[c] / count;
    return Math.max(MIN_STD, Math.sqrt(Math.max(0, s / count - m * m)) / 255);
  });
  return { mean, std };
}
