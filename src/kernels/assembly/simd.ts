// The one place that chooses fused multiply-add: relaxed SIMD's f32x4.relaxed_madd where the build
// enables it (one instruction on x86 with FMA), else a multiply and an add. Chosen at compile time:
// the studio builds both variants and loads the one the browser validates.

/** a · b + c, lane-wise. */
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
