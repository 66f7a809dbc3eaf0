// The per-epoch randomness of training: the order samples come in and each sample's augmentation seed.
import { Random, seedFor } from '../../random';

// Separate streams for shuffling and augmentation, so neither repeats the other's numbers.
const AUGMENT_STREAM = 0x41554731;
const SHUFFLE_STREAM = 0x53485546;

/** The augmentation seed of one sample in one epoch: independent of the batch and order it lands in. */
export function augmentSeed(randomSeed: number, epoch: number, key: number): number {
  return seedFor(seedFor(randomSeed ^ AUGMENT_STREAM, epoch), key);
}

/** The keys in a seeded Fisher–Yates order that depends only on (keys, randomSeed, epoch). */
export function shuffledOrder(keys: number[], randomSeed: number, epoch: number): number[] {
  const order = [...keys];
  const r = new Random(seedFor(randomSeed ^ SHUFFLE_STREAM, epoch));
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
