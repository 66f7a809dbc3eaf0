import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { isTilewrightError } from '../../src/core/errors';
import {
  decodePng,
  encodePng,
  huffmanLengths,
  imageSize,
  isPng,
  zlibRunLength,
} from '../../src/core/formats/png';

/** Deterministic bytes for test images. */
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

function randomPixels(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
}

/** Flat background with a few solid rectangles, like a shapes sample. */
function flatPixels(w: number, h: number, channels: number, seed: number): Uint8Array {
  const r = rng(seed);
  const px = new Uint8Array(w * h * channels).fill(30);
  for (let k = 0; k < 4; k++) {
    const x0 = Math.floor(r() * w);
    const y0 = Math.floor(r() * h);
    const colour = Array.from({ length: channels }, () => Math.floor(r() * 256));
    for (let y = y0; y < Math.min(h, y0 + 9); y++)
      for (let x = x0; x < Math.min(w, x0 + 13); x++)
        for (let c = 0; c < channels; c++) px[(y * w + x) * channels + c] = colour[c];
  }
  return px;
}

/** pngjs always hands back RGBA; map our channel layout onto it. */
function pngjsAsChannels(img: PNG, channels: number): Uint8Array {
  const n = img.width * img.height;
  const out = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    const [r, g, b, a] = [img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2], img.data[i * 4 + 3]];
    const px = channels === 1 ? [r] : channels === 2 ? [r, a] : channels === 3 ? [r, g, b] : [r, g, b, a];
    out.set(px, i * channels);
  }
  return out;
}

/** A PNG built by hand from already-filtered scanlines (pngjs cannot write palettes or < 8 bits). */
function handMadePng(opts: {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  scanlines: Uint8Array;
  interlace?: number;
  chunks?: [string, Uint8Array][];
}): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(opts.width, 0);
  ihdr.writeUInt32BE(opts.height, 4);
  ihdr[8] = opts.bitDepth;
  ihdr[9] = opts.colorType;
  ihdr[12] = opts.interlace ?? 0;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      ...(opts.chunks ?? []).map(([t, d]) => chunk(t, d)),
      chunk('IDAT', deflateSync(opts.scanlines)),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/** Packs sub-byte samples into rows, each preceded by filter byte 0. */
