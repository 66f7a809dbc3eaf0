import { describe, expect, it } from 'vitest';
import { isTilewrightError } from '../../src/core/errors';
import {
  countsToString,
  decodeRle,
  encodeLabelRles,
  encodeRle,
  maskToCounts,
  rleArea,
  rleToBbox,
  stringToCounts,
} from '../../src/core/formats/rle';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Row-major mask from rows of 0/1. */
function mask(rows: number[][]): Uint8Array {
  return Uint8Array.from(rows.flat());
}

/** Brute-force area and bbox of a row-major mask. */
function bruteStats(
  m: Uint8Array,
  h: number,
  w: number,
): { area: number; bbox: [number, number, number, number] } {
  let area = 0;
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (m[y * w + x]) {
        area++;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
  return { area, bbox: area ? [x0, y0, x1 - x0 + 1, y1 - y0 + 1] : [0, 0, 0, 0] };
}

describe('hand-computed cases', () => {
  it('3x3 mask', () => {
    // Column-major: col 0 = 0,0,0; col 1 = 1,1,0; col 2 = 0,1,0 → runs 3,2,2,1,1.
    // String: 3, 2, 2 as is; then 1-2 = -1 and 1-2 = -1, each one char 31+48 = 'O'.
    const m = mask([
      [0, 1, 0],
      [0, 1, 1],
      [0, 0, 0],
    ]);
    expect(maskToCounts(m, 3, 3)).toEqual([3, 2, 2, 1, 1]);
    const rle = encodeRle(m, 3, 3);
    expect(rle).toEqual({ size: [3, 3], counts: '322OO' });
    expect(decodeRle(rle)).toEqual(m);
    expect(rleArea(rle)).toBe(3);
    expect(rleToBbox(rle)).toEqual([1, 0, 2, 2]);
  });

  it('non-square: size is [height, width]', () => {
    const m = mask([
      [1, 0, 0, 0, 1],
      [0, 0, 0, 0, 1],
    ]);
    // col-major: 1,0 | 0,0 | 0,0 | 0,0 | 1,1 → runs 0,1,7,2
    const rle = encodeRle(m, 2, 5);
    expect(maskToCounts(m, 2, 5)).toEqual([0, 1, 7, 2]);
    expect(rle.size).toEqual([2, 5]);
    expect(stringToCounts(rle.counts)).toEqual([0, 1, 7, 2]);
    expect(decodeRle(rle)).toEqual(m);
    expect(rleToBbox(rle)).toEqual([0, 0, 5, 2]);
    expect(rleArea(rle)).toBe(3);
  });

  it('empty and full masks', () => {
    const empty = encodeRle(new Uint8Array(12), 3, 4);
    expect(stringToCounts(empty.counts)).toEqual([12]);
    expect(rleArea(empty)).toBe(0);
    expect(rleToBbox(empty)).toEqual([0, 0, 0, 0]);
    const full = encodeRle(new Uint8Array(12).fill(1), 3, 4);
    expect(stringToCounts(full.counts)).toEqual([0, 12]);
    expect(rleArea(full)).toBe(12);
    expect(rleToBbox(full)).toEqual([0, 0, 4, 3]);
  });

  it('multi-character numbers and negative deltas', () => {
    // 32 needs two 5-bit groups; 1000-32 and 5-1000 exercise the delta and sign extension.
    const counts = [32, 1000, 64, 5, 3, 70000];
    const s = countsToString(counts);
    expect(stringToCounts(s)).toEqual(counts);
    // 32 = 0b1_00000: low group 0 with the more bit (0x20) → '0'+32 = 'P', then 1 → '1'.
    expect(s.startsWith('P1')).toBe(true);
  });

  it('a run wrapping over a column boundary covers every row in the bbox (pycocotools toBbox)', () => {
    // 4x3, ones at column-major positions 3..4: (y=3,x=0) and (y=0,x=1).
    const rle = { size: [4, 3] as [number, number], counts: [3, 2, 7] };
    expect(rleToBbox(rle)).toEqual([0, 0, 2, 4]);
    expect(rleArea(rle)).toBe(2);
  });
});

describe('strings produced by other COCO implementations', () => {
  // Test vectors from hoel-bagard/cocotools-rs (cocotools/src/converters/masks.rs), which checks itself against pycocotools.
  it('cocotools-rs vectors', () => {
    const a = [6, 1, 40, 4, 5, 4, 5, 4, 21];
    expect(countsToString(a)).toBe('61X13mN000`0');
    expect(stringToCounts('61X13mN000`0')).toEqual(a);
    const b = [245, 5, 35, 5, 35, 5, 35, 5, 35, 5, 1190];
    expect(countsToString(b)).toBe('e75S10000000ST1');
    expect(stringToCounts('e75S10000000ST1')).toEqual(b);
    const rle = { size: [40, 40] as [number, number], counts: 'e75S10000000ST1' };
    // 5 columns (6..10) of 5 rows (5..9): 245 = 6*40 + 5.
    expect(rleToBbox(rle)).toEqual([6, 5, 5, 5]);
    expect(rleArea(rle)).toBe(25);
  });

  it('pycocotools output quoted in armengot/COCOtoolsFORK decodes and re-encodes to the same string', () => {
    const counts =
      '0g05b08J4M2N2NA^O1`0OCO=0E090H080IO68DH;>@C>a0_O_O`0j0OWOF<:CM72I24NL43JM92FN;1ENKO72L0LO91J0MO92INO0NO122OO0M031O000NO31OO11MO40N011MO41MO21L06OL021L06OL021L06OL021L060J040L060J040L060J040L060J040L060J040L060J040L060KO31L060KO31L06OL021L06OL021L06OL021MO41MO21MO40N100NO310O00M0310O00NO1220NO92IONO91KOMO72M0<1EO:2GN63KM34OLM73JF<;=1G_O_Ob0=AC`07EH=1IO71H090F0:1DO>1_O1b0>2N2N3L6H]O';
    const rle = { size: [50, 70] as [number, number], counts };
    const m = decodeRle(rle); // throws unless the runs add up to 50*70
    expect(m.length).toBe(3500);
    expect(encodeRle(m, 50, 70).counts).toBe(counts);
    const { area, bbox } = bruteStats(m, 50, 70);
    expect(rleArea(rle)).toBe(area);
    expect(rleToBbox(rle)).toEqual(bbox);
    expect(area).toBeGreaterThan(100);
  });
});

describe('strings from pycocotools itself', () => {
  // Produced with pycocotools 2.0.11: mask.encode(np.asfortranarray(m)), mask.toBbox, mask.area,
  // for the masks built here the same way (numpy slices m[y0:y1, x0:x1] = 1).
  function boxes(h: number, w: number, rects: [number, number, number, number][]): Uint8Array {
    const m = new Uint8Array(h * w);
    for (const [y0, y1, x0, x1] of rects)
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * w + x] = 1;
    return m;
  }
  const cases: {
    name: string;
    h: number;
    w: number;
    mask: () => Uint8Array;
    counts: string;
    bbox: number[];
    area: number;
  }[] = [
    {
      name: 'small 3x4',
      h: 3,
      w: 4,
      mask: () =>
        mask([
          [1, 0, 1, 1],
          [1, 1, 0, 1],
          [0, 1, 0, 0],
        ]),
      counts: '02210OO',
      bbox: [0, 0, 4, 3],
      area: 7,
    },
    {
      name: 'ellipse 64x80',
      h: 64,
      w: 80,
      // ((x-40)/30)^2 + ((y-30)/20)^2 <= 1
      mask: () => {
        const m = new Uint8Array(64 * 80);
        for (let y = 0; y < 64; y++)
          for (let x = 0; x < 80; x++) m[y * 80 + x] = (x - 40) ** 2 / 900 + (y - 30) ** 2 / 400 <= 1 ? 1 : 0;
        return m;
      },
      counts:
        'nd01j1:I4M2N2M4M2O0O2N2O0O2N2O000O2O0O2O00000O2O000000000000000O20N10000000000000001N1000001N101N10001N2N101N2N101N3L3N2N3L7FWa0',
      bbox: [10, 10, 61, 41],
      area: 1881,
    },
    {
      name: 'big 1000x1000 (multi-character counts, large negative deltas)',
      h: 1000,
      w: 1000,
      mask: () =>
        boxes(1000, 1000, [
          [5, 900, 3, 600],
          [999, 1000, 999, 1000],
          [0, 1, 700, 701],
        ]),
      counts: 'mm2ok0Y3' + '0'.repeat(1191) + 'kdQ3RTOjVS60',
      bbox: [3, 0, 997, 1000],
      area: 534317,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = c.mask();
      const rle = encodeRle(m, c.h, c.w);
      expect(rle.counts).toBe(c.counts);
      // Buffer.equals: vitest's deep equality takes seconds on a million elements.
      expect(Buffer.from(decodeRle({ size: [c.h, c.w], counts: c.counts })).equals(Buffer.from(m))).toBe(
        true,
      );
      expect(rleToBbox(rle)).toEqual(c.bbox);
      expect(rleArea(rle)).toBe(c.area);
      expect(encodeLabelRles(m, c.h, c.w).get(1)).toEqual(rle);
    });
  }
});

