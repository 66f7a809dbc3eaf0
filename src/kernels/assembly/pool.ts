import { first } from './parts';

// Max-pool gradient, NHWC, f32, on the tfjs-wasm heap: each window's gradient goes to the first
// position (row-major) holding the window's maximum, as tfjs-cpu does. Channels are SIMD lanes: one
// pass finds the maxima, a second hands dy to the first position equal to them.

export function maxPoolGrad(
  dy: usize,
  x: usize,
  dx: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  C: i32,
  outH: i32,
  outW: i32,
  fH: i32,
  fW: i32,
  sH: i32,
  sW: i32,
  padT: i32,
  padL: i32,
  part: i32,
  parts: i32,
): void {
  // Split across threads by batch item.
  const b0 = first(batch, part, parts);
  const b1 = first(batch, part + 1, parts);
  const image = inH * inW * C;
  memory.fill(dx + ((<usize>(b0 * image)) << 2), 0, (<usize>((b1 - b0) * image)) << 2);
  for (let b = b0; b < b1; b++)
    for (let oy = 0; oy < outH; oy++) {
      const y0 = max(0, oy * sH - padT);
      const y1 = min(inH, oy * sH - padT + fH);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = max(0, ox * sW - padL);
        const x1 = min(inW, ox * sW - padL + fW);
        const dp = dy + ((<usize>(((b * outH + oy) * outW + ox) * C)) << 2);
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          const o = (<usize>c) << 2;
          let m = f32x4.splat(-Infinity);
          for (let iy = y0; iy < y1; iy++)
            for (let ix = x0; ix < x1; ix++)
              m = f32x4.max(m, v128.load(x + ((<usize>(((b * inH + iy) * inW + ix) * C)) << 2) + o));
          const d = v128.load(dp + o);
          let found = i32x4.splat(0);
          for (let iy = y0; iy < y1; iy++)
            for (let ix = x0; ix < x1; ix++) {
              const at = ((<usize>(((b * inH + iy) * inW + ix) * C)) << 2) + o;
              const take = v128.andnot(f32x4.eq(v128.load(x + at), m), found);
              v128.store(dx + at, f32x4.add(v128.load(dx + at), v128.and(d, take)));
              found = v128.or(found, take);
            }
        }
        for (; c < C; c++) {
          const o = (<usize>c) << 2;
          let m: f32 = -Infinity;
          let best: isize = -1;
          for (let iy = y0; iy < y1; iy++)
            for (let ix = x0; ix < x1; ix++) {
              const at = ((<usize>(((b * inH + iy) * inW + ix) * C)) << 2) + o;
              const v = load<f32>(x + at);
              if (v > m) {
                m = v;
                best = <isize>at;
              }
            }
          if (best >= 0) store<f32>(dx + <usize>best, load<f32>(dx + <usize>best) + load<f32>(dp + o));
        }
      }
    }
}

/**
 * Max pooling, NHWC: out[b, oy, ox, c] = max over the window's positions inside x (padding never wins).
 * Channels are SIMD lanes, 16 at a time. Split across threads by output row.
 */
export function maxPool(
  x: usize,
  out: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  C: i32,
  outH: i32,
  outW: i32,
  fH: i32,
  fW: i32,
  sH: i32,
  sW: i32,
  padT: i32,
  padL: i32,
  part: i32,
  parts: i32,
): void {
  const u1 = first(batch * outH, part + 1, parts);
  const rowBytes = (<usize>(inW * C)) << 2;
  const pixel = (<usize>C) << 2;
  for (let u = first(batch * outH, part, parts); u < u1; u++) {
    const b = u / outH;
    const oy = u % outH;
    const y0 = max(0, oy * sH - padT);
    const y1 = min(inH, oy * sH - padT + fH);
    for (let ox = 0; ox < outW; ox++) {
      const x0 = max(0, ox * sW - padL);
      const x1 = min(inW, ox * sW - padL + fW);
      const corner = x + (<usize>((b * inH + y0) * inW + x0)) * pixel;
      const op = out + (<usize>(u * outW + ox)) * pixel;
      let c = 0;
      for (; c + 16 <= C; c += 16) {
        const o = (<usize>c) << 2;
        let m0 = v128.load(corner + o);
        let m1 = v128.load(corner + o, 16);
        let m2 = v128.load(corner + o, 32);
        let m3 = v128.load(corner + o, 48);
        for (let y = y0, row = corner + o; y < y1; y++, row += rowBytes)
          for (let xx = x0, p = row; xx < x1; xx++, p += pixel) {
            m0 = f32x4.max(m0, v128.load(p));
            m1 = f32x4.max(m1, v128.load(p, 16));
            m2 = f32x4.max(m2, v128.load(p, 32));
            m3 = f32x4.max(m3, v128.load(p, 48));
          }
        v128.store(op + o, m0);
        v128.store(op + o, m1, 16);
        v128.store(op + o, m2, 32);
        v128.store(op + o, m3, 48);
      }
      for (; c + 4 <= C; c += 4) {
        const o = (<usize>c) << 2;
        let m = v128.load(corner + o);
        for (let y = y0, row = corner + o; y < y1; y++, row += rowBytes)
          for (let xx = x0, p = row; xx < x1; xx++, p += pixel) m = f32x4.max(m, v128.load(p));
        v128.store(op + o, m);
      }
      for (; c < C; c++) {
        const o = (<usize>c) << 2;
        let m = load<f32>(corner + o);
        for (let y = y0, row = corner + o; y < y1; y++, row += rowBytes)
          for (let xx = x0, p = row; xx < x1; xx++, p += pixel) m = max(m, load<f32>(p));
        store<f32>(op + o, m);
      }
    }
  }
}
