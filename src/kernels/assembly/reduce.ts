import { first } from './parts';

// Reductions and broadcasts of a [rows, cols] row-major block: what BatchNorm's training step is made
// of in tfjs (per-channel sums over batch and pixels, per-channel scales). Columns are SIMD lanes.

/** out[c] = scale · Σ_r x[r, c]. Split across threads by groups of 4 columns. */
export function sumRows(x: usize, out: usize, rows: i32, cols: i32, scale: f32, part: i32, parts: i32): void {
  const groups = (cols + 3) >> 2;
  let c = first(groups, part, parts) << 2;
  const end = min(cols, first(groups, part + 1, parts) << 2);
  const rowBytes = (<usize>cols) << 2;
  // 16 columns at a time in registers over all rows, then 4, then one.
  for (; c + 16 <= end; c += 16) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    let p = x + ((<usize>c) << 2);
    for (let r = 0; r < rows; r++, p += rowBytes) {
      a0 = f32x4.add(a0, v128.load(p));
      a1 = f32x4.add(a1, v128.load(p, 16));
      a2 = f32x4.add(a2, v128.load(p, 32));
      a3 = f32x4.add(a3, v128.load(p, 48));
    }
    const s = f32x4.splat(scale);
    const o = out + ((<usize>c) << 2);
    v128.store(o, f32x4.mul(a0, s));
    v128.store(o, f32x4.mul(a1, s), 16);
    v128.store(o, f32x4.mul(a2, s), 32);
    v128.store(o, f32x4.mul(a3, s), 48);
  }
  for (; c + 4 <= end; c += 4) {
    let a = f32x4.splat(0);
    let p = x + ((<usize>c) << 2);
    for (let r = 0; r < rows; r++, p += rowBytes) a = f32x4.add(a, v128.load(p));
    v128.store(out + ((<usize>c) << 2), f32x4.mul(a, f32x4.splat(scale)));
  }
  for (; c < end; c++) {
    let a: f32 = 0;
    let p = x + ((<usize>c) << 2);
    for (let r = 0; r < rows; r++, p += rowBytes) a += load<f32>(p);
    store<f32>(out + ((<usize>c) << 2), a * scale);
  }
}

/**
 * out[r, c] = a[r, c] · b[c] (op 0), + b[c] (op 1), − b[c] (op 2); b one row broadcast over all rows.
 * Split across threads by rows.
 */
export function rowBroadcast(a: usize, b: usize, out: usize, rows: i32, cols: i32, op: i32, part: i32, parts: i32): void {
  const rowBytes = (<usize>cols) << 2;
  const r1 = first(rows, part + 1, parts);
  for (let r = first(rows, part, parts); r < r1; r++) {
    const pa = a + (<usize>r) * rowBytes;
    const po = out + (<usize>r) * rowBytes;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = (<usize>c) << 2;
      const x = v128.load(pa + o);
      const y = v128.load(b + o);
      v128.store(po + o, op == 0 ? f32x4.mul(x, y) : op == 1 ? f32x4.add(x, y) : f32x4.sub(x, y));
    }
    for (; c < cols; c++) {
      const o = (<usize>c) << 2;
      const x = load<f32>(pa + o);
      const y = load<f32>(b + o);
      store<f32>(po + o, op == 0 ? x * y : op == 1 ? x + y : x - y);
    }
  }
}

/** out[i] = a[i] · b[i] (op 0), + (op 1), − (op 2), for n values. Split across threads by groups of 4. */
export function elementwise(a: usize, b: usize, out: usize, n: i32, op: i32, part: i32, parts: i32): void {
  const groups = (n + 3) >> 2;
  let i = first(groups, part, parts) << 2;
  const end = min(n, first(groups, part + 1, parts) << 2);
  for (; i + 4 <= end; i += 4) {
    const o = (<usize>i) << 2;
    const x = v128.load(a + o);
    const y = v128.load(b + o);
    v128.store(out + o, op == 0 ? f32x4.mul(x, y) : op == 1 ? f32x4.add(x, y) : f32x4.sub(x, y));
  }
  for (; i < end; i++) {
    const o = (<usize>i) << 2;
    const x = load<f32>(a + o);
    const y = load<f32>(b + o);
    store<f32>(out + o, op == 0 ? x * y : op == 1 ? x + y : x - y);
  }
}

/** out[i] = a[i] · s (op 0), + s (op 1), − s (op 2), with s = b[0], for n values. Split by groups of 4. */
export function scalarOp(a: usize, b: usize, out: usize, n: i32, op: i32, part: i32, parts: i32): void {
  const groups = (n + 3) >> 2;
  let i = first(groups, part, parts) << 2;
  const end = min(n, first(groups, part + 1, parts) << 2);
  const s = load<f32>(b);
  const y = f32x4.splat(s);
  for (; i + 4 <= end; i += 4) {
    const o = (<usize>i) << 2;
    const x = v128.load(a + o);
    v128.store(out + o, op == 0 ? f32x4.mul(x, y) : op == 1 ? f32x4.add(x, y) : f32x4.sub(x, y));
  }
  for (; i < end; i++) {
    const o = (<usize>i) << 2;
    const x = load<f32>(a + o);
    store<f32>(out + o, op == 0 ? x * s : op == 1 ? x + s : x - s);
  }
}

/** out = min(max(x, 0), top) for n values: ReLU, or ReLU6 with top 6 (top +∞: none). Split by groups of 4. */
export function clippedRelu(x: usize, out: usize, n: i32, top: f32, part: i32, parts: i32): void {
  const groups = (n + 3) >> 2;
  let i = first(groups, part, parts) << 2;
  const end = min(n, first(groups, part + 1, parts) << 2);
  const zero = f32x4.splat(0);
  const t = f32x4.splat(top);
  for (; i + 4 <= end; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, f32x4.min(f32x4.max(v128.load(x + o), zero), t));
  }
  for (; i < end; i++) {
    const o = (<usize>i) << 2;
    store<f32>(out + o, min(max(load<f32>(x + o), 0), top));
  }
}

/**
 * Its gradient: dx = dy where 0 < x ≤ top, else 0 (tfjs's: ReLU passes x > 0, the clip 0 ≤ ReLU(x) ≤ top).
 * Split by groups of 4.
 */
export function clippedReluGrad(dy: usize, x: usize, dx: usize, n: i32, top: f32, part: i32, parts: i32): void {
  const groups = (n + 3) >> 2;
  let i = first(groups, part, parts) << 2;
  const end = min(n, first(groups, part + 1, parts) << 2);
  const zero = f32x4.splat(0);
  const t = f32x4.splat(top);
  for (; i + 4 <= end; i += 4) {
    const o = (<usize>i) << 2;
    const v = v128.load(x + o);
    const pass = v128.and(f32x4.gt(v, zero), f32x4.le(v, t));
    v128.store(dx + o, v128.and(v128.load(dy + o), pass));
  }
  for (; i < end; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(x + o);
    store<f32>(dx + o, v > 0 && v <= top ? load<f32>(dy + o) : 0);
  }
}