function packRows(values: number[], width: number, height: number, bitDepth: number): Uint8Array {
  const rowBytes = Math.ceil((width * bitDepth) / 8);
  const out = new Uint8Array((rowBytes + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const bit = x * bitDepth;
      out[y * (rowBytes + 1) + 1 + (bit >> 3)] |= values[y * width + x] << (8 - bitDepth - (bit & 7));
    }
  return out;
}

function expectBadFile(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isTilewrightError(caught), String(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe('bad-file');
  expect((caught as Error).message).toMatch(pattern);
}

describe('encodePng / decodePng round trip', () => {
  const sizes: [number, number][] = [
    [1, 1],
    [2, 3],
    [7, 5],
    [33, 17],
    [64, 64],
  ];
  for (const channels of [1, 3, 4] as const) {
    for (const [w, h] of sizes) {
      it(`${channels} channel(s), ${w}x${h}, random and flat`, () => {
        for (const px of [randomPixels(w * h * channels, w * 31 + h), flatPixels(w, h, channels, w + h)]) {
          const png = encodePng(px, w, h, channels);
          expect(isPng(png)).toBe(true);
          const d = decodePng(png);
          expect([d.width, d.height, d.channels, d.bitDepth]).toEqual([w, h, channels, 8]);
          expect(d.data).toEqual(px);
          // An independent decoder sees the same pixels.
          const other = PNG.sync.read(Buffer.from(png));
          expect(pngjsAsChannels(other, channels)).toEqual(px);
        }
      });
    }
  }

  it('is deterministic and honours the level', () => {
    const px = flatPixels(96, 96, 3, 7);
    expect(encodePng(px, 96, 96, 3)).toEqual(encodePng(px, 96, 96, 3));
    for (const level of [0, 1, 6, 9]) expect(decodePng(encodePng(px, 96, 96, 3, { level })).data).toEqual(px);
    expect(encodePng(px, 96, 96, 3, { level: 0 }).length).toBeGreaterThan(96 * 96 * 3);
  });

  it('compresses flat-colour images well', () => {
    const px = flatPixels(224, 224, 3, 3);
    expect(encodePng(px, 224, 224, 3).length).toBeLessThan(3000);
  });

  it('runs of every length from 1 to 600 (the run-length deflate path), read back by pngjs', () => {
    // Rows of runs of growing length with alternating values; Sub filtering keeps the runs as zeros.
    const values: number[] = [];
    for (let len = 1; len <= 600; len++)
      for (let k = 0; k < len; k++) values.push(len % 7 === 0 ? 200 : len % 2);
    const w = 1201;
    const h = Math.ceil(values.length / w);
    const px = new Uint8Array(w * h);
    px.set(values);
    const png = encodePng(px, w, h, 1);
    expect(png.length).toBeLessThan(px.length / 4); // compressed by the fast path, not the fallback
    expect(decodePng(png).data).toEqual(px);
    expect(pngjsAsChannels(PNG.sync.read(Buffer.from(png)), 1)).toEqual(px);
    // Same pixels through fflate at an explicit level.
    expect(decodePng(encodePng(px, w, h, 1, { level: 6 })).data).toEqual(px);
  });

  it('rejects bad arguments', () => {
    expect(() => encodePng(new Uint8Array(5), 2, 2, 3)).toThrow(/bytes/);
    expect(() => encodePng(new Uint8Array(0), 0, 2, 1)).toThrow(/size/);
  });
});

describe('run-length deflate', () => {
  const inflate = (z: Uint8Array) => new Uint8Array(inflateSync(z));

  it('node:zlib inflates what it writes: runs, literals, edge lengths', () => {
    const cases: Uint8Array[] = [
      new Uint8Array(1),
      new Uint8Array(100_000),
      new Uint8Array(259).fill(7),
      new Uint8Array(260).fill(7),
      new Uint8Array(261).fill(7),
      Uint8Array.from({ length: 5000 }, (_, i) => (i % 97 < 90 ? 0 : i & 0xff)),
    ];
    for (const data of cases) {
      const z = zlibRunLength(data);
      if (data.length < 20) {
        if (z) expect(inflate(z)).toEqual(data);
        continue;
      }
      expect(z).not.toBeNull();
      expect(inflate(z as Uint8Array)).toEqual(data);
    }
    expect(zlibRunLength(randomPixels(10_000, 1))).toBeNull(); // noise is left to fflate
  });

  it('skewed (Fibonacci) symbol counts: code lengths are limited to 15 and still form a complete code', () => {
    const fib = [1, 1];
    while (fib.length < 30) fib.push(fib[fib.length - 1] + fib[fib.length - 2]);
    const lengths = huffmanLengths(fib, 15);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(15);
    expect(lengths.every((l) => l > 0)).toBe(true);
    const kraft = Array.from(lengths).reduce((sum, l) => sum + 2 ** -l, 0);
    expect(kraft).toBe(1);
    // Unlimited, the same counts need 29 bits: the limit really was applied.
    expect(Math.max(...huffmanLengths(fib, 64))).toBe(29);

    // A stream whose literal counts follow Fibonacci numbers, each literal followed by a 10-byte run.
    const blocks: number[] = [];
    const remaining = fib.slice(0, 22);
    for (let round = 0; remaining.some((c) => c > 0); round++)
      remaining.forEach((c, v) => {
        if (c > 0) {
          blocks.push(v);
          remaining[v]--;
        }
      });
    const data = new Uint8Array(blocks.length * 11);
    blocks.forEach((v, i) => data.fill(v, i * 11, i * 11 + 11));
    const z = zlibRunLength(data);
    expect(z).not.toBeNull();
    expect(inflate(z as Uint8Array)).toEqual(data);
  });

  it('many random flat-colour images survive the round trip through pngjs', () => {
    const r = rng(77);
    for (let k = 0; k < 40; k++) {
      const w = 8 + Math.floor(r() * 120);
      const h = 8 + Math.floor(r() * 120);
      const channels = ([1, 3, 4] as const)[k % 3];
      const px = flatPixels(w, h, channels, k);
      // a few noisy pixels so literals of many values appear
      for (let i = 0; i < 20; i++) px[Math.floor(r() * px.length)] = Math.floor(r() * 256);
      const png = encodePng(px, w, h, channels);
      expect(pngjsAsChannels(PNG.sync.read(Buffer.from(png)), channels)).toEqual(px);
      expect(decodePng(png).data).toEqual(px);
    }
  });
});

describe('decodePng of files written by pngjs', () => {
  const w = 23;
  const h = 11;
  // pngjs colour types it can write: 0 gray, 2 RGB, 4 gray+alpha, 6 RGBA.
  const layouts: { colorType: number; channels: 1 | 2 | 3 | 4 }[] = [
    { colorType: 0, channels: 1 },
    { colorType: 2, channels: 3 },
    { colorType: 4, channels: 2 },
    { colorType: 6, channels: 4 },
  ];
  for (const { colorType, channels } of layouts) {
    for (const filterType of [0, 1, 2, 3, 4, -1]) {
      it(`colour type ${colorType}, filter ${filterType}, 8 bit`, () => {
        const img = new PNG({ width: w, height: h });
        const src = randomPixels(w * h * 4, colorType * 10 + filterType + 5);
        // Make gray inputs really gray so pngjs's RGB→gray conversion is exact.
        if (colorType === 0 || colorType === 4)
          for (let i = 0; i < w * h; i++) src[i * 4 + 1] = src[i * 4 + 2] = src[i * 4];
        img.data = Buffer.from(src);
        const file = PNG.sync.write(img, { colorType: colorType as 0 | 2 | 4 | 6, filterType });
        const ours = decodePng(new Uint8Array(file));
        expect(ours.channels).toBe(channels);
        expect(ours.bitDepth).toBe(8);
        expect(ours.data).toEqual(pngjsAsChannels(PNG.sync.read(file), channels));
      });
    }
  }

  for (const colorType of [0, 2, 6] as const) {
    it(`16-bit colour type ${colorType} reduces to 8 bits like pngjs`, () => {
      const values = new Uint16Array(w * h * 4);
      const r = rng(colorType + 99);
      for (let i = 0; i < values.length; i++) values[i] = Math.floor(r() * 65536);
      if (colorType === 0)
        for (let i = 0; i < w * h; i++) values[i * 4 + 1] = values[i * 4 + 2] = values[i * 4];
      const img = new PNG({ width: w, height: h, bitDepth: 16 });
      img.data = Buffer.from(values.buffer);
      const file = PNG.sync.write(img, { colorType, bitDepth: 16, inputColorType: 6 });
      const ours = decodePng(new Uint8Array(file));
      const channels = colorType === 0 ? 1 : colorType === 2 ? 3 : 4;
      expect(ours.bitDepth).toBe(16);
      expect(ours.channels).toBe(channels);
      expect(ours.data).toEqual(pngjsAsChannels(PNG.sync.read(file), channels));
    });
  }
});

describe('decodePng of hand-made palette and low-bit-depth files', () => {
  for (const bitDepth of [1, 2, 4, 8]) {
    it(`palette, ${bitDepth} bit, with and without tRNS`, () => {
      const w = 13;
      const h = 5;
      const entries = Math.min(1 << bitDepth, 7);
      const palette = randomPixels(entries * 3, bitDepth);
      const r = rng(bitDepth + 1);
      const idx = Array.from({ length: w * h }, () => Math.floor(r() * entries));
      const scanlines = packRows(idx, w, h, bitDepth);
      for (const alpha of [null, Uint8Array.from([0, 128, 255].slice(0, entries - 1))]) {
        const chunks: [string, Uint8Array][] = [['PLTE', palette]];
        if (alpha) chunks.push(['tRNS', alpha]);
        const file = handMadePng({ width: w, height: h, bitDepth, colorType: 3, scanlines, chunks });
        const ours = decodePng(file);
        const channels = alpha ? 4 : 3;
        expect(ours.channels).toBe(channels);
        expect(ours.bitDepth).toBe(bitDepth);
        const expected = new Uint8Array(w * h * channels);
        idx.forEach((k, i) => {
          expected.set(palette.subarray(k * 3, k * 3 + 3), i * channels);
          if (alpha) expected[i * channels + 3] = k < alpha.length ? alpha[k] : 255;
        });
        expect(ours.data).toEqual(expected);
        expect(ours.data).toEqual(pngjsAsChannels(PNG.sync.read(Buffer.from(file)), channels));
      }
    });
  }

  for (const bitDepth of [1, 2, 4]) {
    it(`gray, ${bitDepth} bit, scales to 0-255`, () => {
      const w = 19;
      const h = 3;
      const max = (1 << bitDepth) - 1;
      const values = Array.from({ length: w * h }, (_, i) => i % (max + 1));
      const file = handMadePng({
        width: w,
        height: h,
        bitDepth,
        colorType: 0,
        scanlines: packRows(values, w, h, bitDepth),
      });
      const ours = decodePng(file);
      expect(ours.channels).toBe(1);
      expect(Array.from(ours.data)).toEqual(values.map((v) => Math.round((v * 255) / max)));
      expect(ours.data).toEqual(pngjsAsChannels(PNG.sync.read(Buffer.from(file)), 1));
    });
  }

  it('Average filter with bpp 3 and a first row', () => {
    // Rows filtered by hand with type 3 (Average), the one filter our encoder never writes.
    const w = 4;
    const h = 3;
    const px = randomPixels(w * h * 3, 42);
    const stride = w * 3;
    const scan = new Uint8Array((stride + 1) * h);
    for (let y = 0; y < h; y++) {
      scan[y * (stride + 1)] = 3;
      for (let i = 0; i < stride; i++) {
        const a = i >= 3 ? px[y * stride + i - 3] : 0;
        const b = y > 0 ? px[(y - 1) * stride + i] : 0;
        scan[y * (stride + 1) + 1 + i] = (px[y * stride + i] - ((a + b) >> 1)) & 0xff;
      }
    }
    const file = handMadePng({ width: w, height: h, bitDepth: 8, colorType: 2, scanlines: scan });
    expect(decodePng(file).data).toEqual(px);
  });
});

describe('decodePng errors', () => {
  const good = encodePng(flatPixels(40, 30, 3, 1), 40, 30, 3);

  it('not a PNG', () => {
    expectBadFile(() => decodePng(new TextEncoder().encode('GIF89a not a png at all')), /not a PNG/);
    expectBadFile(() => decodePng(new Uint8Array(0)), /not a PNG/);
  });

  it('truncated file', () => {
    expectBadFile(() => decodePng(good.subarray(0, good.length - 20)), /truncated/);
    expectBadFile(() => decodePng(good.subarray(0, 20)), /truncated/);
  });

  it('flipped byte in the image data (checksum)', () => {
    const bad = good.slice();
    bad[8 + 25 + 8 + 5] ^= 0xff; // inside the IDAT payload
    expectBadFile(() => decodePng(bad), /checksum/);
  });

  it('corrupt compressed data with a valid checksum', () => {
    const file = handMadePng({
      width: 2,
      height: 2,
      bitDepth: 8,
      colorType: 0,
      scanlines: new Uint8Array(6),
    });
    // Re-make the IDAT with garbage inside but a correct CRC.
    const garbage = Uint8Array.from([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff, 0x00, 0x12]);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(garbage.length, 0);
    head.write('IDAT', 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), garbage])) >>> 0, 0);
    const ihdrEnd = 8 + 25;
    const bad = Buffer.concat([
      Buffer.from(file.subarray(0, ihdrEnd)),
      head,
      garbage,
      crc,
      Buffer.from(file.subarray(file.length - 12)),
    ]);
    expectBadFile(() => decodePng(new Uint8Array(bad)), /corrupt|truncated/);
  });

  it('too little image data', () => {
    const file = handMadePng({
      width: 10,
      height: 10,
      bitDepth: 8,
      colorType: 2,
      scanlines: new Uint8Array(31 * 4),
    });
    expectBadFile(() => decodePng(file), /truncated/);
  });

  it('interlaced', () => {
    const file = handMadePng({
      width: 2,
      height: 2,
      bitDepth: 8,
      colorType: 0,
      scanlines: new Uint8Array(6),
      interlace: 1,
    });
    expectBadFile(() => decodePng(file), /interlaced/);
  });

  it('bad filter byte, bad depth, missing palette, palette index out of range', () => {
    expectBadFile(
      () =>
        decodePng(
          handMadePng({
            width: 2,
            height: 1,
            bitDepth: 8,
            colorType: 0,
            scanlines: Uint8Array.from([7, 0, 0]),
          }),
        ),
      /filter type 7/,
    );
    expectBadFile(
      () =>
        decodePng(
          handMadePng({
            width: 2,
            height: 1,
            bitDepth: 4,
            colorType: 2,
            scanlines: Uint8Array.from([0, 0, 0, 0]),
          }),
        ),
      /bit depth 4/,
    );
    expectBadFile(
      () =>
        decodePng(
          handMadePng({
            width: 2,
            height: 1,
            bitDepth: 8,
            colorType: 3,
            scanlines: Uint8Array.from([0, 0, 0]),
          }),
        ),
      /PLTE/,
    );
    expectBadFile(
      () =>
        decodePng(
          handMadePng({
            width: 2,
            height: 1,
            bitDepth: 8,
            colorType: 3,
            scanlines: Uint8Array.from([0, 0, 5]),
            chunks: [['PLTE', new Uint8Array(6)]],
          }),
        ),
      /palette index 5/,
    );
  });
});

