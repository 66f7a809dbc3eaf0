// Depthwise convolution gradients, NHWC, f32, on the tfjs-wasm heap: output channel ci·mult + m reads
// input channel ci. With mult 1 (MobileNetV2's) both gradients are lane-wise over channels.
import { first } from './parts';
import { madd } from './simd';

let batch_: i32 = 0;
let inH_: i32 = 0;
let inW_: i32 = 0;
let inC_: i32 = 0;
let outH_: i32 = 0;
let outW_: i32 = 0;
let mult_: i32 = 1;
let sH_: i32 = 1;
let sW_: i32 = 1;
let padT_: i32 = 0;
let padL_: i32 = 0;

function setGeometry(
  batch: i32,
  inH: i32,
  inW: i32,
  inC: i32,
  outH: i32,
  outW: i32,
  mult: i32,
  sH: i32,
  sW: i32,
  padT: i32,
  padL: i32,
): void {
  batch_ = batch;
  inH_ = inH;
  inW_ = inW;
  inC_ = inC;
  outH_ = outH;
  outW_ = outW;
  mult_ = mult;
  sH_ = sH;
  sW_ = sW;
  padT_ = padT;
  padL_ = padL;
}

@inline
function xAt(x: usize, b: i32, iy: i32, ix: i32): usize {
  return x + ((<usize>(((b * inH_ + iy) * inW_ + ix) * inC_)) << 2);
}

@inline
function dyAt(dy: usize, b: i32, oy: i32, ox: i32): usize {
  return dy + ((<usize>(((b * outH_ + oy) * outW_ + ox) * inC_ * mult_)) << 2);
}

/** dw[kh, kw, ci, m] = Σ over batch and output positions of x[.., ci] · dy[.., ci·mult + m]. */
export function depthwiseBackpropFilter(
  x: usize,
  dy: usize,
  dw: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  inC: i32,
  outH: i32,
  outW: i32,
  mult: i32,
  kH: i32,
  kW: i32,
  sH: i32,
  sW: i32,
  padT: i32,
  padL: i32,
  dH: i32,
  dW: i32,
  part: i32,
  parts: i32,
): void {
  setGeometry(batch, inH, inW, inC, outH, outW, mult, sH, sW, padT, padL);
  const C = inC * mult;
  // Split across threads by tap.
  const t0 = first(kH * kW, part, parts);
  const t1 = first(kH * kW, part + 1, parts);
  memory.fill(dw + ((<usize>(t0 * C)) << 2), 0, (<usize>((t1 - t0) * C)) << 2);
  for (let t = t0; t < t1; t++) {
    const kh = t / kW;
    const kw = t % kW;
    const tap = dw + ((<usize>((kh * kW + kw) * C)) << 2);
    for (let b = 0; b < batch; b++)
      for (let oy = 0; oy < outH; oy++) {
        const iy = oy * sH - padT + kh * dH;
        if (iy < 0 || iy >= inH) continue;
        for (let ox = 0; ox < outW; ox++) {
          const ix = ox * sW - padL + kw * dW;
          if (ix < 0 || ix >= inW) continue;
          const xp = xAt(x, b, iy, ix);
          const dp = dyAt(dy, b, oy, ox);
          if (mult == 1) {
            let c = 0;
            for (; c + 4 <= inC; c += 4) {
              const o = (<usize>c) << 2;
              v128.store(tap + o, madd(v128.load(xp + o), v128.load(dp + o), v128.load(tap + o)));
            }
            for (; c < inC; c++) {
              const o = (<usize>c) << 2;
              store<f32>(tap + o, load<f32>(tap + o) + load<f32>(xp + o) * load<f32>(dp + o));
            }
          } else {
            for (let ci = 0; ci < inC; ci++) {
              const xv = load<f32>(xp + ((<usize>ci) << 2));
              for (let m = 0; m < mult; m++) {
                const o = (<usize>(ci * mult + m)) << 2;
                store<f32>(tap + o, load<f32>(tap + o) + xv * load<f32>(dp + o));
              }
            }
          }
        }
      }
    }
}

