// Seeded pseudo-random numbers for data generation.
// A sample's stream depends only on (dataset seed, index), so a pool of workers can make any range of
// indices in any order and get the same bytes. Not for cryptography.

const TWO_32 = 4294967296;

/** MurmurHash3's 32-bit finaliser: a bijection on uint32 with full avalanche. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The 32-bit seed of sample `index` of a dataset with seed `datasetSeed` (taken modulo 2^32).
 * For one dataset seed, distinct indices below 2^32 always get distinct seeds (each step is a bijection).
 */
export function seedFor(datasetSeed: number, index: number): number {
  if (!Number.isInteger(datasetSeed)) throw new RangeError(`seed must be an integer, got ${datasetSeed}`);
  if (!Number.isSafeInteger(index) || index < 0)
    throw new RangeError(`index must be a non-negative safe integer, got ${index}`);
  const lo = index >>> 0;
  const hi = Math.floor(index / TWO_32) >>> 0;
  let h = mix32((datasetSeed ^ 0x243f6a88) >>> 0);
  h = mix32((h ^ Math.imul(hi, 0x9e3779b9)) >>> 0);
  return mix32((h + lo) >>> 0);
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, from PractRand): 128-bit state, passes
 * PractRand and BigCrush, and its counter rules out short cycles. Seeded from 32 bits via splitmix32.
 */
export class Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number) {
    this.reseed(seed);
  }

  /** Restart the stream as `new Random(seed)` would, without allocating. */
  reseed(seed: number): void {
    let s = seed >>> 0;
    s = (s + 0x9e3779b9) | 0;
    this.a = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.b = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.c = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.d = mix32(s);
    // The reference implementation discards the first outputs so nearby seeds diverge fully.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) + t;
    this.c |= 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1), in steps of 2^-32. */
  float(): number {
    return this.nextUint32() / TWO_32;
  }

  /** Uniform integer in [min, maxInclusive], without modulo bias. */
  int(min: number, maxInclusive: number): number {
    const range = maxInclusive - min + 1;
    if (!Number.isInteger(min) || !Number.isInteger(maxInclusive) || range < 1 || range > TWO_32)
      throw new RangeError(
        `int(${min}, ${maxInclusive}): need integers with min <= max and at most 2^32 values`,
      );
    // Reject the top partial block of 2^32 so every residue is equally likely.
    const limit = TWO_32 - (TWO_32 % range);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return min + (x % range);
  }
}

/** The generator for sample `index` of a dataset. */
export function randomFor(datasetSeed: number, index: number): Random {
  return new Random(seedFor(datasetSeed, index));
}
