// Overlay colours and the colouring of a class map or instance map into translucent RGBA.
// Pure: the overlay worker colours masks with it, the page uses the same palette for legends and boxes.
import type { DecodedPng } from '../formats/png';

export type MaskKind = 'class' | 'instance';

/** Tableau-like palette, readable as a translucent overlay on dark and light images. */
const CLASS_COLORS: readonly [number, number, number][] = [
  [78, 121, 167],
  [242, 142, 43],
  [225, 87, 89],
  [118, 183, 178],
  [89, 161, 79],
  [237, 201, 72],
  [176, 122, 161],
  [255, 157, 167],
  [156, 117, 95],
  [186, 176, 172],
];

/** Colour of class k (mask class 0, the background, is never drawn; classification labels start at 0). */
export function classColor(k: number): [number, number, number] {
  return CLASS_COLORS[((k % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length];
}

/** Golden-angle hues, so consecutive instance ids never get similar colours. */
export function instanceColor(id: number): [number, number, number] {
  const h = (id * 137.508) % 360;
  return hslToRgb(h, 0.75, 0.55);
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    h < 60
      ? [c, x, 0]
      : h < 120
        ? [x, c, 0]
        : h < 180
          ? [0, c, x]
          : h < 240
            ? [0, x, c]
            : h < 300
              ? [x, 0, c]
              : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** RGBA of the mask: value 0 clear, every other value its colour at `alpha`. */
export function colorizeMask(mask: DecodedPng, kind: MaskKind, alpha = 150): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, channels, data } = mask;
  const out = new Uint8ClampedArray(width * height * 4);
  const colorOf = kind === 'class' ? classColor : instanceColor;
  // Values are few (classes or instances): look each colour up once.
  const lut = new Map<number, [number, number, number]>();
  for (let p = 0, i = 0; p < width * height; p++, i += channels) {
    const v = data[i];
    if (v === 0) continue;
    let c = lut.get(v);
    if (!c) lut.set(v, (c = colorOf(v)));
    const o = p * 4;
    out[o] = c[0];
    out[o + 1] = c[1];
    out[o + 2] = c[2];
    out[o + 3] = alpha;
  }
  return out;
}
