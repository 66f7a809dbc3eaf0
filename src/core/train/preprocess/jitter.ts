// Colour jitter: brightness, contrast and saturation, on the resized image before it is normalised.

// ITU-R 601 luma, as torchvision's rgb_to_grayscale.
const LUMA_R = 0.2989;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

const clamp255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * torchvision's adjust_brightness, adjust_contrast and adjust_saturation in that order, on the first n
 * values of `v` (0..255 units, clamped after each step), in two passes: brightness while summing
 * the luma contrast blends with, then contrast and saturation per pixel. A factor of 1 changes nothing.
 * Without 3 channels contrast uses the mean of all values and saturation does nothing (gray has none).
 */
export function jitter(
  v: Float64Array,
  n: number,
  channels: number,
  brightness: number,
  contrast: number,
  saturation: number,
): void {
  const rgb = channels === 3;
  let sum = 0;
  if (rgb)
    for (let i = 0; i < n; i += 3) {
      const r = (v[i] = Math.min(255, v[i] * brightness));
      const g = (v[i + 1] = Math.min(255, v[i + 1] * brightness));
      const b = (v[i + 2] = Math.min(255, v[i + 2] * brightness));
      sum += LUMA_R * r + LUMA_G * g + LUMA_B * b;
    }
  else for (let i = 0; i < n; i++) sum += v[i] = Math.min(255, v[i] * brightness);
  if (contrast === 1 && saturation === 1) return;

  const add = (1 - contrast) * (rgb ? sum / (n / 3) : sum / n);
  if (!rgb) {
    for (let i = 0; i < n; i++) v[i] = clamp255(contrast * v[i] + add);
    return;
  }
  const keep = 1 - saturation;
  for (let i = 0; i < n; i += 3) {
    const r = clamp255(contrast * v[i] + add);
    const g = clamp255(contrast * v[i + 1] + add);
    const b = clamp255(contrast * v[i + 2] + add);
    const gray = keep * (LUMA_R * r + LUMA_G * g + LUMA_B * b);
    v[i] = clamp255(saturation * r + gray);
    v[i + 1] = clamp255(saturation * g + gray);
    v[i + 2] = clamp255(saturation * b + gray);
  }
}