/** dx[b, iy, ix, ci] = Σ over the taps and outputs that read it of w[kh, kw, ci, m] · dy[.., ci·mult + m]. */
export function depthwiseBackpropInput(
  dy: usize,
  w: usize,
  dx: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  inC: i32,
  outH: i32,
  outW: i32,
  mult: i32,
  kH: i32,
  kW: i32,
  sH: i32,
  sW: i32,
  padT: i32,
  padL: i32,
  dH: i32,
  dW: i32,
  part: i32,
  parts: i32,
): void {
  setGeometry(batch, inH, inW, inC, outH, outW, mult, sH, sW, padT, padL);
  const C = inC * mult;
  // Split across threads by batch item.
  const b0 = first(batch, part, parts);
  const b1 = first(batch, part + 1, parts);
  const image = inH * inW * inC;
  memory.fill(dx + ((<usize>(b0 * image)) << 2), 0, (<usize>((b1 - b0) * image)) << 2);
  for (let b = b0; b < b1; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++) {
        const dp = dyAt(dy, b, oy, ox);
        for (let kh = 0; kh < kH; kh++) {
          const iy = oy * sH - padT + kh * dH;
          if (iy < 0 || iy >= inH) continue;
          for (let kw = 0; kw < kW; kw++) {
            const ix = ox * sW - padL + kw * dW;
            if (ix < 0 || ix >= inW) continue;
            const xp = xAt(dx, b, iy, ix);
            const tap = w + ((<usize>((kh * kW + kw) * C)) << 2);
            if (mult == 1) {
              let c = 0;
              for (; c + 4 <= inC; c += 4) {
                const o = (<usize>c) << 2;
                v128.store(xp + o, madd(v128.load(tap + o), v128.load(dp + o), v128.load(xp + o)));
              }
              for (; c < inC; c++) {
                const o = (<usize>c) << 2;
                store<f32>(xp + o, load<f32>(xp + o) + load<f32>(tap + o) * load<f32>(dp + o));
              }
            } else {
              for (let ci = 0; ci < inC; ci++) {
                let s: f32 = 0;
                for (let m = 0; m < mult; m++) {
                  const o = (<usize>(ci * mult + m)) << 2;
                  s += load<f32>(tap + o) * load<f32>(dp + o);
                }
                const o = (<usize>ci) << 2;
                store<f32>(xp + o, load<f32>(xp + o) + s);
              }
            }
          }
        }
      }
}

/**
 * The forward depthwise convolution: out[b, oy, ox, ci·mult + m] = Σ over taps of x[b, iy, ix, ci] ·
 * w[kh, kw, ci, m]. With mult 1, channels are the lanes, 16 at a time; taps in the padding are skipped.
 * Split across threads by output row.
 */
export function depthwiseConv2d(
  x: usize,
  w: usize,
  out: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  inC: i32,
  outH: i32,
  outW: i32,
  mult: i32,
  kH: i32,
  kW: i32,
  sH: i32,
  sW: i32,
  padT: i32,
  padL: i32,
  dH: i32,
  dW: i32,
  part: i32,
  parts: i32,
): void {
  setGeometry(batch, inH, inW, inC, outH, outW, mult, sH, sW, padT, padL);
  const C = inC * mult;
  const u1 = first(batch * outH, part + 1, parts);
  for (let u = first(batch * outH, part, parts); u < u1; u++) {
    const b = u / outH;
    const oy = u % outH;
    const iy0 = oy * sH - padT;
    const rowsInside = kH == 3 && kW == 3 && mult == 1 && iy0 >= 0 && iy0 + 2 * dH < inH;
    for (let ox = 0; ox < outW; ox++) {
      const op = dyAt(out, b, oy, ox);
      const ix0 = ox * sW - padL;
      if (rowsInside && ix0 >= 0 && ix0 + 2 * dW < inW) {
        inside3x3(xAt(x, b, iy0, ix0), w, op, inC, (<usize>(dH * inW * inC)) << 2, (<usize>(dW * inC)) << 2);
        continue;
      }
      if (mult == 1) {
        let c = 0;
        for (; c + 16 <= inC; c += 16) {
          const o = (<usize>c) << 2;
          let a0 = f32x4.splat(0);
          let a1 = f32x4.splat(0);
          let a2 = f32x4.splat(0);
          let a3 = f32x4.splat(0);
          for (let kh = 0; kh < kH; kh++) {
            const iy = oy * sH - padT + kh * dH;
            if (iy < 0 || iy >= inH) continue;
            for (let kw = 0; kw < kW; kw++) {
              const ix = ox * sW - padL + kw * dW;
              if (ix < 0 || ix >= inW) continue;
              const xp = xAt(x, b, iy, ix) + o;
              const wp = w + ((<usize>((kh * kW + kw) * C)) << 2) + o;
              a0 = madd(v128.load(xp), v128.load(wp), a0);
              a1 = madd(v128.load(xp, 16), v128.load(wp, 16), a1);
              a2 = madd(v128.load(xp, 32), v128.load(wp, 32), a2);
              a3 = madd(v128.load(xp, 48), v128.load(wp, 48), a3);
            }
          }
          v128.store(op + o, a0);
          v128.store(op + o, a1, 16);
          v128.store(op + o, a2, 32);
          v128.store(op + o, a3, 48);
        }
        for (; c + 4 <= inC; c += 4) {
          const o = (<usize>c) << 2;
          let a = f32x4.splat(0);
          for (let kh = 0; kh < kH; kh++) {
            const iy = oy * sH - padT + kh * dH;
            if (iy < 0 || iy >= inH) continue;
            for (let kw = 0; kw < kW; kw++) {
              const ix = ox * sW - padL + kw * dW;
              if (ix < 0 || ix >= inW) continue;
              a = madd(v128.load(xAt(x, b, iy, ix) + o), v128.load(w + ((<usize>((kh * kW + kw) * C)) << 2) + o), a);
            }
          }
          v128.store(op + o, a);
        }
        for (; c < inC; c++) store<f32>(op + ((<usize>c) << 2), tapSum(x, w, b, oy, ox, c, 0, kH, kW, dH, dW));
      } else {
        for (let ci = 0; ci < inC; ci++)
          for (let m = 0; m < mult; m++) store<f32>(op + ((<usize>(ci * mult + m)) << 2), tapSum(x, w, b, oy, ox, ci, m, kH, kW, dH, dW));
      }
    }
  }
}

