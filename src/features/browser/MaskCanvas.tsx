// The class map or instance map as a translucent colour layer, drawn at the mask's own resolution and
// scaled by CSS (pixelated) to the image's box.
import { memo, useEffect, useRef } from 'react';
import type { DecodedPng } from '../../core/formats/png';
import type { MaskMode } from '../../state/browserSlice';
import { classColor, instanceColor } from './colors';
import { maskOf, type CachedSample } from './sampleCache';

const ALPHA = 150;

function paint(canvas: HTMLCanvasElement, mask: DecodedPng, mode: Exclude<MaskMode, 'none'>): void {
  const { width, height, channels, data } = mask;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(width, height);
  const out = img.data;
  const colorOf = mode === 'class' ? classColor : instanceColor;
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
    out[o + 3] = ALPHA;
  }
  ctx.putImageData(img, 0, 0);
}

export const MaskCanvas = memo(function MaskCanvas({
  entry,
  mode,
}: {
  entry: CachedSample;
  mode: Exclude<MaskMode, 'none'>;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const mask = maskOf(entry, mode);
  useEffect(() => {
    if (ref.current && mask) paint(ref.current, mask, mode);
  }, [mask, mode]);
  if (!mask) return null;
  return <canvas ref={ref} className="overlay overlay-mask" aria-hidden="true" />;
});
