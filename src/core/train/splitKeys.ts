// The sample keys a run trains and validates on: the dataset's own train and val splits, samples with
// a target for the task only. The occlusion study's filter leaves heavily occluded samples out of
// training only, so models trained with and without it are scored on the same validation samples.
import type { SampleMeta } from '../../protocol/records';

export interface SplitKeys {
  train: number[];
  val: number[];
  /** Training samples left out by train_min_visible. */
  occluded: number;
}

/** `minVisible` > 0 keeps training samples whose least visible instance shows at least that fraction. */
export function splitKeys(
  metas: readonly SampleMeta[],
  hasTarget: (key: number) => boolean,
  minVisible = 0,
): SplitKeys {
  const train: number[] = [];
  const val: number[] = [];
  let occluded = 0;
  for (const m of metas) {
    if (!hasTarget(m.index)) continue;
    if (m.split === 'val') val.push(m.index);
    else if (m.split !== 'train') continue;
    else if (minVisible > 0 && m.minVisible < minVisible) occluded++;
    else train.push(m.index);
  }
  return { train, val, occluded };
}
