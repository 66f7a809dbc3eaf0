// The output: each pixel written where the flips and turns put it, normalised.
import type { DecodedImage } from '../types';
import { axisY } from './resize';
import type { Preprocess } from './types';

/**
 * The output pixel (as y * n + x) that shows pixel (y, x) of the resized n×n image: hflip, then vflip,
 * then k turns of 90° counter-clockwise (as np.rot90 / torch.rot90 on the H, W axes). Affine in (y, x).
 */
export function targetPixel(
  y: number,
  x: number,
  n: number,
  hflip: boolean,
  vflip: boolean,
  k: number,
): number {
  const m = n - 1;
  const by = vflip ? m - y : y;
  const bx = hflip ? m - x : x;
  if (k === 1) return (m - bx) * n + by;
  if (k === 2) return (m - by) * n + (m - bx);
  if (k === 3) return bx * n + (m - by);
  return by * n + bx;
}

/** Where the flips and turns send pixel (0, 0), and the steps of one column and one row, in floats. */
function steps(size: number, channels: number, turn: { hflip: boolean; vflip: boolean; k: number }) {
  const { hflip, vflip, k } = turn;
  const base = targetPixel(0, 0, size, hflip, vflip, k);
  return {
    base: base * channels,
    dx: (targetPixel(0, 1, size, hflip, vflip, k) - base) * channels,
    dy: (targetPixel(1, 0, size, hflip, vflip, k) - base) * channels,
  };
}

/**
 * The vertical pass (axisY over `src`) fused with normalisation, each pixel written where the flips and
 * turns put it: out = (v / 255 - mean) / std.
 */
export function write(
  src: Float64Array,
  p: Preprocess,
  turn: { hflip: boolean; vflip: boolean; k: number },
  out: Float32Array,
  offset: number,
): void {
  const { inputSize: size, channels } = p;
  const { base, dx, dy } = steps(size, channels, turn);
  // Typed copies: reading doubles from a plain array in the hot loop costs as much as the rest.
  const mean = Float64Array.from(p.mean);
  const std = Float64Array.from(p.std);
  const rowLen = size * channels;
  const { i0, i1, t: ty } = axisY;
  for (let y = 0; y < size; y++) {
    const a = i0[y] * rowLen;
    const b = i1[y] * rowLen;
    const t = ty[y];
    let o = offset + base + y * dy;
    for (let x = 0, i = 0; x < size; x++, o += dx)
      for (let c = 0; c < channels; c++, i++) {
        const va = src[a + i];
        out[o + c] = ((va + t * (src[b + i] - va)) / 255 - mean[c]) / std[c];
      }
  }
}

/**
 * An image already at the input size, whole and without colour jitter: each byte normalised through a
 * table of its 256 values per channel (the same floats `write` computes) and written where the flips
 * and turns put it. Several times faster than resampling by the identity.
 */
export function writeBytes(
  img: DecodedImage,
  map: Int32Array,
  p: Preprocess,
  turn: { hflip: boolean; vflip: boolean; k: number },
  out: Float32Array,
  offset: number,
): void {
  const { inputSize: size, channels } = p;
  const { base, dx, dy } = steps(size, channels, turn);
  const table = new Float32Array(256 * channels);
  for (let c = 0; c < channels; c++)
    for (let v = 0; v < 256; v++) table[c * 256 + v] = (v / 255 - p.mean[c]) / p.std[c];
  const { pixels, channels: ic } = img;
  for (let y = 0, i = 0; y < size; y++) {
    let o = offset + base + y * dy;
    for (let x = 0; x < size; x++, o += dx, i += ic)
      for (let c = 0; c < channels; c++) out[o + c] = table[c * 256 + pixels[i + map[c]]];
  }
}