describe('random masks', () => {
  it('round trip, area and bbox agree with brute force', () => {
    const r = rng(1);
    for (let t = 0; t < 300; t++) {
      const h = 1 + Math.floor(r() * 40);
      const w = 1 + Math.floor(r() * 40);
      const density = [0, 0.02, 0.5, 0.98, 1][t % 5];
      const m = new Uint8Array(h * w);
      if (t % 3 === 0) {
        // a solid rectangle, like a shape
        const x0 = Math.floor(r() * w);
        const y0 = Math.floor(r() * h);
        const x1 = x0 + Math.floor(r() * (w - x0));
        const y1 = y0 + Math.floor(r() * (h - y0));
        for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m[y * w + x] = 1;
      } else for (let i = 0; i < m.length; i++) m[i] = r() < density ? 1 : 0;
      const rle = encodeRle(m, h, w);
      expect(rle.size).toEqual([h, w]);
      expect(rle.counts).toMatch(/^[0-o]*$/); // ASCII 48..111
      expect(decodeRle(rle)).toEqual(m);
      expect(decodeRle({ size: [h, w], counts: maskToCounts(m, h, w) })).toEqual(m);
      const { area, bbox } = bruteStats(m, h, w);
      expect(rleArea(rle)).toBe(area);
      expect(rleToBbox(rle)).toEqual(bbox);
    }
  });

  it('encodeLabelRles equals encoding each label separately', () => {
    const r = rng(2);
    for (let t = 0; t < 50; t++) {
      const h = 1 + Math.floor(r() * 30);
      const w = 1 + Math.floor(r() * 30);
      const labels = new Uint8Array(h * w);
      for (let i = 0; i < labels.length; i++) labels[i] = r() < 0.4 ? 0 : 1 + Math.floor(r() * 5);
      const all = encodeLabelRles(labels, h, w);
      const present = [...new Set(labels)].filter((v) => v !== 0).sort((a, b) => a - b);
      expect([...all.keys()]).toEqual(present);
      for (const v of present) {
        const single = encodeRle(
          labels.map((x) => (x === v ? 1 : 0)),
          h,
          w,
        );
        expect(all.get(v)).toEqual(single);
      }
    }
  });
});

describe('bad input', () => {
  it('counts that do not cover the image, or bad characters', () => {
    for (const rle of [
      { size: [3, 3] as [number, number], counts: '322O' },
      { size: [3, 3] as [number, number], counts: [4, 6] },
      { size: [3, 3] as [number, number], counts: '32 2' },
      { size: [3, 3] as [number, number], counts: 'P' }, // ends with the "more" bit set
    ]) {
      let caught: unknown;
      try {
        decodeRle(rle);
      } catch (e) {
        caught = e;
      }
      expect(isTilewrightError(caught)).toBe(true);
      expect((caught as { code: string }).code).toBe('bad-file');
    }
  });
});
