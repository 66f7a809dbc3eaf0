// Which samples the grid shows. Runs once per filter change (O(N)), never on scroll.
import { isNoisy } from '../../core/data/noisy';
import type { SampleMeta } from '../../protocol/records';
import type { SampleFilter } from '../../state/browserSlice';

export function isFilterActive(f: SampleFilter): boolean {
  return f.classId !== null || f.split !== 'all' || f.occlusion !== 'any';
}

export function filterSamples(metas: readonly SampleMeta[], f: SampleFilter): readonly SampleMeta[] {
  if (!isFilterActive(f)) return metas;
  return metas.filter((m) => {
    if (f.split !== 'all' && m.split !== f.split) return false;
    if (f.classId !== null && m.label !== f.classId && !m.classes.includes(f.classId)) return false;
    if (f.occlusion === 'fully-visible' && m.minVisible < 1 - 1e-9) return false;
    if (f.occlusion === 'hidden-more-than' && !isNoisy(m, f.hiddenOver)) return false;
    return true;
  });
}
