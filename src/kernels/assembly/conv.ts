// Convolution gradients, NHWC, f32, on the tfjs-wasm heap (pointers are byte offsets into it).
// No static data and no allocation: the module shares tfjs-wasm's memory and owns none of it.
import { first } from './parts';
import { madd } from './simd';

/** Output positions (of one output row) per block: their x and dy rows stay in cache across every tap. */
const BLOCK: i32 = 64;

/**
 * The filter gradient of a 2-D convolution: dw[kh, kw, ci, co] = Σ over batch and output positions of
 * x[b, oy·sH − padT + kh·dH, ox·sW − padL + kw·dW, ci] · dy[b, oy, ox, co] (positions outside x count 0).
 * Blocks of up to 64 positions of one output row; per block and tap, tiles of 4 (or the last 1-3) input × 8 output
 * channels accumulate in registers over the block's positions and add into dw. Split across threads by
 * (tap, group of 4 input channels): each part owns whole rows of dw, but reads all of x and dy.
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
  part: i32,
  parts: i32,
): void {
  const groups = (inC + 3) >> 2;
  const u0 = first(kH * kW * groups, part, parts);
  const u1 = first(kH * kW * groups, part + 1, parts);
  if (u0 >= u1) return;
  // This part's rows of dw are contiguous: from (tap, group) u0 to u1.
  const rowsFrom = (u0 / groups) * inC + min(inC, (u0 % groups) * 4);
  const rowsTo = (u1 / groups) * inC + min(inC, (u1 % groups) * 4);
  memory.fill(dw + ((<usize>(rowsFrom * outC)) << 2), 0, (<usize>((rowsTo - rowsFrom) * outC)) << 2);
  filterRows(x, dy, dw, inH, inW, inC, outH, outW, outC, kH, kW, sH, sW, padT, padL, dH, dW, 0, batch * outH, u0, u1);
}

/**
 * The same filter gradient split by output rows instead: part p adds its rows' share of the whole dw into
 * its own copy at dwParts + p · (size of dw), reading only its rows of dy (and what x they need); the
 * caller adds the copies up (sumRows). For layers whose x and dy are large next to dw, where the split by
 * taps would read them once per part.
 */
export function conv2dBackpropFilterRows(
  x: usize,
  dy: usize,
  dwParts: usize,
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
  part: i32,
  parts: i32,
): void {
  const size = (<usize>(kH * kW * inC * outC)) << 2;
  const dw = dwParts + (<usize>part) * size;
  memory.fill(dw, 0, size);
  const rows = batch * outH;
  const units = kH * kW * ((inC + 3) >> 2);
  filterRows(x, dy, dw, inH, inW, inC, outH, outW, outC, kH, kW, sH, sW, padT, padL, dH, dW, first(rows, part, parts), first(rows, part + 1, parts), 0, units);
}

/** Adds into dw the output rows [r0, r1) (row = b · outH + oy) for the (tap, group of 4 input channels) units [u0, u1). */
@inline
function filterRows(
  x: usize,
  dy: usize,
  dw: usize,
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
  r0: i32,
  r1: i32,
  u0: i32,
  u1: i32,
): void {
  const groups = (inC + 3) >> 2;
  const xStep = (<usize>(sW * inC)) << 2;
  const dyStep = (<usize>outC) << 2;
  for (let row = r0; row < r1; row++) {
    const b = row / outH;
    const oy = row % outH;
    for (let ox0 = 0; ox0 < outW; ox0 += BLOCK) {
      const ox1 = min(outW, ox0 + BLOCK);
      for (let kh = 0; kh < kH; kh++) {
        const iy = oy * sH - padT + kh * dH;
        if (iy < 0 || iy >= inH) continue;
        for (let kw = 0; kw < kW; kw++) {
          const t = kh * kW + kw;
          const ciFrom = max(0, u0 - t * groups) << 2;
          const ciTo = min(inC, (u1 - t * groups) << 2);
          if (ciFrom >= ciTo) continue;
          // The block's positions whose input column lies inside x.
          const off = kw * dW - padL;
          let lo = ox0;
          while (lo < ox1 && lo * sW + off < 0) lo++;
          let hi = ox1;
          while (hi > lo && (hi - 1) * sW + off >= inW) hi--;
          const n = hi - lo;
          if (n <= 0) continue;
          const xRow = x + ((<usize>(((b * inH + iy) * inW + lo * sW + off) * inC)) << 2);
          const dyRow = dy + ((<usize>(((b * outH + oy) * outW + lo) * outC)) << 2);
          const tap = dw + ((<usize>((kh * kW + kw) * inC * outC)) << 2);
          // Groups of 4 input channels, and the last 1-3 (a first layer's 3) as a narrower tile.
          for (let ci = ciFrom; ci < ciTo; ci += 4) {
            const nc = min(4, ciTo - ci);
            const xp = xRow + ((<usize>ci) << 2);
            let co = 0;
            for (; co + 8 <= outC; co += 8) {
              const dp = dyRow + ((<usize>co) << 2);
              const w = tap + ((<usize>(ci * outC + co)) << 2);
              if (nc == 4) tileNx8(4, xp, dp, n, xStep, dyStep, w, dyStep);
              else if (nc == 3) tileNx8(3, xp, dp, n, xStep, dyStep, w, dyStep);
              else if (nc == 2) tileNx8(2, xp, dp, n, xStep, dyStep, w, dyStep);
              else tileNx8(1, xp, dp, n, xStep, dyStep, w, dyStep);
            }
            for (let c = ci; c < ci + nc; c++) rest(xRow + ((<usize>c) << 2), dyRow, n, xStep, dyStep, tap + ((<usize>(c * outC)) << 2), co, outC);
          }
        }
      }
    }
  }
}

