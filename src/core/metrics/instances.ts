// Instances from a binary mask, and COCO mask AP: connected components split a predicted mask into
// instances, and maskAP scores them against ground-truth instance maps as pycocotools' COCOeval does for
// one category (iouType 'segm', area 'all', maxDets 100): greedy matching by score at each IoU threshold
// 0.50:0.05:0.95, precision made monotone, sampled at 101 recall points.

/** An instance map: 0 where there is no instance, k > 0 for the pixels of instance k. */
export interface InstanceMap {
  width: number;
  height: number;
  data: Int32Array;
}

/**
 * Connected components of the pixels where mask[i] is non-zero, numbered 1.. in raster order of their
 * first pixel. 4-connectivity (edges) keeps rectangles that touch at a corner apart; 8 joins them.
 */
export function connectedComponents(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  connectivity: 4 | 8 = 4,
): { map: InstanceMap; count: number } {
  const data = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  let count = 0;
  for (let start = 0; start < data.length; start++) {
    if (!mask[start] || data[start]) continue;
    const id = ++count;
    let top = 0;
    stack[top++] = start;
    data[start] = id;
    while (top) {
      const p = stack[--top];
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          if ((dx === 0 && dy === 0) || (connectivity === 4 && dx !== 0 && dy !== 0)) continue;
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (mask[q] && !data[q]) {
            data[q] = id;
            stack[top++] = q;
          }
        }
    }
  }
  return { map: { width, height, data }, count };
}

/** One image: its ground-truth instances, the predicted ones and each prediction's score (by id). */
export interface InstanceImage {
  gt: InstanceMap;
  pred: InstanceMap;
  scores: Map<number, number>;
}

/** COCO's IoU thresholds 0.50, 0.55, …, 0.95 and recall points 0, 0.01, …, 1 (numpy linspace values). */
export const IOU_THRESHOLDS = Array.from({ length: 10 }, (_, i) =>
  i === 9 ? 0.95 : 0.5 + i * ((0.95 - 0.5) / 9),
);
const RECALL_POINTS = Array.from({ length: 101 }, (_, i) => (i === 100 ? 1 : i * 0.01));
const MAX_DETS = 100;
/** numpy's np.spacing(1), which COCOeval adds to the precision's denominator. */
const SPACING_1 = 2.220446049250313e-16;

/** One image's part of the evaluation: enough to accumulate AP over many images without their maps. */
export interface ImageEval {
  /** Scores of the image's (at most 100) predictions, highest first. */
  scores: number[];
  /** Per threshold, whether each prediction matched a ground-truth instance. */
  matched: boolean[][];
  gtCount: number;
  /** Ground-truth instance ids, and the best IoU any prediction has with each (0 when none overlaps). */
  gtIds: number[];
  gtBestIoU: number[];
}

function ids(map: InstanceMap): number[] {
  const seen = new Set<number>();
  for (const v of map.data) if (v > 0) seen.add(v);
  return [...seen].sort((a, b) => a - b);
}

