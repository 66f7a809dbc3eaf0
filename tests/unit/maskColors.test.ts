import { describe, expect, it } from 'vitest';
import { classColor, colorizeMask, instanceColor } from '../../src/core/render/maskColors';

describe('colorizeMask', () => {
  const mask = {
    width: 3,
    height: 2,
    channels: 1 as const,
    bitDepth: 8,
    data: new Uint8Array([0, 1, 2, 2, 0, 1]),
  };

  it('leaves value 0 clear and paints every other value its class colour at the given alpha', () => {
    const rgba = colorizeMask(mask, 'class', 99);
    expect(rgba.length).toBe(3 * 2 * 4);
    for (let p = 0; p < 6; p++) {
      const v = mask.data[p];
      const px = [...rgba.subarray(p * 4, p * 4 + 4)];
      expect(px).toEqual(v === 0 ? [0, 0, 0, 0] : [...classColor(v), 99]);
    }
  });

  it('uses instance colours for instance maps, distinct for neighbouring ids', () => {
    const rgba = colorizeMask(mask, 'instance');
    expect([...rgba.subarray(4, 7)]).toEqual(instanceColor(1));
    expect(instanceColor(1)).not.toEqual(instanceColor(2));
  });

  it('reads the first channel of multi-channel masks', () => {
    const rgb = {
      width: 1,
      height: 2,
      channels: 3 as const,
      bitDepth: 8,
      data: new Uint8Array([2, 9, 9, 0, 7, 7]),
    };
    const rgba = colorizeMask(rgb, 'class');
    expect([...rgba.subarray(0, 3)]).toEqual(classColor(2));
    expect(rgba[7]).toBe(0);
  });
});
