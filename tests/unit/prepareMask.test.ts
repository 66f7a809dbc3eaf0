// A mask prepared with its image's geometry stays on the image: through crops, resizes, flips and turns,
// every output pixel inside a uniform region has the colour of its label.
import { describe, expect, it } from 'vitest';
import { AugmentSchema } from '../../src/core/train/config';
import { prepareMask, prepareSample, type Preprocess } from '../../src/core/train/preprocess';
import type { DecodedImage } from '../../src/core/train/types';

/** 48×40 image of 8×8 blocks with classes 0..3, the red channel 60·class + 30, and its class map. */
function blocks(): { img: DecodedImage; mask: Uint8Array } {
  const width = 48;
  const height = 40;
  const mask = new Uint8Array(width * height);
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const c = ((x >> 3) * 7 + (y >> 3) * 3) % 4;
      mask[y * width + x] = c;
      pixels.set([60 * c + 30, 0, 0], (y * width + x) * 3);
    }
  return { img: { width, height, channels: 3, pixels }, mask };
}

describe('prepareMask', () => {
  const augment = AugmentSchema.parse({
    hflip: true,
    vflip: true,
    rot90: true,
    random_resized_crop: true,
    crop_scale_min: 0.3,
  });
  const p: Preprocess = { inputSize: 32, channels: 3, mean: [0, 0, 0], std: [1, 1, 1], augment };

  it('follows the crop, resize, flips and turns of its image', () => {
    const { img, mask } = blocks();
    const n = p.inputSize;
    let checked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const x = new Float32Array(n * n * 3);
      const y = new Int32Array(n * n);
      const g = prepareSample(img, p, seed, x, 0);
      prepareMask(mask, img.width, img.height, g, n, y, 0);
      for (let r = 1; r < n - 1; r++)
        for (let c = 1; c < n - 1; c++) {
          const label = y[r * n + c];
          // Interior of a region: the 3×3 neighbourhood has one label, so the bilinear colour is exact.
          let uniform = true;
          for (let dr = -1; dr <= 1 && uniform; dr++)
            for (let dc = -1; dc <= 1 && uniform; dc++) uniform = y[(r + dr) * n + c + dc] === label;
          if (!uniform) continue;
          expect(x[(r * n + c) * 3] * 255, `seed ${seed}, pixel (${c}, ${r})`).toBeCloseTo(
            60 * label + 30,
            3,
          );
          checked++;
        }
    }
    expect(checked).toBeGreaterThan(40 * 200);
  });

  it('without augmentation, is the nearest-neighbour resize of the whole mask', () => {
    const mask = Uint8Array.from([0, 1, 2, 3]); // 2×2
    const out = new Int32Array(16);
    const g = prepareSample(
      { width: 2, height: 2, channels: 1, pixels: new Uint8Array(4) },
      { ...p, inputSize: 4, channels: 1, mean: [0], std: [1], augment: null },
      null,
      new Float32Array(16),
      0,
    );
    prepareMask(mask, 2, 2, g, 4, out, 0);
    expect([...out]).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
  });
});
