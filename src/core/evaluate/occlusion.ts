// The occlusion study: ground-truth instances binned by how much of them is visible, with how often a
// prediction found each (best IoU ≥ 0.5) and the mean best IoU per bin; and a sentence comparing two
// models bin by bin.

export interface OcclusionBin {
  /** Visible fraction in (lo, hi]; the first bin also holds 0. */
  lo: number;
  hi: number;
  count: number;
  /** Share of the bin's instances whose best IoU with a prediction is at least 0.5; null when empty. */
  recall50: number | null;
  meanIoU: number | null;
}

export const VISIBLE_EDGES = [0, 0.25, 0.5, 0.75, 1];

export function occlusionBins(
  rows: { visible: ArrayLike<number>; iou: ArrayLike<number> },
  edges: number[] = VISIBLE_EDGES,
): OcclusionBin[] {
  const bins = edges.slice(1).map((hi, b) => ({ lo: edges[b], hi, count: 0, found: 0, iouSum: 0 }));
  for (let i = 0; i < rows.visible.length; i++) {
    const v = rows.visible[i];
    let b = 0;
    while (b < bins.length - 1 && v > bins[b].hi) b++;
    bins[b].count++;
    bins[b].iouSum += rows.iou[i];
    if (rows.iou[i] >= 0.5) bins[b].found++;
  }
  return bins.map((b) => ({
    lo: b.lo,
    hi: b.hi,
    count: b.count,
    recall50: b.count ? b.found / b.count : null,
    meanIoU: b.count ? b.iouSum / b.count : null,
  }));
}

const pct = (v: number) => `${Math.round(100 * v)}%`;
const range = (b: OcclusionBin) => `${pct(b.lo)}–${pct(b.hi)} visible`;

/**
 * One or two sentences on how model B differs from model A across the bins: where recall at IoU 0.5
 * differs most, and whether B is better on the most occluded instances. Bins empty in either are skipped.
 */
export function occlusionSummary(a: OcclusionBin[], b: OcclusionBin[], nameA: string, nameB: string): string {
  const pairs = a
    .map((x, i) => ({ bin: x, ra: x.recall50, rb: b[i]?.recall50 ?? null }))
    .filter((p): p is { bin: OcclusionBin; ra: number; rb: number } => p.ra !== null && p.rb !== null);
  if (!pairs.length) return 'The two evaluations share no bin with instances, so they cannot be compared.';
  const widest = pairs.reduce((m, p) => (Math.abs(p.rb - p.ra) > Math.abs(m.rb - m.ra) ? p : m));
  const d = widest.rb - widest.ra;
  if (Math.abs(d) < 0.005)
    return `${nameA} and ${nameB} find instances equally often in every bin (recall at IoU 0.5).${iouSentence(a, b, nameA, nameB)}`;
  const first = `The largest difference is on instances ${range(widest.bin)}: ${nameB} finds ${pct(widest.rb)} of them at IoU 0.5, ${nameA} ${pct(widest.ra)} (${d > 0 ? '+' : ''}${Math.round(100 * d)} points).`;
  const occluded = pairs[0];
  const visible = pairs[pairs.length - 1];
  if (occluded === visible) return first;
  const gap = (p: { ra: number; rb: number }) => p.rb - p.ra;
  const better = (g: number) =>
    g > 0.005 ? `${nameB} is ahead` : g < -0.005 ? `${nameA} is ahead` : 'they are level';
  return `${first} On the most occluded instances (${range(occluded.bin)}) ${better(gap(occluded))}; on the most visible (${range(visible.bin)}) ${better(gap(visible))}.`;
}

/** Where recall is level: the bin whose mean best IoU differs most, or nothing when none differs. */
function iouSentence(a: OcclusionBin[], b: OcclusionBin[], nameA: string, nameB: string): string {
  let best: { bin: OcclusionBin; ia: number; ib: number } | null = null;
  a.forEach((x, i) => {
    const ia = x.meanIoU;
    const ib = b[i]?.meanIoU ?? null;
    if (ia === null || ib === null) return;
    if (!best || Math.abs(ib - ia) > Math.abs(best.ib - best.ia)) best = { bin: x, ia, ib };
  });
  const w = best as { bin: OcclusionBin; ia: number; ib: number } | null;
  if (!w || Math.abs(w.ib - w.ia) < 0.005) return '';
  return ` Their overlap differs most on instances ${range(w.bin)}: mean best IoU ${pct(w.ib)} for ${nameB}, ${pct(w.ia)} for ${nameA}.`;
}
