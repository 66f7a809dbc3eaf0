import { first } from './parts';
import { madd } from './simd';

// BatchNorm's training step over a [rows, cols] block (rows = batch × pixels, cols = channels): the
// batch's per-channel sums (forward) and the sums of the gradient (backward), one pass each, and the
// normalisation and the input gradient in one more each. Split across threads by rows: each part writes
// its own sums, as float64, to out[part · 2 · cols ...] (first the cols plain sums, then the cols second
// sums) and the caller adds the parts. Rows are summed in float32 in blocks of BLOCK rows, the blocks in
// float64.
//
// With `relu` set, a ReLU clipped at `top` (+∞: none) follows in the same passes: the normalisation
// writes min(max(z, 0), top) and the gradient passes dy only where 0 < z ≤ top, z = (x − mean) · a +
// offset recomputed exactly as the forward pass computed it (the same a, the same operations).

const BLOCK = 64;

/** Adds the 4 lanes of `v` to the float64 values at `p`. */
@inline
function addTo(p: usize, v: v128): void {
  v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
  v128.store(p, f64x2.add(v128.load(p, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
}

/** dy where the fused ReLU let z through (0 < z ≤ top), else 0; centred = x − mean. */
@inline
function gate(dy: v128, centred: v128, a: v128, offset: v128, top: v128): v128 {
  const z = madd(centred, a, offset);
  return v128.and(dy, v128.and(f32x4.gt(z, f32x4.splat(0)), f32x4.le(z, top)));
}

@inline
function gateOne(dy: f32, centred: f32, a: f32, offset: f32, top: f32): f32 {
  const z = centred * a + offset;
  return z > 0 && z <= top ? dy : 0;
}

/** Zeroes this part's 2 · cols float64 sums; returns their offset. */
function partSums(out: usize, cols: i32, part: i32): usize {
  const p = out + (<usize>part) * (<usize>cols) * 16;
  memory.fill(p, 0, (<usize>cols) * 16);
  return p;
}

/**
 * Σ (x − k) and Σ (x − k)² per column over this part's rows, with k = shift[c] (a row of x: it keeps the
 * second sum free of cancellation when the mean is large next to the spread).
 */
export function batchNormStats(x: usize, shift: usize, out: usize, rows: i32, cols: i32, part: i32, parts: i32): void {
  const sums = partSums(out, cols, part);
  const squares = sums + ((<usize>cols) << 3);
  const rowBytes = (<usize>cols) << 2;
  const r1 = first(rows, part + 1, parts);
  for (let r0 = first(rows, part, parts); r0 < r1; r0 += BLOCK) {
    const n = min(BLOCK, r1 - r0);
    const base = x + (<usize>r0) * rowBytes;
    let c = 0;
    // Two vectors of columns at a time: four independent sums in flight.
    for (; c + 8 <= cols; c += 8) {
      const o = (<usize>c) << 2;
      const k0 = v128.load(shift + o);
      const k1 = v128.load(shift + o, 16);
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let q0 = f32x4.splat(0);
      let q1 = f32x4.splat(0);
      let p = base + o;
      for (let r = 0; r < n; r++, p += rowBytes) {
        const d0 = f32x4.sub(v128.load(p), k0);
        const d1 = f32x4.sub(v128.load(p, 16), k1);
        s0 = f32x4.add(s0, d0);
        s1 = f32x4.add(s1, d1);
        q0 = madd(d0, d0, q0);
        q1 = madd(d1, d1, q1);
      }
      addTo(sums + ((<usize>c) << 3), s0);
      addTo(sums + ((<usize>c + 4) << 3), s1);
      addTo(squares + ((<usize>c) << 3), q0);
      addTo(squares + ((<usize>c + 4) << 3), q1);
    }
    for (; c + 4 <= cols; c += 4) {
      const o = (<usize>c) << 2;
      const k = v128.load(shift + o);
      let s = f32x4.splat(0);
      let q = f32x4.splat(0);
      let p = base + o;
      for (let r = 0; r < n; r++, p += rowBytes) {
        const d = f32x4.sub(v128.load(p), k);
        s = f32x4.add(s, d);
        q = madd(d, d, q);
      }
      addTo(sums + ((<usize>c) << 3), s);
      addTo(squares + ((<usize>c) << 3), q);
    }
    for (; c < cols; c++) {
      const o = (<usize>c) << 2;
      const k = load<f32>(shift + o);
      let s: f32 = 0;
      let q: f32 = 0;
      let p = base + o;
      for (let r = 0; r < n; r++, p += rowBytes) {
        const d = load<f32>(p) - k;
        s += d;
        q += d * d;
      }
      store<f64>(sums + ((<usize>c) << 3), load<f64>(sums + ((<usize>c) << 3)) + <f64>s);
      store<f64>(squares + ((<usize>c) << 3), load<f64>(squares + ((<usize>c) << 3)) + <f64>q);
    }
  }
}

/**
 * Σ g and Σ g · (x − mean) per column over this part's rows: the offset's and (over σ) the scale's
 * gradient, with g = dy, or dy gated by the fused ReLU (then a and offset are read).
 */
export function batchNormGradStats(dy: usize, x: usize, mean: usize, a: usize, offset: usize, out: usize, rows: i32, cols: i32, relu: i32, top: f32, part: i32, parts: i32): void {
  // Two copies of the loops, each with `gated` a constant once inlined.
  if (relu) gradStats(true, dy, x, mean, a, offset, out, rows, cols, top, part, parts);
  else gradStats(false, dy, x, mean, a, offset, out, rows, cols, top, part, parts);
}

@inline
function gradStats(gated: bool, dy: usize, x: usize, mean: usize, a: usize, offset: usize, out: usize, rows: i32, cols: i32, top: f32, part: i32, parts: i32): void {
  const sums = partSums(out, cols, part);
  const products = sums + ((<usize>cols) << 3);
  const rowBytes = (<usize>cols) << 2;
  const t = f32x4.splat(top);
  const r1 = first(rows, part + 1, parts);
  for (let r0 = first(rows, part, parts); r0 < r1; r0 += BLOCK) {
    const n = min(BLOCK, r1 - r0);
    const skip = (<usize>r0) * rowBytes;
    let c = 0;
    for (; c + 8 <= cols; c += 8) {
      const o = (<usize>c) << 2;
      const m0 = v128.load(mean + o);
      const m1 = v128.load(mean + o, 16);
      const a0 = v128.load(a + o);
      const a1 = v128.load(a + o, 16);
      const b0 = v128.load(offset + o);
      const b1 = v128.load(offset + o, 16);
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let q0 = f32x4.splat(0);
      let q1 = f32x4.splat(0);
      let pd = dy + skip + o;
      let px = x + skip + o;
      for (let r = 0; r < n; r++, pd += rowBytes, px += rowBytes) {
        const d0 = f32x4.sub(v128.load(px), m0);
        const d1 = f32x4.sub(v128.load(px, 16), m1);
        let g0 = v128.load(pd);
        let g1 = v128.load(pd, 16);
        if (gated) {
          g0 = gate(g0, d0, a0, b0, t);
          g1 = gate(g1, d1, a1, b1, t);
        }
        s0 = f32x4.add(s0, g0);
        s1 = f32x4.add(s1, g1);
        q0 = madd(g0, d0, q0);
        q1 = madd(g1, d1, q1);
      }
      addTo(sums + ((<usize>c) << 3), s0);
      addTo(sums + ((<usize>c + 4) << 3), s1);
      addTo(products + ((<usize>c) << 3), q0);
      addTo(products + ((<usize>c + 4) << 3), q1);
    }
    for (; c + 4 <= cols; c += 4) {
      const o = (<usize>c) << 2;
      const m = v128.load(mean + o);
      const av = v128.load(a + o);
      const bv = v128.load(offset + o);
      let s = f32x4.splat(0);
      let q = f32x4.splat(0);
      let pd = dy + skip + o;
      let px = x + skip + o;
      for (let r = 0; r < n; r++, pd += rowBytes, px += rowBytes) {
        const d = f32x4.sub(v128.load(px), m);
        let g = v128.load(pd);
        if (gated) g = gate(g, d, av, bv, t);
        s = f32x4.add(s, g);
        q = madd(g, d, q);
      }
      addTo(sums + ((<usize>c) << 3), s);
      addTo(products + ((<usize>c) << 3), q);
    }
    for (; c < cols; c++) {
      const o = (<usize>c) << 2;
      const m = load<f32>(mean + o);
      let s: f32 = 0;
      let q: f32 = 0;
      let pd = dy + skip + o;
      let px = x + skip + o;
      for (let r = 0; r < n; r++, pd += rowBytes, px += rowBytes) {
        const d = load<f32>(px) - m;
        let g = load<f32>(pd);
        if (gated) g = gateOne(g, d, load<f32>(a + o), load<f32>(offset + o), top);
        s += g;
        q += g * d;
      }
      store<f64>(sums + ((<usize>c) << 3), load<f64>(sums + ((<usize>c) << 3)) + <f64>s);
      store<f64>(products + ((<usize>c) << 3), load<f64>(products + ((<usize>c) << 3)) + <f64>q);
    }
  }
}

/**
 * Batch normalisation of a [rows, cols] block with per-column statistics: z = (x − mean) · a + offset,
 * a = scale / √(variance + ε) computed by the caller; out = z, or min(max(z, 0), top) with the fused ReLU.
 * Split across threads by rows.
 */
export function batchNormRows(x: usize, mean: usize, a: usize, offset: usize, out: usize, rows: i32, cols: i32, relu: i32, top: f32, part: i32, parts: i32): void {
  if (relu) normalise(true, x, mean, a, offset, out, rows, cols, top, part, parts);
  else normalise(false, x, mean, a, offset, out, rows, cols, top, part, parts);
}

@inline
function normalise(clip: bool, x: usize, mean: usize, a: usize, offset: usize, out: usize, rows: i32, cols: i32, top: f32, part: i32, parts: i32): void {
  const rowBytes = (<usize>cols) << 2;
  const zero = f32x4.splat(0);
  const t = f32x4.splat(top);
  const r1 = first(rows, part + 1, parts);
  for (let r = first(rows, part, parts); r < r1; r++) {
    const px = x + (<usize>r) * rowBytes;
    const po = out + (<usize>r) * rowBytes;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = (<usize>c) << 2;
      let z = madd(f32x4.sub(v128.load(px + o), v128.load(mean + o)), v128.load(a + o), v128.load(offset + o));
      if (clip) z = f32x4.min(f32x4.max(z, zero), t);
      v128.store(po + o, z);
    }
    for (; c < cols; c++) {
      const o = (<usize>c) << 2;
      let z = (load<f32>(px + o) - load<f32>(mean + o)) * load<f32>(a + o) + load<f32>(offset + o);
      if (clip) z = min(max(z, 0), top);
      store<f32>(po + o, z);
    }
  }
}

/**
 * dx = a · g + b · (x − mean) + c, per column a, b, c (the caller folds the sums into them), g = dy or,
 * with the fused ReLU, dy gated as in batchNormGradStats (a is then also the forward pass's a). Split by rows.
 */
export function batchNormGradRows(dy: usize, x: usize, mean: usize, a: usize, b: usize, c: usize, offset: usize, dx: usize, rows: i32, cols: i32, relu: i32, top: f32, part: i32, parts: i32): void {
  if (relu) gradRows(true, dy, x, mean, a, b, c, offset, dx, rows, cols, top, part, parts);
  else gradRows(false, dy, x, mean, a, b, c, offset, dx, rows, cols, top, part, parts);
}

@inline
function gradRows(gated: bool, dy: usize, x: usize, mean: usize, a: usize, b: usize, c: usize, offset: usize, dx: usize, rows: i32, cols: i32, top: f32, part: i32, parts: i32): void {
  const rowBytes = (<usize>cols) << 2;
  const t = f32x4.splat(top);
  const r1 = first(rows, part + 1, parts);
  for (let r = first(rows, part, parts); r < r1; r++) {
    const skip = (<usize>r) * rowBytes;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (<usize>j) << 2;
      const centred = f32x4.sub(v128.load(x + skip + o), v128.load(mean + o));
      const av = v128.load(a + o);
      let g = v128.load(dy + skip + o);
      if (gated) g = gate(g, centred, av, v128.load(offset + o), t);
      v128.store(dx + skip + o, madd(centred, v128.load(b + o), madd(g, av, v128.load(c + o))));
    }
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      const centred = load<f32>(x + skip + o) - load<f32>(mean + o);
      let g = load<f32>(dy + skip + o);
      if (gated) g = gateOne(g, centred, load<f32>(a + o), load<f32>(offset + o), top);
      store<f32>(dx + skip + o, g * load<f32>(a + o) + centred * load<f32>(b + o) + load<f32>(c + o));
    }
  }
}
