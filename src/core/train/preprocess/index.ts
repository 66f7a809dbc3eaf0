// Decoded image -> network input: crop, resize, flips, rotation, colour jitter and normalisation, written
// straight into a batch's Float32Array (HWC). Augmentation draws from a generator seeded per (run seed,
// epoch, sample key), so a sample looks the same whichever batch, worker or resumed run prepares it.
export { channelStats, IMAGENET, normalizationStats, type ChannelStats } from './normalization';
export { prepareMask } from './mask';
export { prepareSample } from './sample';
export { augmentSeed, shuffledOrder } from './seeds';
export type { Geometry, Preprocess } from './types';