/**
 * dw rows ci..ci+nc−1 (nc ≤ 4, a constant where inlined), columns co..co+7 (at `w`, rows `row` bytes
 * apart) += Σ over n positions of x ⊗ dy. Independent accumulators per row keep the multiply-adds in
 * flight; one accumulator per column group would wait on each add's latency.
 */
@inline
function tileNx8(nc: i32, xp: usize, dp: usize, n: i32, xStep: usize, dyStep: usize, w: usize, row: usize): void {
  const zero = f32x4.splat(0);
  let a0 = v128.load(w);
  let a1 = v128.load(w, 16);
  let a2 = nc > 1 ? v128.load(w + row) : zero;
  let a3 = nc > 1 ? v128.load(w + row, 16) : zero;
  let a4 = nc > 2 ? v128.load(w + 2 * row) : zero;
  let a5 = nc > 2 ? v128.load(w + 2 * row, 16) : zero;
  let a6 = nc > 3 ? v128.load(w + 3 * row) : zero;
  let a7 = nc > 3 ? v128.load(w + 3 * row, 16) : zero;
  for (let i = 0; i < n; i++, xp += xStep, dp += dyStep) {
    const d0 = v128.load(dp);
    const d1 = v128.load(dp, 16);
    const x0 = f32x4.splat(load<f32>(xp));
    a0 = madd(x0, d0, a0);
    a1 = madd(x0, d1, a1);
    if (nc > 1) {
      const x1 = f32x4.splat(load<f32>(xp, 4));
      a2 = madd(x1, d0, a2);
      a3 = madd(x1, d1, a3);
    }
    if (nc > 2) {
      const x2 = f32x4.splat(load<f32>(xp, 8));
      a4 = madd(x2, d0, a4);
      a5 = madd(x2, d1, a5);
    }
    if (nc > 3) {
      const x3 = f32x4.splat(load<f32>(xp, 12));
      a6 = madd(x3, d0, a6);
      a7 = madd(x3, d1, a7);
    }
  }
  v128.store(w, a0);
  v128.store(w, a1, 16);
  if (nc > 1) {
    v128.store(w + row, a2);
    v128.store(w + row, a3, 16);
  }
  if (nc > 2) {
    v128.store(w + 2 * row, a4);
    v128.store(w + 2 * row, a5, 16);
  }
  if (nc > 3) {
    v128.store(w + 3 * row, a6);
    v128.store(w + 3 * row, a7, 16);
  }
}

/** One input channel's dw row (at `w`) from column co on: 4 columns at a time, then one at a time. */
function rest(xp0: usize, dp0: usize, n: i32, xStep: usize, dyStep: usize, w: usize, co: i32, outC: i32): void {
  for (; co + 4 <= outC; co += 4) {
    const o = (<usize>co) << 2;
    let a = v128.load(w + o);
    let xp = xp0;
    let dp = dp0 + o;
    for (let i = 0; i < n; i++, xp += xStep, dp += dyStep) a = madd(f32x4.splat(load<f32>(xp)), v128.load(dp), a);
    v128.store(w + o, a);
  }
  for (; co < outC; co++) {
    const o = (<usize>co) << 2;
    let a = load<f32>(w + o);
    let xp = xp0;
    let dp = dp0 + o;
    for (let i = 0; i < n; i++, xp += xStep, dp += dyStep) a += load<f32>(xp) * load<f32>(dp);
    store<f32>(w + o, a);
  }
}

