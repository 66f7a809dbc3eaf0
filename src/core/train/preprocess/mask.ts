// A label map prepared like its image: the same crop box, resized by nearest neighbour (labels must not
// blend), then the same flips and turns. Sampling at pixel centres, (x + 0.5) · w / size, keeps it
// aligned with the image's bilinear resize.
import { targetPixel } from './write';
import type { Geometry } from './types';

/**
 * Writes size × size labels of `mask` (width × height, one label per pixel) to out[offset...], following
 * `g` (what prepareSample returned for the image).
 */
export function prepareMask(
  mask: Uint8Array,
  width: number,
  height: number,
  g: Geometry,
  size: number,
  out: Int32Array,
  offset: number,
): void {
  if (mask.length !== width * height)
    throw new RangeError(`prepareMask: ${mask.length} labels for a ${width}×${height} image.`);
  const { box, turn } = g;
  const base = targetPixel(0, 0, size, turn.hflip, turn.vflip, turn.k);
  const dx = targetPixel(0, 1, size, turn.hflip, turn.vflip, turn.k) - base;
  const dy = targetPixel(1, 0, size, turn.hflip, turn.vflip, turn.k) - base;
  const cols = new Int32Array(size);
  for (let x = 0; x < size; x++)
    cols[x] = box.x + Math.min(box.w - 1, Math.floor(((x + 0.5) * box.w) / size));
  for (let y = 0; y < size; y++) {
    const sy = box.y + Math.min(box.h - 1, Math.floor(((y + 0.5) * box.h) / size));
    const row = sy * width;
    let o = offset + base + y * dy;
    for (let x = 0; x < size; x++, o += dx) out[o] = mask[row + cols[x]];
  }
}
