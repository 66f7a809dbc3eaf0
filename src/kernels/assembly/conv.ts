// Convolution gradients, NHWC, f32, on the tfjs-wasm heap (pointers are byte offsets into it).
// No static data and no allocation: the module shares tfjs-wasm's memory and owns none of it.
import { madd } from './simd';

/**
 * The filter gradient of a 2-D convolution: dw[kh, kw, ci, co] = Σ over batch and output positions of
 * x[b, oy·sH − padT + kh·dH, ox·sW − padL + kw·dW, ci] · dy[b, oy, ox, co] (positions outside x count 0).
 * Tiles of 4 input × 8 output channels keep 8 accumulators in registers over the whole sum.
 */
export function conv2dBackpropFilter(
  x: usize,
  dy: usize,
  dw: usize,
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
): void {
  batch_ = batch;
  inH_ = inH;
  inW_ = inW;
  inC_ = inC;
  outH_ = outH;
  outW_ = outW;
  outC_ = outC;
  sH_ = sH;
  sW_ = sW;
  padT_ = padT;
  padL_ = padL;
  for (let kh = 0; kh < kH; kh++)
    for (let kw = 0; kw < kW; kw++) {
      const offY = kh * dH;
      const offX = kw * dW;
      const tap = dw + ((<usize>((kh * kW + kw) * inC * outC)) << 2);
      let ci = 0;
      for (; ci + 4 <= inC; ci += 4) {
        let co = 0;
        for (; co + 8 <= outC; co += 8) tile4x8(x, dy, tap, ci, co, offY, offX);
        for (let c = ci; c < ci + 4; c++) rest(x, dy, tap, c, co, offY, offX);
      }
      for (; ci < inC; ci++) rest(x, dy, tap, ci, 0, offY, offX);
    }
}

// Shapes and strides shared by the tiles: wasm globals, not memory (this module owns no memory), set
// at the start of each call. One instance serves one thread, so they are never shared.
let batch_: i32 = 0;
let inH_: i32 = 0;
let inW_: i32 = 0;
let inC_: i32 = 0;
let outH_: i32 = 0;
let outW_: i32 = 0;
let outC_: i32 = 0;
let sH_: i32 = 1;
let sW_: i32 = 1;
let padT_: i32 = 0;
let padL_: i32 = 0;

@inline
function xAt(x: usize, b: i32, iy: i32, ix: i32, c: i32): usize {
  return x + ((<usize>(((b * inH_ + iy) * inW_ + ix) * inC_ + c)) << 2);
}

@inline
function dyAt(dy: usize, b: i32, oy: i32, ox: i32, c: i32): usize {
  return dy + ((<usize>(((b * outH_ + oy) * outW_ + ox) * outC_ + c)) << 2);
}

function tile4x8(x: usize, dy: usize, tap: usize, ci: i32, co: i32, offY: i32, offX: i32): void {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  let a4 = f32x4.splat(0);
  let a5 = f32x4.splat(0);
  let a6 = f32x4.splat(0);
  let a7 = f32x4.splat(0);
  for (let b = 0; b < batch_; b++)
    for (let oy = 0; oy < outH_; oy++) {
      const iy = oy * sH_ - padT_ + offY;
      if (iy < 0 || iy >= inH_) continue;
      for (let ox = 0; ox < outW_; ox++) {
        const ix = ox * sW_ - padL_ + offX;
        if (ix < 0 || ix >= inW_) continue;
        const xp = xAt(x, b, iy, ix, ci);
        const dp = dyAt(dy, b, oy, ox, co);
        const d0 = v128.load(dp);
        const d1 = v128.load(dp, 16);
        const x0 = f32x4.splat(load<f32>(xp));
        const x1 = f32x4.splat(load<f32>(xp, 4));
        const x2 = f32x4.splat(load<f32>(xp, 8));
        const x3 = f32x4.splat(load<f32>(xp, 12));
        a0 = madd(x0, d0, a0);
        a1 = madd(x0, d1, a1);
        a2 = madd(x1, d0, a2);
        a3 = madd(x1, d1, a3);
        a4 = madd(x2, d0, a4);
        a5 = madd(x2, d1, a5);
        a6 = madd(x3, d0, a6);
        a7 = madd(x3, d1, a7);
      }
    }
  const row = <usize>outC_ << 2;
  const p = tap + ((<usize>(ci * outC_ + co)) << 2);
  v128.store(p, a0);
  v128.store(p, a1, 16);
  v128.store(p + row, a2);
  v128.store(p + row, a3, 16);
  v128.store(p + 2 * row, a4);
  v128.store(p + 2 * row, a5, 16);
  v128.store(p + 3 * row, a6);
  v128.store(p + 3 * row, a7, 16);
}

