// Every kernel that can be split across threads computes the same output when split: each part writes
// a disjoint share and the parts together write all of it, bit for bit what one part writes (the sums
// run in the same order). Parts run one after another here; threads.test.ts runs them on threads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KernelExports, SplitKernel } from '../../src/kernels/exports';
import { Random } from '../../src/core/random';

const bytes = readFileSync(new URL('../../src/kernels/build/kernels-simd.wasm', import.meta.url));
const memory = new WebAssembly.Memory({ initial: 256 });
const k = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })
  .exports as unknown as Record<SplitKernel, (...a: number[]) => void> & KernelExports;
const heap = new Float32Array(memory.buffer);

/** Three random inputs and an output region, byte offsets into the module's memory. */
function regions(sizes: number[], rng: Random): number[] {
  let at = 1024;
  return sizes.map((n, i) => {
    const offset = at;
    // The last region is the output: filled with NaN so that any value a part forgets shows.
    for (let j = 0; j < n; j++) heap[offset / 4 + j] = i === sizes.length - 1 ? NaN : rng.float() * 2 - 1;
    at += Math.ceil((n * 4) / 64) * 64 + 64;
    return offset;
  });
}

function splitMatches(kernel: SplitKernel, sizes: number[], args: (r: number[]) => number[], parts: number) {
  const rng = new Random(parts * 31 + kernel.length);
  const r = regions(sizes, rng);
  const out = r.at(-1)! / 4;
  const n = sizes.at(-1)!;
  k[kernel](...args(r), 0, 1);
  const whole = heap.slice(out, out + n);
  heap.fill(NaN, out, out + n);
  for (let p = 0; p < parts; p++) k[kernel](...args(r), p, parts);
  const split = heap.slice(out, out + n);
  expect(whole.some((v) => Number.isNaN(v))).toBe(false);
  expect(Array.from(split)).toEqual(Array.from(whole));
}

// batch, input h, w, c, output h, w, output channels, filter h, w, strides, pads, dilations
const CONVS: [string, number[]][] = [
  ['3×3 same, 3 → 16 (a first layer)', [3, 9, 9, 3, 9, 9, 16, 3, 3, 1, 1, 1, 1, 1, 1]],
  ['3×3 same, 20 → 12', [5, 7, 6, 20, 7, 6, 12, 3, 3, 1, 1, 1, 1, 1, 1]],
  ['3×3 stride 2 valid, 8 → 9', [2, 9, 9, 8, 4, 4, 9, 3, 3, 2, 2, 0, 0, 1, 1]],
  ['1×1, 13 → 7', [3, 5, 5, 13, 5, 5, 7, 1, 1, 1, 1, 0, 0, 1, 1]],
];