describe('imageSize', () => {
  it('PNG', () => {
    expect(imageSize(encodePng(new Uint8Array(37 * 21), 37, 21, 1))).toEqual({
      width: 37,
      height: 21,
      format: 'png',
    });
  });

  it('JPEG (frame header after an APP0 segment)', () => {
    const app0 = [0xff, 0xe0, 0x00, 0x10, ...new TextEncoder().encode('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
    const sof2 = [
      0xff, 0xc2, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
    ];
    const jpeg = Uint8Array.from([0xff, 0xd8, ...app0, 0xff, 0xc4, 0x00, 0x03, 0x00, ...sof2, 0xff, 0xda]);
    expect(imageSize(jpeg)).toEqual({ width: 640, height: 480, format: 'jpeg' });
    expect(imageSize(jpeg.subarray(0, 25))).toBeNull();
  });

  it('GIF', () => {
    const gif = Uint8Array.from([...new TextEncoder().encode('GIF89a'), 0x2c, 0x01, 0x64, 0x00, 0xf7, 0, 0]);
    expect(imageSize(gif)).toEqual({ width: 300, height: 100, format: 'gif' });
  });

  it('BMP, bottom-up and top-down', () => {
    const bmp = new Uint8Array(54);
    const v = new DataView(bmp.buffer);
    bmp.set([0x42, 0x4d]);
    v.setUint32(14, 40, true);
    v.setInt32(18, 123, true);
    v.setInt32(22, -45, true);
    expect(imageSize(bmp)).toEqual({ width: 123, height: 45, format: 'bmp' });
  });

  it('WebP lossy, lossless and extended', () => {
    const riff = (fourcc: string, payload: number[]) =>
      Uint8Array.from([
        ...new TextEncoder().encode('RIFF'),
        0,
        0,
        0,
        0,
        ...new TextEncoder().encode('WEBP' + fourcc),
        0,
        0,
        0,
        0,
        ...payload,
      ]);
    // VP8: 3-byte frame tag, start code, 14-bit width and height.
    expect(imageSize(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x90, 0x01, 0xc8, 0x00]))).toEqual({
      width: 400,
      height: 200,
      format: 'webp',
    });
    // VP8L: signature 0x2f, then width-1 and height-1 in 14 bits each: 400x200.
    const wm1 = 399;
    const hm1 = 199;
    const bits = wm1 | (hm1 << 14);
    expect(
      imageSize(
        riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >> 24) & 0xff]),
      ),
    ).toEqual({
      width: 400,
      height: 200,
      format: 'webp',
    });
    // VP8X: flags, 3 reserved bytes, then 24-bit width-1 and height-1.
    expect(imageSize(riff('VP8X', [0, 0, 0, 0, 0x8f, 0x01, 0x00, 0xc7, 0x00, 0x00]))).toEqual({
      width: 400,
      height: 200,
      format: 'webp',
    });
  });

  it('unknown or empty', () => {
    expect(imageSize(new Uint8Array(0))).toBeNull();
    expect(imageSize(new TextEncoder().encode('hello world, not an image'))).toBeNull();
  });
});