/** Matches one image's predictions to its ground truth at every threshold; null when it has neither. */
export function evaluateImage(img: InstanceImage): ImageEval | null {
  const { gt, pred } = img;
  if (gt.width !== pred.width || gt.height !== pred.height)
    throw new RangeError(
      `maskAP: ground truth ${gt.width}×${gt.height}, prediction ${pred.width}×${pred.height}.`,
    );
  const gtIds = ids(gt);
  // Highest score first; equal scores keep the id order (COCO's stable mergesort).
  const dtIds = ids(pred)
    .map((id) => ({ id, score: img.scores.get(id) ?? 0 }))
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_DETS);
  if (!gtIds.length && !dtIds.length) return null;
  const gi = new Map(gtIds.map((id, k) => [id, k]));
  const di = new Map(dtIds.map((d, k) => [d.id, k]));
  const G = gtIds.length;
  const inter = new Float64Array(dtIds.length * G);
  const gtArea = new Float64Array(G);
  const dtArea = new Float64Array(dtIds.length);
  for (let p = 0; p < gt.data.length; p++) {
    const g = gt.data[p] > 0 ? gi.get(gt.data[p]) : undefined;
    const d = pred.data[p] > 0 ? di.get(pred.data[p]) : undefined;
    if (g !== undefined) gtArea[g]++;
    if (d !== undefined) dtArea[d]++;
    if (g !== undefined && d !== undefined) inter[d * G + g]++;
  }
  const iou = (d: number, g: number) => {
    const i = inter[d * G + g];
    return i / (dtArea[d] + gtArea[g] - i);
  };
  const matched = IOU_THRESHOLDS.map((t) => {
    const gtTaken = new Uint8Array(G);
    return dtIds.map((_, d) => {
      let best = Math.min(t, 1 - 1e-10);
      let m = -1;
      for (let g = 0; g < G; g++) {
        if (gtTaken[g]) continue;
        const v = iou(d, g);
        if (v < best) continue;
        best = v;
        m = g;
      }
      if (m < 0) return false;
      gtTaken[m] = 1;
      return true;
    });
  });
  const gtBestIoU = gtIds.map((_, g) => {
    let best = 0;
    for (let d = 0; d < dtIds.length; d++) best = Math.max(best, iou(d, g));
    return best;
  });
  return { scores: dtIds.map((d) => d.score), matched, gtCount: G, gtIds, gtBestIoU };
}

export interface MaskAp {
  /** Mean over the 10 IoU thresholds; null without any ground-truth instance (COCO's -1). */
  ap: number | null;
  ap50: number | null;
  ap75: number | null;
  /** AP at each of IOU_THRESHOLDS. */
  perThreshold: (number | null)[];
  /** Recall at 100 detections per image, mean over thresholds (COCO's AR@100). */
  ar: number | null;
}

export function maskAP(images: InstanceImage[]): MaskAp {
  return accumulateAP(images.map(evaluateImage).filter((e): e is ImageEval => e !== null));
}

/** AP over the images' evaluations (COCOeval's accumulate and summarize). */
export function accumulateAP(evals: ImageEval[]): MaskAp {
  const gtTotal = evals.reduce((n, e) => n + e.gtCount, 0);
  if (!gtTotal)
    return { ap: null, ap50: null, ap75: null, perThreshold: IOU_THRESHOLDS.map(() => null), ar: null };
  // All predictions of all images, highest score first; ties keep image then rank order.
  const all = evals.flatMap((e, i) => e.scores.map((s, k) => ({ s, i, k })));
  const order = all.map((_, j) => j).sort((a, b) => all[b].s - all[a].s || a - b);
  const perThreshold: number[] = [];
  const recalls: number[] = [];
  IOU_THRESHOLDS.forEach((_, t) => {
    const n = order.length;
    const rc = new Float64Array(n);
    const pr = new Float64Array(n);
    let tp = 0;
    let fp = 0;
    order.forEach((j, r) => {
      const d = all[j];
      if (evals[d.i].matched[t][d.k]) tp++;
      else fp++;
      rc[r] = tp / gtTotal;
      pr[r] = tp / (fp + tp + SPACING_1);
    });
    recalls.push(n ? rc[n - 1] : 0);
    for (let r = n - 1; r > 0; r--) if (pr[r] > pr[r - 1]) pr[r - 1] = pr[r];
    // Precision at each recall point: at the first rank whose recall reaches it (searchsorted, left), else 0.
    let sum = 0;
    let r = 0;
    for (const point of RECALL_POINTS) {
      while (r < n && rc[r] < point) r++;
      sum += r < n ? pr[r] : 0;
    }
    perThreshold.push(sum / RECALL_POINTS.length);
  });
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return {
    ap: mean(perThreshold),
    ap50: perThreshold[0],
    ap75: perThreshold[5],
    perThreshold,
    ar: mean(recalls),
  };
}
