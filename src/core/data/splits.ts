// Train/val/test assignment: stratified, and reproducible from SplitConfig alone (the config is stored
// in the dataset record, so the record says how its splits were made).
import { TilewrightError } from '../errors';
import { Random } from '../random';
import { SPLITS, type SampleMeta, type Split, type SplitConfig } from '../../protocol/records';

export const DEFAULT_SPLIT: SplitConfig = { seed: 0, train: 0.9, val: 0.1, test: 0 };

export interface SplitItem {
  index: number;
  stratum: string;
}

/** The stratum a sample is balanced by: its label (classification), else the classes it shows. */
export function stratumOf(meta: SampleMeta): string {
  if (meta.label !== undefined) return String(meta.label);
  if (!meta.classes.length) return 'empty';
  return [...meta.classes].sort((a, b) => a - b).join('+');
}

/** Fractions normalised to sum to 1; throws 'invalid-params' naming the bad field. */
export function splitFractions(config: SplitConfig): Record<Split, number> {
  for (const s of SPLITS) {
    const v = config[s];
    if (!Number.isFinite(v) || v < 0)
      throw new TilewrightError('invalid-params', `${s} fraction must be a number ≥ 0 (got ${v}).`, s);
  }
  if (!Number.isInteger(config.seed))
    throw new TilewrightError('invalid-params', `seed must be a whole number (got ${config.seed}).`, 'seed');
  const total = config.train + config.val + config.test;
  if (total <= 0)
    throw new TilewrightError('invalid-params', 'At least one split needs a fraction above 0.', 'train');
  return { train: config.train / total, val: config.val / total, test: config.test / total };
}

/**
 * Assigns every item a split. Within each stratum, items are sorted by index and shuffled with a generator
 * seeded by (config.seed, stratum), then cut into consecutive runs per split. The run lengths are the
 * stratum's size times each fraction, rounded down, with the leftover items given by largest remainder:
 * every split gets floor or ceil of its exact share of every stratum. Among splits with the same claim to
 * a leftover item, the one furthest behind its share over the strata done so far (in sorted stratum order)
 * wins, so many one-sample strata (common for segmentation, where the stratum is a class combination) still
 * fill val and test in proportion instead of all going to train.
 * The result depends only on the items and the config (not on the order of `items`).
 */
export function assignSplits(items: readonly SplitItem[], config: SplitConfig): Map<number, Split> {
  const frac = splitFractions(config);
  const strata = new Map<string, number[]>();
  for (const it of items) {
    const list = strata.get(it.stratum);
    if (list) list.push(it.index);
    else strata.set(it.stratum, [it.index]);
  }

  const out = new Map<number, Split>();
  // Cumulative exact share minus cumulative allocation, per split.
  const deficit: Record<Split, number> = { train: 0, val: 0, test: 0 };
  const names = [...strata.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const indices = strata.get(name)!.sort((a, b) => a - b);
    shuffle(indices, new Random(mixSeed(config.seed, name)));
    const n = indices.length;

    const counts: Record<Split, number> = { train: 0, val: 0, test: 0 };
    let left = n;
    for (const s of SPLITS) {
      const exact = n * frac[s];
      counts[s] = Math.floor(exact + 1e-9);
      left -= counts[s];
      deficit[s] += exact - counts[s];
    }
    // Only splits with a fractional part may take a leftover item (so each stays within 1 of exact).
    const open = SPLITS.filter((s) => n * frac[s] - counts[s] > 1e-9);
    while (left > 0 && open.length) {
      let pick = 0;
      for (let k = 1; k < open.length; k++) if (deficit[open[k]] > deficit[open[pick]] + 1e-9) pick = k;
      const s = open.splice(pick, 1)[0];
      counts[s]++;
      deficit[s] -= 1;
      left--;
    }
    // Floating-point dust could leave an item over; it goes to the largest split.
    if (left > 0) counts[SPLITS.reduce((a, b) => (frac[b] > frac[a] ? b : a))] += left;

    let i = 0;
    for (const s of SPLITS) for (let k = 0; k < counts[s]; k++) out.set(indices[i++], s);
  }
  return out;
}

/** Number of items per split that `assignSplits` would produce, for previews. */
export function countSplits(assignment: Map<number, Split>): Record<Split, number> {
  const c: Record<Split, number> = { train: 0, val: 0, test: 0 };
  for (const s of assignment.values()) c[s]++;
  return c;
}

function shuffle<T>(a: T[], rng: Random): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** FNV-1a of the stratum name mixed with the seed, so each stratum has its own stream and adding a class leaves the others' order alone. */
function mixSeed(seed: number, stratum: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < stratum.length; i++) h = Math.imul(h ^ stratum.charCodeAt(i), 0x01000193);
  h ^= Math.floor(seed / 2 ** 32);
  return h >>> 0;
}
