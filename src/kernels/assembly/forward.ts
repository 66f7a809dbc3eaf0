// The forward 2-D convolution, NHWC, f32, on the tfjs-wasm heap, with an optional bias and ReLU:
// out[b, oy, ox, co] = Σ over taps and input channels of x[b, iy, ix, ci] · w[kh, kw, ci, co].
// Output channels are the SIMD lanes: tiles of 4 output positions × 8 output channels accumulate in
// registers over every tap and input channel (2 filter loads and 4 input values per 8 multiply-adds).
// Six positions (12 accumulators) ran at half the speed in V8: x64 has 16 SIMD registers and V8 keeps
// one for itself, so the accumulators spilled. Padding reads zeros.
import { first } from './parts';
import { madd } from './simd';

/** Output positions per tile. */
const TILE: i32 = 4;

let inH_: i32 = 0;
let inW_: i32 = 0;
let inC_: i32 = 0;
let outH_: i32 = 0;
let outW_: i32 = 0;
let outC_: i32 = 0;
let kH_: i32 = 0;
let kW_: i32 = 0;
let sH_: i32 = 1;
let sW_: i32 = 1;
let padT_: i32 = 0;
let padL_: i32 = 0;
let dH_: i32 = 1;
let dW_: i32 = 1;
let zeros_: usize = 0;

/**
 * outC must be a multiple of 8 (the caller sends other shapes to the stock kernel). `bias` is a heap
 * offset of outC values or 0 for none; `relu` 1 applies max(0, ·); `zeros` points at inC zeros, read in
 * place of x where a tap falls in the padding (so every tile runs the same loop). Split across threads
 * by output row.
 */
export function conv2d(
  x: usize,
  w: usize,
  out: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  inC: i32,
  outH: i32,
  outW: i32,
  outC: i32,
  kH: i32,
  kW: i32,
  sH: i32,
  sW: i32,
  padT: i32,
  padL: i32,
  dH: i32,
  dW: i32,
  bias: usize,
  relu: i32,
  zeros: usize,
  part: i32,
  parts: i32,
): void {
  zeros_ = zeros;
  inH_ = inH;
  inW_ = inW;
  inC_ = inC;
  outH_ = outH;
  outW_ = outW;
  outC_ = outC;
  kH_ = kH;
  kW_ = kW;
  sH_ = sH;
  sW_ = sW;
  padT_ = padT;
  padL_ = padL;
  dH_ = dH;
  dW_ = dW;
  const u1 = first(batch * outH, part + 1, parts);
  for (let u = first(batch * outH, part, parts); u < u1; u++) {
    const b = u / outH;
    const oy = u % outH;
    const outRow = out + ((<usize>(u * outW * outC)) << 2);
    for (let ox0 = 0; ox0 < outW; ox0 += TILE)
      for (let co = 0; co < outC; co += 8)
        tile(x, w, outRow + ((<usize>(ox0 * outC + co)) << 2), bias ? bias + ((<usize>co) << 2) : 0, b, oy, ox0, min(TILE, outW - ox0), co, relu);
  }
}

/** n (≤ 6) output positions from ox0 of row (b, oy), channels co..co+7, written at `o`. */
function tile(x: usize, w: usize, o: usize, bias: usize, b: i32, oy: i32, ox0: i32, n: i32, co: i32, relu: i32): void {
  const zero = f32x4.splat(0);
  const b0 = bias ? v128.load(bias) : zero;
  const b1 = bias ? v128.load(bias, 16) : zero;
  let a0 = b0, a1 = b1, a2 = b0, a3 = b1, a4 = b0, a5 = b1, a6 = b0, a7 = b1;
  const inC = inC_;
  const wRow = (<usize>outC_) << 2;
  for (let kh = 0; kh < kH_; kh++) {
    const iy = oy * sH_ - padT_ + kh * dH_;
    if (iy < 0 || iy >= inH_) continue;
    const xRow = x + ((<usize>((b * inH_ + iy) * inW_ * inC)) << 2);
    // Stride and dilation 1 with every tap of the tile inside the row: a position's kW taps are one
    // contiguous run of kW · inC values of x, as they are of w, so one loop covers them all.
    const left = ox0 - padL_;
    const merged = sW_ == 1 && dW_ == 1 && n == TILE && left >= 0 && left + TILE + kW_ - 1 <= inW_;
    const runs = merged ? 1 : kW_;
    const end: usize = (<usize>(merged ? kW_ * inC : inC)) << 2;
    for (let kw = 0; kw < runs; kw++) {
      const ix0 = ox0 * sW_ - padL_ + kw * dW_;
      const wTap = w + ((<usize>((kh * kW_ + kw) * inC * outC_ + co)) << 2);
      // Each position's x row for this tap, or the zeros where it is padding or past the row's end.
      const p0 = at(xRow, ix0, 0, n);
      const p1 = at(xRow, ix0, 1, n);
      const p2 = at(xRow, ix0, 2, n);
      const p3 = at(xRow, ix0, 3, n);
      let wp = wTap;
      for (let c: usize = 0; c < end; c += 4, wp += wRow) {
        const w0 = v128.load(wp);
        const w1 = v128.load(wp, 16);
        let xv = v128.load32_splat(p0 + c);
        a0 = madd(xv, w0, a0);
        a1 = madd(xv, w1, a1);
        xv = v128.load32_splat(p1 + c);
        a2 = madd(xv, w0, a2);
        a3 = madd(xv, w1, a3);
        xv = v128.load32_splat(p2 + c);
        a4 = madd(xv, w0, a4);
        a5 = madd(xv, w1, a5);
        xv = v128.load32_splat(p3 + c);
        a6 = madd(xv, w0, a6);
        a7 = madd(xv, w1, a7);
      }
    }
  }
  const step = (<usize>outC_) << 2;
  put(o, a0, a1, relu);
  if (n > 1) put(o + step, a2, a3, relu);
  if (n > 2) put(o + 2 * step, a4, a5, relu);
  if (n > 3) put(o + 3 * step, a6, a7, relu);
}

@inline
function put(o: usize, lo: v128, hi: v128, relu: i32): void {
  const zero = f32x4.splat(0);
  v128.store(o, relu ? f32x4.max(lo, zero) : lo);
  v128.store(o, relu ? f32x4.max(hi, zero) : hi, 16);
}

/** Where position k of a tile (its first input column ix0) reads x in this row: zeros outside. */
@inline
function at(xRow: usize, ix0: i32, k: i32, n: i32): usize {
  const ix = ix0 + k * sW_;
  return k < n && ix >= 0 && ix < inW_ ? xRow + ((<usize>(ix * inC_)) << 2) : zeros_;
}
