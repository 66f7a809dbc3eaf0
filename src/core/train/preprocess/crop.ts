// Random resized crop: the box of the image a training sample is cut from.
import type { Random } from '../../random';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const RATIO_MIN = 3 / 4;
const RATIO_MAX = 4 / 3;
const LOG_RATIO_MIN = Math.log(RATIO_MIN);
const LOG_RATIO_MAX = Math.log(RATIO_MAX);

/**
 * torchvision's RandomResizedCrop.get_params: up to 10 tries of an area fraction uniform in [scaleMin, 1]
 * and a log-uniform aspect ratio (w/h) in [3/4, 4/3]; the first box that fits gets a uniform position
 * (row, then column). If none fits, the central crop clamped to that ratio range. Math.round rounds
 * halves up where Python rounds them to even: the same boxes up to ties.
 */
export function randomResizedCrop(width: number, height: number, scaleMin: number, r: Random): Box {
  const area = width * height;
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * (scaleMin + (1 - scaleMin) * r.float());
    const ratio = Math.exp(LOG_RATIO_MIN + (LOG_RATIO_MAX - LOG_RATIO_MIN) * r.float());
    const w = Math.round(Math.sqrt(target * ratio));
    const h = Math.round(Math.sqrt(target / ratio));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const y = r.int(0, height - h);
      const x = r.int(0, width - w);
      return { x, y, w, h };
    }
  }
  let w = width;
  let h = height;
  const inRatio = width / height;
  if (inRatio < RATIO_MIN) h = Math.max(1, Math.round(w / RATIO_MIN));
  else if (inRatio > RATIO_MAX) w = Math.max(1, Math.round(h * RATIO_MAX));
  return { x: (width - w) >> 1, y: (height - h) >> 1, w, h };
}
