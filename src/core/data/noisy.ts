// The noisy-sample filter: drops samples whose most hidden instance is hidden more than a threshold,
// since a shape mostly covered by others teaches a detector little and confuses its box targets.
import { TilewrightError } from '../errors';
import type { SampleMeta, Split } from '../../protocol/records';

/** Slack so that a sample exactly at the threshold (0.3 hidden with maxHidden 0.3) is kept despite rounding. */
const EPS = 1e-9;

function check(maxHidden: number): void {
  if (!Number.isFinite(maxHidden) || maxHidden < 0 || maxHidden > 1)
    throw new TilewrightError(
      'invalid-params',
      `The largest hidden fraction must be between 0 and 1 (got ${maxHidden}).`,
      'maxHidden',
    );
}

/** True when some instance of the sample is hidden more than maxHidden. */
export function isNoisy(meta: SampleMeta, maxHidden: number): boolean {
  return meta.minVisible < 1 - maxHidden - EPS;
}

/** Indices of the samples to remove, in the order of `metas`, restricted to one split or 'all'. */
export function selectNoisy(metas: readonly SampleMeta[], maxHidden: number, split: Split | 'all'): number[] {
  check(maxHidden);
  const out: number[] = [];
  for (const m of metas)
    if ((split === 'all' || m.split === split) && isNoisy(m, maxHidden)) out.push(m.index);
  return out;
}
