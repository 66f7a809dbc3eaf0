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