describe('kernels split across parts', () => {
  for (const parts of [2, 3, 7]) {
    for (const [name, g] of CONVS) {
      const [b, ih, iw, ic, oh, ow, oc, kh, kw] = g;
      const x = b * ih * iw * ic;
      const dy = b * oh * ow * oc;
      const w = kh * kw * ic * oc;
      it(`conv filter and input gradients, ${name}, ${parts} parts`, () => {
        splitMatches('conv2dBackpropFilter', [x, dy, w], ([px, pdy, pw]) => [px, pdy, pw, ...g], parts);
        // The input gradient reads the filter transposed ([taps, out, in]): random values serve.
        splitMatches('conv2dBackpropInput', [dy, w, x], ([pdy, pw, px]) => [pdy, pw, px, ...g], parts);
        splitMatches('conv2dBackpropInputNarrow', [dy, w, x], ([pdy, pw, px]) => [pdy, pw, px, ...g], parts);
      });
      it(`the filter gradient split by rows: the parts' copies add up to the whole, ${name}, ${parts} parts`, () => {
        const [px, pdy, pw] = regions([x, dy, w], new Random(parts + ih));
        k.conv2dBackpropFilter(px, pdy, pw, ...g, 0, 1);
        const whole = heap.slice(pw / 4, pw / 4 + w);
        const copies = pw + Math.ceil((w * 4) / 64) * 64 + 64;
        for (let p = 0; p < parts; p++) k.conv2dBackpropFilterRows(px, pdy, copies, ...g, p, parts);
        const sum = new Float64Array(w);
        for (let p = 0; p < parts; p++) for (let i = 0; i < w; i++) sum[i] += heap[copies / 4 + p * w + i];
        const scale = whole.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        expect(scale).toBeGreaterThan(0);
        sum.forEach((v, i) => expect(Math.abs(v - whole[i]) / scale, `${i}`).toBeLessThan(1e-5));
      });
      it(`depthwise convolution and gradients (multiplier 2, and 1 forward), ${name}, ${parts} parts`, () => {
        const d = [b, ih, iw, ic, oh, ow, 2, ...g.slice(7)];
        const dyD = b * oh * ow * ic * 2;
        const wD = kh * kw * ic * 2;
        splitMatches('depthwiseBackpropFilter', [x, dyD, wD], ([px, pdy, pw]) => [px, pdy, pw, ...d], parts);
        splitMatches('depthwiseBackpropInput', [dyD, wD, x], ([pdy, pw, px]) => [pdy, pw, px, ...d], parts);
        splitMatches('depthwiseConv2d', [x, wD, dyD], ([px, pw, po]) => [px, pw, po, ...d], parts);
        const d1 = [b, ih, iw, ic, oh, ow, 1, ...g.slice(7)];
        const [w1, y1] = [kh * kw * ic, b * oh * ow * ic];
        splitMatches('depthwiseConv2d', [x, w1, y1], ([px, pw, po]) => [px, pw, po, ...d1], parts);
      });
    }
    it(`forward convolution (bias, ReLU), ${parts} parts`, () => {
      // batch 3, 9×7×5 → 9×7×16, 3×3 same; then stride 2 valid → 4×3×8
      for (const g of [
        [3, 9, 7, 5, 9, 7, 16, 3, 3, 1, 1, 1, 1, 1, 1],
        [3, 9, 7, 5, 4, 3, 8, 3, 3, 2, 2, 0, 0, 1, 1],
        // wide enough for tiles whose taps all fall inside the row (one run over taps and channels)
        [2, 6, 14, 5, 6, 14, 8, 3, 3, 1, 1, 1, 1, 1, 1],
      ]) {
        const [b, ih, iw, ic, oh, ow, oc] = g;
        const sizes = [b * ih * iw * ic, 9 * ic * oc, oc, b * oh * ow * oc];
        heap.fill(0, 16, 16 + ic); // the zeros read for padding, at byte 64
        splitMatches('conv2d', sizes, ([px, pw, pb, po]) => [px, pw, po, ...g, pb, 1, 64], parts);
        splitMatches('conv2d', sizes, ([px, pw, , po]) => [px, pw, po, ...g, 0, 0, 64], parts);
      }
    });
    it(`max pooling and its gradient, ${parts} parts`, () => {
      // batch 5, 8×8×6 → 4×4 with 2×2 windows; then 9×9×21 → 5×5, 3×3 windows, stride 2, padded
      const g = [5, 8, 8, 6, 4, 4, 2, 2, 2, 2, 0, 0];
      splitMatches('maxPool', [5 * 64 * 6, 5 * 16 * 6], ([px, po]) => [px, po, ...g], parts);
      const p = [2, 9, 9, 21, 5, 5, 3, 3, 2, 2, 1, 1];
      splitMatches('maxPool', [2 * 81 * 21, 2 * 25 * 21], ([px, po]) => [px, po, ...p], parts);
      splitMatches(
        'maxPoolGrad',
        [5 * 16 * 6, 5 * 64 * 6, 5 * 64 * 6],
        ([pdy, px, pdx]) => [pdy, px, pdx, ...g],
        parts,
      );
    });
    it(`sums over rows, row broadcasts, element-wise ops and batch normalisation, ${parts} parts`, () => {
      splitMatches('sumRows', [37 * 23, 23], ([px, po]) => [px, po, 37, 23, 0.5], parts);
      for (const op of [0, 1, 2]) {
        splitMatches('rowBroadcast', [37 * 23, 23, 37 * 23], ([a, row, o]) => [a, row, o, 37, 23, op], parts);
        splitMatches('elementwise', [101, 101, 101], ([a, c, o]) => [a, c, o, 101, op], parts);
        splitMatches('scalarOp', [101, 1, 101], ([a, c, o]) => [a, c, o, 101, op], parts);
      }
      for (const top of [Infinity, 6]) {
        splitMatches('clippedRelu', [101, 101], ([x, o]) => [x, o, 101, top], parts);
        splitMatches('clippedReluGrad', [101, 101, 101], ([dy, x, o]) => [dy, x, o, 101, top], parts);
      }
      // Rows of 37 bytes (vectors, words and single bytes) from rows 53 bytes apart, packed; rows of 300
      // bytes (one memory.copy each) from rows 400 bytes apart.
      splitMatches('copyColumns', [4 * 14, 37], ([src, dst]) => [src, 53, dst, 37, 4, 37], parts);
      splitMatches('copyColumns', [5 * 100, 5 * 75], ([src, dst]) => [src, 400, dst, 300, 5, 300], parts);
      // Without and with the fused ReLU (clipped at 0.5, so that all three sides of the clip occur).
      for (const relu of [0, 1]) {
        const bn = [37 * 23, 23, 23, 23, 37 * 23];
        splitMatches('batchNormRows', bn, ([x, m, a, o, out]) => [x, m, a, o, out, 37, 23, relu, 0.5], parts);
        const grad = [137 * 23, 137 * 23, 23, 23, 23, 23, 23, 137 * 23];
        splitMatches(
          'batchNormGradRows',
          grad,
          ([dy, x, m, a, b, c, o, dx]) => [dy, x, m, a, b, c, o, dx, 137, 23, relu, 0.5],
          parts,
        );
      }
    });
    it(`batch statistics and gradient sums, one set per part, add up to the whole, ${parts} parts`, () => {
      // 137 rows (blocks of 64 and a rest) × 23 channels (two vectors of 8, one of 4, three single).
      const [rows, cols] = [137, 23];
      const [x, dy, mean, a, offset, out] = regions(
        [rows * cols, rows * cols, cols, cols, cols, 2 * cols * parts * 2],
        new Random(parts),
      );
      const sums = (kernel: () => void, count: number) => {
        kernel();
        const all = new Float64Array(memory.buffer, out, count * 2 * cols);
        return Array.from({ length: 2 * cols }, (_, i) => {
          let s = 0;
          for (let p = 0; p < count; p++) s += all[p * 2 * cols + i];
          return s;
        });
      };
      const stats = (part: number, n: number) => () => k.batchNormStats(x, mean, out, rows, cols, part, n);
      // The gradient's sums, plain and gated by a fused ReLU clipped at 0.5.
      const grad = (relu: number) => (part: number, n: number) => () =>
        k.batchNormGradStats(dy, x, mean, a, offset, out, rows, cols, relu, 0.5, part, n);
      const [plain, gated] = [grad(0), grad(1)];
      for (const kernel of [stats, plain, gated]) {
        const whole = sums(kernel(0, 1), 1);
        const split = sums(() => {
          for (let p = 0; p < parts; p++) kernel(p, parts)();
        }, parts);
        split.forEach((v, i) => expect(v).toBeCloseTo(whole[i], 4));
        // Against a plain float64 sum: Σ (x − k) with k = mean, Σ (x − k)², and Σ g, Σ g (x − mean) with
        // g = dy, or dy where 0 < z ≤ 0.5.
        const want = new Float64Array(2 * cols);
        let passed = 0;
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++) {
            const d = heap[x / 4 + r * cols + c] - heap[mean / 4 + c];
            const z = d * heap[a / 4 + c] + heap[offset / 4 + c];
            const open = kernel !== gated || (z > 0 && z <= 0.5);
            passed += open ? 1 : 0;
            const g = kernel === stats ? d : open ? heap[dy / 4 + r * cols + c] : 0;
            want[c] += g;
            want[cols + c] += g * d;
          }
        if (kernel === gated) expect(passed).toBeGreaterThan(rows * cols * 0.1);
        if (kernel === gated) expect(passed).toBeLessThan(rows * cols * 0.9);
        whole.forEach((v, i) => expect(v).toBeCloseTo(want[i], 3));
      }
    });
  }
});
