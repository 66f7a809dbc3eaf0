// Resizing a box of the image to the square input: area pooling for large shrinks, then bilinear.
import type { DecodedImage } from '../types';
import type { Box } from './crop';

/**
 * Bilinear sampling along one axis, half-pixel centres (align_corners=False: PyTorch's interpolate,
 * OpenCV's INTER_LINEAR): output d is v[i0[d]] + t[d] * (v[i1[d]] - v[i0[d]]) over `cells` inputs.
 */
class Axis {
  i0 = new Int32Array(0);
  i1 = new Int32Array(0);
  t = new Float64Array(0);

  fill(cells: number, scale: number, size: number): void {
    if (this.i0.length < size) {
      this.i0 = new Int32Array(size);
      this.i1 = new Int32Array(size);
      this.t = new Float64Array(size);
    }
    for (let d = 0; d < size; d++) {
      let src = (d + 0.5) * scale - 0.5;
      if (src < 0) src = 0;
      else if (src > cells - 1) src = cells - 1;
      const p = Math.floor(src);
      this.i0[d] = p;
      this.i1[d] = p + 1 < cells ? p + 1 : p;
      this.t[d] = src - p;
    }
  }

  /** Output d reads input d. */
  identity(size: number): void {
    for (let d = 0; d < size; d++) {
      this.i0[d] = d;
      this.i1[d] = d;
      this.t[d] = 0;
    }
  }
}

/**
 * Shrinking by more than 2× first averages cells of k = floor(length / size) pixels (the last cell may be
 * short) and interpolates between cell centres, so every pixel counts and fine detail does not alias
 * away (at exactly k× this is area averaging). Up to 2×, bilinear alone already weighs every pixel.
 */
function poolFactor(length: number, size: number): number {
  return length > 2 * size ? Math.floor(length / size) : 1;
}

// Scratch reused across calls (prepareSample is synchronous, so one set per thread is enough).
const axisX = new Axis();
/** The vertical pass of the last resize: `vertical` applies it, or `write` fused with normalisation. */
export const axisY = new Axis();
let pooled: Float64Array = new Float64Array(0);
let rows: Float64Array = new Float64Array(0);
let resized: Float64Array = new Float64Array(0);

function grow(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(n);
}

/** Averages kx×ky cells of `box` (channels mapped) into `pooled`: cw×ch cells, in 0..255 units. */
function pool(
  img: DecodedImage,
  map: Int32Array,
  box: Box,
  kx: number,
  ky: number,
  cw: number,
  ch: number,
): void {
  const { pixels, width, channels: ic } = img;
  const channels = map.length;
  const n = cw * ch * channels;
  const out = (pooled = grow(pooled, n));
  out.fill(0, 0, n);
  const cellRow = cw * channels;
  const bw = box.w;
  for (let y = 0; y < box.h; y++) {
    const o = ((y / ky) | 0) * cellRow;
    const row = ((box.y + y) * width + box.x) * ic;
    // Channel outermost and a plain sum innermost: several times faster in V8 than pixel by pixel.
    for (let c = 0; c < channels; c++) {
      let p = row + map[c];
      for (let cx = 0, x = 0; x < bw; cx++) {
        const end = x + kx < bw ? x + kx : bw;
        let acc = 0;
        for (; x < end; x++, p += ic) acc += pixels[p];
        out[o + cx * channels + c] += acc;
      }
    }
  }
  for (let cy = 0, o = 0; cy < ch; cy++) {
    const hy = Math.min(ky, box.h - cy * ky);
    for (let cx = 0; cx < cw; cx++) {
      const area = hy * Math.min(kx, box.w - cx * kx);
      for (let c = 0; c < channels; c++, o++) out[o] /= area;
    }
  }
}

// The horizontal pass reads bytes straight from the image, or pooled cells: two functions, so each
// indexes one kind of typed array (mixing them in one loop makes V8's element access slow).

/** Horizontal bilinear pass over the rows of `box`, read from the image bytes, into `rows`. */
function horizontalFromBytes(img: DecodedImage, map: Int32Array, box: Box, size: number): void {
  const { pixels, width, channels: ic } = img;
  const channels = map.length;
  const { i0, i1, t: tx } = axisX;
  const out = rows;
  for (let y = 0, o = 0; y < box.h; y++) {
    const row = ((box.y + y) * width + box.x) * ic;
    for (let d = 0; d < size; d++) {
      const a = row + i0[d] * ic;
      const b = row + i1[d] * ic;
      const t = tx[d];
      for (let c = 0; c < channels; c++) {
        const va = pixels[a + map[c]];
        out[o++] = va + t * (pixels[b + map[c]] - va);
      }
    }
  }
}

/** Horizontal bilinear pass over the cw×ch cells in `pooled`, into `rows`. */
function horizontalFromCells(cw: number, ch: number, channels: number, size: number): void {
  const src = pooled;
  const { i0, i1, t: tx } = axisX;
  const out = rows;
  for (let y = 0, o = 0; y < ch; y++) {
    const row = y * cw * channels;
    for (let d = 0; d < size; d++) {
      const a = row + i0[d] * channels;
      const b = row + i1[d] * channels;
      const t = tx[d];
      for (let c = 0; c < channels; c++) out[o++] = src[a + c] + t * (src[b + c] - src[a + c]);
    }
  }
}

/**
 * Resizes `box` of the image to size columns into `rows` (one row per source row or cell row), returned,
 * and sets axisY; the vertical pass happens in `vertical` or, fused with normalisation, in `write`.
 */
export function resizeRows(img: DecodedImage, map: Int32Array, box: Box, size: number): Float64Array {
  const channels = map.length;
  const kx = poolFactor(box.w, size);
  const ky = poolFactor(box.h, size);
  const cw = Math.ceil(box.w / kx);
  const ch = Math.ceil(box.h / ky);
  axisX.fill(cw, box.w / kx / size, size);
  axisY.fill(ch, box.h / ky / size, size);
  rows = grow(rows, ch * size * channels);
  if (kx * ky === 1) horizontalFromBytes(img, map, box, size);
  else {
    pool(img, map, box, kx, ky, cw, ch);
    horizontalFromCells(cw, ch, channels, size);
  }
  return rows;
}

/** The vertical pass from `rows` into `resized` (size×size×channels), returned; leaves axisY the identity. */
export function vertical(size: number, channels: number): Float64Array {
  const rowLen = size * channels;
  const src = rows;
  const res = (resized = grow(resized, size * rowLen));
  const { i0, i1, t: ty } = axisY;
  for (let d = 0, o = 0; d < size; d++) {
    const a = i0[d] * rowLen;
    const b = i1[d] * rowLen;
    const t = ty[d];
    for (let i = 0; i < rowLen; i++) res[o++] = src[a + i] + t * (src[b + i] - src[a + i]);
  }
  axisY.identity(size);
  return res;
}
