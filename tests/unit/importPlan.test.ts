import { describe, expect, it } from 'vitest';
import { zlibSync } from 'fflate';
import {
  checkMask,
  classesPresent,
  cutBatches,
  importedMeta,
  readPngHeader,
  segmentationClassNames,
  sniffImageType,
} from '../../src/core/data/importPlan';
import { decodePng, encodePng } from '../../src/core/formats/png';

const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  let c = 0xffffffff;
  for (let i = 4; i < 8 + body.length; i++) c = CRC[(c ^ out[i]) & 0xff] ^ (c >>> 8);
  dv.setUint32(8 + body.length, (c ^ 0xffffffff) >>> 0);
  return out;
}

/** A PNG of any colour type and depth; `rows` are the packed samples of each row (filter 0 is added). */
function rawPng(
  width: number,
  height: number,
  bitDepth: number,
  colorType: number,
  rows: Uint8Array[],
  extra: Uint8Array[] = [],
): Uint8Array {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  const raw = new Uint8Array(rows.reduce((n, r) => n + r.length + 1, 0));
  let o = 0;
  for (const r of rows) {
    raw[o++] = 0;
    raw.set(r, o);
    o += r.length;
  }
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...extra,
    chunk('IDAT', zlibSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const size = { width: 4, height: 2 };
const PIXELS = [0, 1, 1, 0, 3, 3, 0, 0];

describe('checkMask', () => {
  it('keeps an 8-bit gray mask as it is and reads its classes', () => {
    const png = encodePng(new Uint8Array(PIXELS), 4, 2, 1);
    const r = checkMask(png, size, 'masks/a.png');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.classes).toEqual([1, 3]);
    expect(r.maxClass).toBe(3);
    expect(r.stored).toBe(png);
    expect([...r.classMap]).toEqual(PIXELS);
  });

  it('reads palette indices as classes, even with repeated palette colours, and stores 8-bit gray', () => {
    // 8-bit palette: 0 black, 1 red, 2 black (unused duplicate), 3 green.
    const plte = chunk('PLTE', new Uint8Array([0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 0]));
    const png = rawPng(4, 2, 8, 3, [new Uint8Array([0, 1, 1, 0]), new Uint8Array([3, 3, 0, 0])], [plte]);
    const r = checkMask(png, size, 'm.png');
    expect(r.ok && [...r.classMap]).toEqual(PIXELS);
    if (!r.ok) return;
    expect(r.classes).toEqual([1, 3]);
    const stored = decodePng(r.stored);
    expect(readPngHeader(r.stored)).toMatchObject({ colorType: 0, bitDepth: 8 });
    expect([...stored.data]).toEqual(PIXELS);
  });

  it('reads a 2-bit palette mask with transparency', () => {
    const plte = chunk('PLTE', new Uint8Array([0, 0, 0, 10, 10, 10, 20, 20, 20, 30, 30, 30]));
    const trns = chunk('tRNS', new Uint8Array([0, 255]));
    // Row 0: 0 1 1 0 → 0b00010100; row 1: 3 3 0 0 → 0b11110000.
    const png = rawPng(
      4,
      2,
      2,
      3,
      [new Uint8Array([0b00010100]), new Uint8Array([0b11110000])],
      [plte, trns],
    );
    const r = checkMask(png, size, 'm.png');
    expect(r.ok && [...r.classMap]).toEqual(PIXELS);
  });

  it('reads 1/2/4-bit gray values as stored, not scaled', () => {
    const png = rawPng(4, 2, 4, 0, [new Uint8Array([0x01, 0x10]), new Uint8Array([0x33, 0x00])]);
    const r = checkMask(png, size, 'm.png');
    expect(r.ok && [...r.classMap]).toEqual(PIXELS);
    const bin = rawPng(4, 2, 1, 0, [new Uint8Array([0b01100000]), new Uint8Array([0b11000000])]);
    const b = checkMask(bin, size, 'm.png');
    expect(b.ok && [...b.classMap]).toEqual([0, 1, 1, 0, 1, 1, 0, 0]);
  });

  it('takes R of gray-looking RGB(A) masks and refuses coloured ones', () => {
    const rgb = new Uint8Array(PIXELS.flatMap((v) => [v, v, v]));
    const r = checkMask(encodePng(rgb, 4, 2, 3), size, 'm.png');
    expect(r.ok && [...r.classMap]).toEqual(PIXELS);
    const rgba = new Uint8Array(PIXELS.flatMap((v) => [v, v, v, 255]));
    expect(checkMask(encodePng(rgba, 4, 2, 4), size, 'm.png').ok).toBe(true);
    rgb[3 * 5 + 1] = 7;
    const bad = checkMask(encodePng(rgb, 4, 2, 3), size, 'masks/c.png');
    expect(bad).toEqual({
      ok: false,
      problem: {
        path: 'masks/c.png',
        reason: 'bad-mask',
        detail: expect.stringMatching(/pixel 1,1 is rgb\(3,7,3\)/),
      },
    });
  });

  it('reports size mismatches, 16-bit masks and broken files', () => {
    const png = encodePng(new Uint8Array(PIXELS), 4, 2, 1);
    expect(checkMask(png, { width: 2, height: 4 }, 'm.png')).toEqual({
      ok: false,
      problem: { path: 'm.png', reason: 'size-mismatch', detail: 'mask is 4×2, image is 2×4' },
    });
    const deep = rawPng(4, 2, 16, 0, [new Uint8Array(8), new Uint8Array(8)]);
    expect(checkMask(deep, size, 'm.png')).toMatchObject({
      ok: false,
      problem: { reason: 'bad-mask', detail: expect.stringMatching(/16-bit/) },
    });
    expect(checkMask(new Uint8Array([1, 2, 3]), size, 'm.png')).toMatchObject({
      ok: false,
      problem: { reason: 'bad-mask' },
    });
    const cut = png.slice(0, png.length - 20);
    expect(checkMask(cut, size, 'm.png')).toMatchObject({
      ok: false,
      problem: { reason: 'bad-mask', detail: expect.stringMatching(/PNG/) },
    });
  });
});

describe('import helpers', () => {
  it('sniffs image types from their first bytes', () => {
    expect(sniffImageType(encodePng(new Uint8Array(4), 2, 2, 1))).toBe('image/png');
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(new TextEncoder().encode('GIF89a....'))).toBe('image/gif');
    expect(sniffImageType(new TextEncoder().encode('RIFF....WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new Uint8Array([0x49, 0x49, 0x2a, 0]))).toBe('image/tiff');
    expect(sniffImageType(new TextEncoder().encode('hello'))).toBeUndefined();
  });

  it('lists classes present and names segmentation classes', () => {
    expect(classesPresent(new Uint8Array([0, 0, 5, 2, 5]))).toEqual({ classes: [2, 5], maxClass: 5 });
    expect(classesPresent(new Uint8Array([0]))).toEqual({ classes: [], maxClass: 0 });
    expect(segmentationClassNames(2)).toEqual(['background', 'class 1', 'class 2']);
    expect(segmentationClassNames(0)).toEqual(['background']);
  });

  it('makes metas of imported samples', () => {
    expect(importedMeta(3, 'A/x.jpg', { width: 64, height: 32 }, 2, undefined)).toEqual({
      index: 3,
      name: 'A/x.jpg',
      width: 64,
      height: 32,
      split: 'train',
      label: 2,
      classes: [2],
      minVisible: 1,
    });
    expect(importedMeta(0, 'x.jpg', { width: 1, height: 1 }, undefined, [1, 4])).not.toHaveProperty('label');
  });

  it('cuts batches by count and by bytes', () => {
    const items = [10, 10, 10, 50, 10, 200, 10];
    expect(cutBatches(items, (x) => x, 2, 1000)).toEqual([[10, 10], [10, 50], [10, 200], [10]]);
    expect(cutBatches(items, (x) => x, 100, 60)).toEqual([[10, 10, 10], [50, 10], [200], [10]]);
    expect(cutBatches([], (x: number) => x, 2, 10)).toEqual([]);
  });
});