/**
 * The input gradient of a 2-D convolution: dx[b, iy, ix, ci] = Σ over the outputs and taps that read
 * (iy, ix) of w[kh, kw, ci, co] · dy[b, oy, ox, co]. `wT` is the filter transposed to [kh, kw, co, ci]
 * (by transposeFilter) so that input channels are lanes: each output position adds outC rank-1 updates
 * to 16 input channels held in registers. Split across threads by batch item.
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
  part: i32,
  parts: i32,
): void {
  const b0 = first(batch, part, parts);
  const b1 = first(batch, part + 1, parts);
  const image = inH * inW * inC;
  memory.fill(dx + ((<usize>(b0 * image)) << 2), 0, (<usize>((b1 - b0) * image)) << 2);
  const rowBytes = (<usize>inC) << 2;
  for (let b = b0; b < b1; b++)
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

/**
 * The input gradient for few input channels (a first layer on RGB: tfjs computes it though nothing uses
 * it), where input channels as lanes would leave most lanes empty. Gathered per input position: the dy
 * rows of every output that reads it (output channels as lanes) times the filter as it is,
 * [taps, inC, outC], into up to 4 input channels' sums at once. Split across threads by batch item.
 */
export function conv2dBackpropInputNarrow(
  dy: usize,
  w: usize,
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
  part: i32,
  parts: i32,
): void {
  const b0 = first(batch, part, parts);
  const b1 = first(batch, part + 1, parts);
  const row = (<usize>outC) << 2;
  const vec = outC & ~3;
  for (let b = b0; b < b1; b++)
    for (let iy = 0; iy < inH; iy++)
      for (let ix = 0; ix < inW; ix++) {
        const xp = dx + ((<usize>(((b * inH + iy) * inW + ix) * inC)) << 2);
        for (let ci0 = 0; ci0 < inC; ci0 += 4) {
          const nc = min(4, inC - ci0);
          let a0 = f32x4.splat(0);
          let a1 = f32x4.splat(0);
          let a2 = f32x4.splat(0);
          let a3 = f32x4.splat(0);
          let s0: f32 = 0;
          let s1: f32 = 0;
          let s2: f32 = 0;
          let s3: f32 = 0;
          for (let kh = 0; kh < kH; kh++) {
            const ty = iy + padT - kh * dH;
            if (ty < 0 || ty % sH != 0) continue;
            const oy = ty / sH;
            if (oy >= outH) continue;
            for (let kw = 0; kw < kW; kw++) {
              const tx = ix + padL - kw * dW;
              if (tx < 0 || tx % sW != 0) continue;
              const ox = tx / sW;
              if (ox >= outW) continue;
              const dp = dy + ((<usize>(((b * outH + oy) * outW + ox) * outC)) << 2);
              const wp = w + ((<usize>(((kh * kW + kw) * inC + ci0) * outC)) << 2);
              for (let co = 0; co < vec; co += 4) {
                const o = (<usize>co) << 2;
                const d = v128.load(dp + o);
                a0 = madd(d, v128.load(wp + o), a0);
                if (nc > 1) a1 = madd(d, v128.load(wp + row + o), a1);
                if (nc > 2) a2 = madd(d, v128.load(wp + 2 * row + o), a2);
                if (nc > 3) a3 = madd(d, v128.load(wp + 3 * row + o), a3);
              }
              for (let co = vec; co < outC; co++) {
                const o = (<usize>co) << 2;
                const d = load<f32>(dp + o);
                s0 += d * load<f32>(wp + o);
                if (nc > 1) s1 += d * load<f32>(wp + row + o);
                if (nc > 2) s2 += d * load<f32>(wp + 2 * row + o);
                if (nc > 3) s3 += d * load<f32>(wp + 3 * row + o);
              }
            }
          }
          const at = xp + ((<usize>ci0) << 2);
          store<f32>(at, hsum(a0) + s0);
          if (nc > 1) store<f32>(at, hsum(a1) + s1, 4);
          if (nc > 2) store<f32>(at, hsum(a2) + s2, 8);
          if (nc > 3) store<f32>(at, hsum(a3) + s3, 12);
        }
      }
}

@inline
function hsum(a: v128): f32 {
  return f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
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

/**
 * w [kH, kW, inC, outC] → wF [kH, kW, outC, inC] turned by 180° (wF[kh, kw] = w[kH−1−kh, kW−1−kw],
 * transposed): the filter that makes a stride-1 input gradient a forward convolution of dy.
 */
export function flipFilter(w: usize, wF: usize, kH: i32, kW: i32, inC: i32, outC: i32): void {
  const taps = kH * kW;
  for (let t = 0; t < taps; t++) {
    const src = w + ((<usize>((taps - 1 - t) * inC * outC)) << 2);
    const dst = wF + ((<usize>(t * inC * outC)) << 2);
    for (let ci = 0; ci < inC; ci++)
      for (let co = 0; co < outC; co++)
        store<f32>(dst + ((<usize>(co * inC + ci)) << 2), load<f32>(src + ((<usize>(ci * outC + co)) << 2)));
  }
}
