// Attribution values (0..1) as an RGBA overlay: a blue → cyan → yellow → red ramp, transparent where
// the value is low, so the image stays readable under weak evidence.

const STOPS: [number, [number, number, number]][] = [
  [0, [48, 18, 160]],
  [0.35, [30, 160, 230]],
  [0.65, [250, 220, 40]],
  [1, [220, 30, 20]],
];

export function heatColor(v: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, v));
  for (let s = 1; s < STOPS.length; s++) {
    const [b, cb] = STOPS[s];
    const [a, ca] = STOPS[s - 1];
    if (x <= b) {
      const t = (x - a) / (b - a);
      return [0, 1, 2].map((k) => Math.round(ca[k] + t * (cb[k] - ca[k]))) as [number, number, number];
    }
  }
  return STOPS[STOPS.length - 1][1];
}

/** RGBA pixels of the overlay; alpha grows with the value, scaled by opacity (0..1). */
export function heatPixels(values: Float32Array, opacity: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = heatColor(values[i]);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = Math.round(255 * opacity * Math.min(1, 0.15 + values[i]));
  }
  return out;
}