/** Output channels from `co` on of one input channel: 4 at a time, then one at a time. */
function rest(x: usize, dy: usize, tap: usize, ci: i32, co: i32, offY: i32, offX: i32): void {
  const out = tap + ((<usize>(ci * outC_)) << 2);
  for (; co + 4 <= outC_; co += 4) {
    let a = f32x4.splat(0);
    for (let b = 0; b < batch_; b++)
      for (let oy = 0; oy < outH_; oy++) {
        const iy = oy * sH_ - padT_ + offY;
        if (iy < 0 || iy >= inH_) continue;
        for (let ox = 0; ox < outW_; ox++) {
          const ix = ox * sW_ - padL_ + offX;
          if (ix < 0 || ix >= inW_) continue;
          const xv = f32x4.splat(load<f32>(xAt(x, b, iy, ix, ci)));
          a = madd(xv, v128.load(dyAt(dy, b, oy, ox, co)), a);
        }
      }
    v128.store(out + ((<usize>co) << 2), a);
  }
  for (; co < outC_; co++) {
    let a: f32 = 0;
    for (let b = 0; b < batch_; b++)
      for (let oy = 0; oy < outH_; oy++) {
        const iy = oy * sH_ - padT_ + offY;
        if (iy < 0 || iy >= inH_) continue;
        for (let ox = 0; ox < outW_; ox++) {
          const ix = ox * sW_ - padL_ + offX;
          if (ix < 0 || ix >= inW_) continue;
          a += load<f32>(xAt(x, b, iy, ix, ci)) * load<f32>(dyAt(dy, b, oy, ox, co));
        }
      }
    store<f32>(out + ((<usize>co) << 2), a);
  }
}

/**
 * The input gradient of a 2-D convolution: dx[b, iy, ix, ci] = Σ over the outputs and taps that read
 * (iy, ix) of w[kh, kw, ci, co] · dy[b, oy, ox, co]. `wT` is the filter transposed to [kh, kw, co, ci]
 * (by transposeFilter) so that input channels are lanes: each output position adds outC rank-1 updates
 * to 16 input channels held in registers.
 */
export function conv2dBackpropInput(
  dy: usize,
  wT: usize,
  dx: usize,
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
): void {
  memory.fill(dx, 0, (<usize>(batch * inH * inW * inC)) << 2);
  const rowBytes = (<usize>inC) << 2;
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++) {
        const dp = dy + ((<usize>(((b * outH + oy) * outW + ox) * outC)) << 2);
        for (let kh = 0; kh < kH; kh++) {
          const iy = oy * sH - padT + kh * dH;
          if (iy < 0 || iy >= inH) continue;
          for (let kw = 0; kw < kW; kw++) {
            const ix = ox * sW - padL + kw * dW;
            if (ix < 0 || ix >= inW) continue;
            const xp = dx + ((<usize>(((b * inH + iy) * inW + ix) * inC)) << 2);
            const tap = wT + ((<usize>((kh * kW + kw) * outC * inC)) << 2);
            let ci = 0;
            for (; ci + 16 <= inC; ci += 16) {
              const o = (<usize>ci) << 2;
              let a0 = v128.load(xp + o);
              let a1 = v128.load(xp + o, 16);
              let a2 = v128.load(xp + o, 32);
              let a3 = v128.load(xp + o, 48);
              let wp = tap + o;
              for (let co = 0; co < outC; co++, wp += rowBytes) {
                const s = f32x4.splat(load<f32>(dp + ((<usize>co) << 2)));
                a0 = madd(s, v128.load(wp), a0);
                a1 = madd(s, v128.load(wp, 16), a1);
                a2 = madd(s, v128.load(wp, 32), a2);
                a3 = madd(s, v128.load(wp, 48), a3);
              }
              v128.store(xp + o, a0);
              v128.store(xp + o, a1, 16);
              v128.store(xp + o, a2, 32);
              v128.store(xp + o, a3, 48);
            }
            for (; ci + 4 <= inC; ci += 4) {
              const o = (<usize>ci) << 2;
              let a = v128.load(xp + o);
              let wp = tap + o;
              for (let co = 0; co < outC; co++, wp += rowBytes)
                a = madd(f32x4.splat(load<f32>(dp + ((<usize>co) << 2))), v128.load(wp), a);
              v128.store(xp + o, a);
            }
            for (; ci < inC; ci++) {
              const o = (<usize>ci) << 2;
              let a = load<f32>(xp + o);
              let wp = tap + o;
              for (let co = 0; co < outC; co++, wp += rowBytes) a += load<f32>(dp + ((<usize>co) << 2)) * load<f32>(wp);
              store<f32>(xp + o, a);
            }
          }
        }
      }
}

/** w [taps, inC, outC] → wT [taps, outC, inC]. */
export function transposeFilter(w: usize, wT: usize, taps: i32, inC: i32, outC: i32): void {
  for (let t = 0; t < taps; t++) {
    const src = w + ((<usize>(t * inC * outC)) << 2);
    const dst = wT + ((<usize>(t * inC * outC)) << 2);
    for (let ci = 0; ci < inC; ci++)
      for (let co = 0; co < outC; co++)
        store<f32>(dst + ((<usize>(co * inC + ci)) << 2), load<f32>(src + ((<usize>(ci * outC + co)) << 2)));
  }
}
