// A learned separation of touching instances: a boundary channel marks the pixels of an instance that
// touch another instance. Training targets come from the ground-truth instance map; at inference the
// pixels of the class away from predicted boundaries are the seeds of the instances, and the boundary
// pixels go back to the nearest seed, so two rectangles sharing an edge (or one occluding the other)
// come out as two instances where connected components alone give one.
import type { InstanceMap } from './instances';

/**
 * Boundary targets of one instance map (width × height, 0 = no instance): 1 on every pixel of an
 * instance that has a 4-neighbour in a different instance, else 0. Instance edges against the
 * background are not boundaries: connected components already split there.
 */
export function boundaryTargets(
  instances: ArrayLike<number>,
  width: number,
  height: number,
  out: Uint8Array,
  offset = 0,
): void {
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const id = instances[i];
      let edge = 0;
      if (id !== 0) {
        const other = (q: number) => instances[q] !== 0 && instances[q] !== id;
        edge =
          (x > 0 && other(i - 1)) ||
          (x + 1 < width && other(i + 1)) ||
          (y > 0 && other(i - width)) ||
          (y + 1 < height && other(i + width))
            ? 1
            : 0;
      }
      out[offset + i] = edge;
    }
}

/**
 * Instances of a predicted binary mask, split along a predicted boundary map (probabilities): the
 * 4-connected components of mask pixels whose boundary probability is below `threshold` are the seeds;
 * the other mask pixels join the seed they reach first by 4-connected steps inside the mask (breadth
 * first, so the nearest one). A part of the mask with no seed (all boundary, e.g. a thin sliver) is an
 * instance of its own. Ids 1.. in raster order of each seed's first pixel, then seedless parts.
 */
export function splitInstances(
  mask: ArrayLike<number>,
  boundary: ArrayLike<number>,
  width: number,
  height: number,
  threshold = 0.5,
): { map: InstanceMap; count: number } {
  const n = width * height;
  const data = new Int32Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let count = 0;
  const isSeed = (p: number) => mask[p] !== 0 && boundary[p] < threshold;
  const inMask = (p: number) => mask[p] !== 0;
  /** Labels every unlabelled pixel of `accept` reachable from each start as a new instance, queueing them. */
  const components = (accept: (p: number) => boolean) => {
    for (let start = 0; start < n; start++) {
      if (!accept(start) || data[start]) continue;
      const id = ++count;
      data[start] = id;
      let scan = tail;
      queue[tail++] = start;
      while (scan < tail)
        forNeighbours(queue[scan++], width, height, (q) => {
          if (!data[q] && accept(q)) {
            data[q] = id;
            queue[tail++] = q;
          }
        });
    }
  };
  // Seeds: each component of seed pixels, every pixel queued for the growth below.
  components(isSeed);
  // Growth: breadth first from all seeds at once through the remaining mask pixels.
  while (head < tail) {
    const p = queue[head++];
    forNeighbours(p, width, height, (q) => {
      if (!data[q] && inMask(q)) {
        data[q] = data[p];
        queue[tail++] = q;
      }
    });
  }
  // What no seed reached: its own components.
  components(inMask);
  return { map: { width, height, data }, count };
}

function forNeighbours(p: number, width: number, height: number, visit: (q: number) => void): void {
  const x = p % width;
  if (x > 0) visit(p - 1);
  if (x + 1 < width) visit(p + 1);
  if (p >= width) visit(p - width);
  if (p + width < width * height) visit(p + width);
}