/** One output value of the depthwise convolution: input channel ci, multiplier m, over the taps inside x. */
function tapSum(x: usize, w: usize, b: i32, oy: i32, ox: i32, ci: i32, m: i32, kH: i32, kW: i32, dH: i32, dW: i32): f32 {
  let s: f32 = 0;
  for (let kh = 0; kh < kH; kh++) {
    const iy = oy * sH_ - padT_ + kh * dH;
    if (iy < 0 || iy >= inH_) continue;
    for (let kw = 0; kw < kW; kw++) {
      const ix = ox * sW_ - padL_ + kw * dW;
      if (ix < 0 || ix >= inW_) continue;
      s += load<f32>(xAt(x, b, iy, ix) + ((<usize>ci) << 2)) * load<f32>(w + ((<usize>(((kh * kW + kw) * inC_ + ci) * mult_ + m)) << 2));
    }
  }
  return s;
}

/**
 * A 3×3 window wholly inside x, multiplier 1: the nine taps at fixed steps from `xp` (row step `dy`,
 * column step `dx`, in bytes), 8 channels at a time with the tap addresses computed once per position.
 */
function inside3x3(xp: usize, w: usize, op: usize, C: i32, dy: usize, dx: usize): void {
  const tap = (<usize>C) << 2;
  let c = 0;
  for (; c + 8 <= C; c += 8) {
    const o = (<usize>c) << 2;
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let r = xp + o;
    let wp = w + o;
    for (let kh = 0; kh < 3; kh++, r += dy) {
      a0 = madd(v128.load(r), v128.load(wp), a0);
      a1 = madd(v128.load(r, 16), v128.load(wp, 16), a1);
      wp += tap;
      a0 = madd(v128.load(r + dx), v128.load(wp), a0);
      a1 = madd(v128.load(r + dx, 16), v128.load(wp, 16), a1);
      wp += tap;
      a0 = madd(v128.load(r + 2 * dx), v128.load(wp), a0);
      a1 = madd(v128.load(r + 2 * dx, 16), v128.load(wp, 16), a1);
      wp += tap;
    }
    v128.store(op + o, a0);
    v128.store(op + o, a1, 16);
  }
  for (; c + 4 <= C; c += 4) {
    const o = (<usize>c) << 2;
    let a = f32x4.splat(0);
    let r = xp + o;
    let wp = w + o;
    for (let kh = 0; kh < 3; kh++, r += dy) {
      a = madd(v128.load(r), v128.load(wp), a);
      a = madd(v128.load(r + dx), v128.load(wp + tap), a);
      a = madd(v128.load(r + 2 * dx), v128.load(wp + 2 * tap), a);
      wp += 3 * tap;
    }
    v128.store(op + o, a);
  }
  for (; c < C; c++) {
    const o = (<usize>c) << 2;
    let a: f32 = 0;
    let r = xp + o;
    let wp = w + o;
    for (let kh = 0; kh < 3; kh++, r += dy) {
      a += load<f32>(r) * load<f32>(wp) + load<f32>(r + dx) * load<f32>(wp + tap) + load<f32>(r + 2 * dx) * load<f32>(wp + 2 * tap);
      wp += 3 * tap;
    }
    store<f32>(op + o, a);
  }
}
