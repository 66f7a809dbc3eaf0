// COCO run-length encoding, bit-compatible with pycocotools (common/maskApi.c):
// runs are counted in column-major order starting with a run of zeros, and the compressed string
// stores each count as 5-bit groups (a 6th "more" bit, +48 to make printable ASCII), with counts
// from index 3 on stored as the difference to the count two places earlier.
import { TilewrightError } from '../errors';

/** Compressed RLE as in COCO JSON: size is [height, width]. */
export interface CocoRle {
  size: [number, number];
  counts: string;
}

/** Uncompressed RLE (COCO `iscrowd` style): the run lengths themselves. */
export interface CountsRle {
  size: [number, number];
  counts: number[];
}

export type AnyRle = CocoRle | CountsRle;

function badRle(message: string): TilewrightError {
  return new TilewrightError('bad-file', `RLE: ${message}`, 'segmentation');
}

/** Column-major run lengths of a row-major 0/1 mask (any non-zero counts as 1), first run = zeros. */
export function maskToCounts(mask: ArrayLike<number>, height: number, width: number): number[] {
  const counts: number[] = [];
  let prev = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0, i = x; y < height; y++, i += width) {
      const v = mask[i] ? 1 : 0;
      if (v !== prev) {
        counts.push(run);
        run = 0;
        prev = v;
      }
      run++;
    }
  }
  counts.push(run);
  return counts;
}

/** pycocotools rleToString. */
export function countsToString(counts: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x = Math.floor(x / 32); // arithmetic shift that stays exact beyond 32 bits
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
    }
  }
  return s;
}

/** pycocotools rleFrString. */
export function stringToCounts(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw badRle('counts string ends in the middle of a number');
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw badRle(`unexpected character ${JSON.stringify(s[p])} in counts`);
      const scale = 2 ** (5 * k);
      x += (c & 0x1f) * scale;
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= 2 ** (5 * k); // sign-extend
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    if (x < 0) throw badRle(`negative run length at position ${counts.length}`);
    counts.push(x);
  }
  return counts;
}

export function encodeRle(mask: ArrayLike<number>, height: number, width: number): CocoRle {
  return { size: [height, width], counts: countsToString(maskToCounts(mask, height, width)) };
}

function countsOf(rle: AnyRle): number[] {
  return typeof rle.counts === 'string' ? stringToCounts(rle.counts) : rle.counts;
}

/** Decodes to a row-major 0/1 mask of size[0] rows by size[1] columns. */
export function decodeRle(rle: AnyRle): Uint8Array {
  const [h, w] = rle.size;
  const counts = countsOf(rle);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== h * w) throw badRle(`run lengths add up to ${total}, expected ${h}x${w} = ${h * w}`);
  const out = new Uint8Array(h * w);
  let pos = 0; // column-major position
  for (let j = 0; j < counts.length; j++) {
    const n = counts[j];
    if (j % 2 === 1) {
      for (let k = 0; k < n; k++) {
        const p = pos + k;
        const x = Math.floor(p / h);
        out[(p - x * h) * w + x] = 1;
      }
    }
    pos += n;
  }
  return out;
}

/** Pixels set (pycocotools area). */
export function rleArea(rle: AnyRle): number {
  const counts = countsOf(rle);
  let a = 0;
  for (let j = 1; j < counts.length; j += 2) a += counts[j];
  return a;
}

/** [x, y, w, h] of the set pixels, as pycocotools toBbox; [0, 0, 0, 0] for an empty mask. */
export function rleToBbox(rle: AnyRle): [number, number, number, number] {
  const [h] = rle.size;
  const counts = countsOf(rle);
  const m = counts.length - (counts.length % 2);
  if (m === 0 || h === 0) return [0, 0, 0, 0];
  let xs = rle.size[1];
  let ys = h;
  let xe = 0;
  let ye = 0;
  let cc = 0;
  let xp = 0;
  for (let j = 0; j < m; j++) {
    cc += counts[j];
    const t = cc - (j % 2); // j even: first pixel of a run of ones; j odd: its last pixel
    const y = t % h;
    const x = (t - y) / h;
    if (j % 2 === 0) xp = x;
    else if (xp < x) {
      // the run wraps over a column boundary, so it covers every row
      ys = 0;
      ye = h - 1;
    }
    xs = Math.min(xs, x);
    xe = Math.max(xe, x);
    ys = Math.min(ys, y);
    ye = Math.max(ye, y);
  }
  return [xs, ys, xe - xs + 1, ye - ys + 1];
}

/**
 * Encodes every label of a row-major label map at once (0 = none): label → RLE of `map == label`.
 * One column-major pass, so an image with many instances costs the same as one with a single one.
 */
export function encodeLabelRles(
  labels: Uint8Array | Uint16Array,
  height: number,
  width: number,
): Map<number, CocoRle> {
  const runs: number[][] = [];
  const ends: number[] = []; // column-major position just after each label's last pixel
  for (let x = 0; x < width; x++) {
    for (let y = 0, i = x; y < height; y++, i += width) {
      const v = labels[i];
      if (v === 0) continue;
      const pos = x * height + y;
      const r = runs[v];
      if (r === undefined) {
        runs[v] = [pos, 1];
      } else if (ends[v] === pos) {
        r[r.length - 1]++;
      } else {
        r.push(pos - ends[v], 1);
      }
      ends[v] = pos + 1;
    }
  }
  const out = new Map<number, CocoRle>();
  const area = height * width;
  runs.forEach((r, v) => {
    if (ends[v] < area) r.push(area - ends[v]);
    out.set(v, { size: [height, width], counts: countsToString(r) });
  });
  return out;
}
