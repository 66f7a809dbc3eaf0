// The class map or instance map as a translucent colour layer, drawn at the mask's own resolution and
// scaled by CSS (pixelated) to the image's box. Decoding and colouring happen in the overlay worker.
import { memo, useEffect, useRef } from 'react';
import type { MaskMode } from '../../state/browserSlice';
import { hasMask, maskOf, type CachedSample } from './sampleCache';

export const MaskCanvas = memo(function MaskCanvas({
  entry,
  mode,
}: {
  entry: CachedSample;
  mode: Exclude<MaskMode, 'none'>;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let live = true;
    void maskOf(entry, mode).then((bitmap) => {
      const canvas = ref.current;
      const ctx = canvas?.getContext('2d');
      if (!live || !bitmap || !canvas || !ctx) return;
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      ctx.drawImage(bitmap, 0, 0);
    });
    return () => {
      live = false;
    };
  }, [entry, mode]);
  if (!hasMask(entry, mode)) return null;
  return <canvas ref={ref} className="overlay overlay-mask" aria-hidden="true" />;
});
