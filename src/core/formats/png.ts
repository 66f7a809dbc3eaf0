// PNG encode/decode in plain TypeScript (no DOM), so workers and the CLI write the same bytes.
// Encoder: 8-bit gray/RGB/RGBA, one IDAT, Sub or Up per row (the spec's minimum-sum-of-absolute-
// differences heuristic), then a run-length deflate made for flat colours, or fflate for anything else.
// Decoder: every non-interlaced colour type and bit depth, all five filters, via fflate's inflate.
import { unzlibSync, zlibSync } from 'fflate';
import { TilewrightError } from '../errors';

export interface DecodedPng {
  width: number;
  height: number;
  /** Channels of `data`: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (palette images expand to 3 or 4). */
  channels: 1 | 2 | 3 | 4;
  /** Bit depth of the file; `data` is always 8 bits per sample (1/2/4 scaled up, 16 rounded down). */
  bitDepth: number;
  data: Uint8Array;
}

export interface EncodePngOptions {
  /**
   * zlib level 0-9 for fflate's deflate. Omitted: a fast run-length deflate first (flat-colour images,
   * several times faster than fflate on them), falling back to fflate level 1 when it compresses poorly.
   */
  level?: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Decoding refuses larger images instead of running out of memory. */
const MAX_PIXELS = 1 << 27;
const FALLBACK_LEVEL = 1;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function readU32(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

function writeU32(b: Uint8Array, p: number, v: number): void {
  b[p] = v >>> 24;
  b[p + 1] = (v >>> 16) & 0xff;
  b[p + 2] = (v >>> 8) & 0xff;
  b[p + 3] = v & 0xff;
}

function badFile(message: string): TilewrightError {
  return new TilewrightError('bad-file', `PNG: ${message}`);
}

export function isPng(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) return false;
  return true;
}

// ---------------------------------------------------------------- encode

/** |v| of a filtered byte v read as signed: the spec's cheap stand-in for how well a row compresses. */
const SIGNED_ABS = Uint8Array.from({ length: 256 }, (_, v) => (v < 128 ? v : 256 - v));

/**
 * Picks Sub (1) or Up (2) for a row: whichever gives the smaller sum of |filtered byte|, in one
 * read-only pass. On flat colours Up zeroes repeated rows and Sub zeroes runs; measured on shapes
 * and on smooth noisy images, also trying Paeth or None cost time and saved under 1%.
 */
function chooseFilter(px: Uint8Array, c: number, stride: number, bpp: number, firstRow: boolean): number {
  if (firstRow) return 1;
  const p = c - stride;
  let sub = 0;
  let up = 0;
  for (let i = 0; i < bpp; i++) {
    sub += SIGNED_ABS[px[c + i]];
    up += SIGNED_ABS[(px[c + i] - px[p + i]) & 0xff];
  }
  for (let i = bpp; i < stride; i++) {
    const x = px[c + i];
    sub += SIGNED_ABS[(x - px[c + i - bpp]) & 0xff];
    up += SIGNED_ABS[(x - px[p + i]) & 0xff];
  }
  return up <= sub ? 2 : 1;
}

/** Writes row c of px filtered with Sub (1) or Up (2) into out[o..o+stride). */
function filterRow(
  type: number,
  px: Uint8Array,
  c: number,
  stride: number,
  bpp: number,
  out: Uint8Array,
  o: number,
): void {
  if (type === 1) {
    for (let i = 0; i < bpp; i++) out[o + i] = px[c + i];
    for (let i = bpp; i < stride; i++) out[o + i] = px[c + i] - px[c + i - bpp];
  } else {
    const p = c - stride;
    for (let i = 0; i < stride; i++) out[o + i] = px[c + i] - px[p + i];
  }
}

// Run-length deflate, like zlib's Z_RLE strategy: the only matches repeat the previous byte
// (distance 1), coded in one dynamic-Huffman block. Filtered flat-colour images are almost all runs
// of zeros, which fflate's hash chains handle slowly; this is two linear passes and compresses them
// as well. Data that does not shrink to a quarter is left to fflate (`null`).

/** For match lengths 3..258: length symbol (257..285), extra-bit count and extra value (RFC 1951 3.2.5). */
const LENGTH_SYMBOL = new Uint16Array(259);
const LENGTH_EXTRA_BITS = new Uint8Array(259);
const LENGTH_EXTRA = new Uint8Array(259);
(() => {
  let length = 3;
  for (let code = 0; code < 28; code++) {
    const extra = code < 8 ? 0 : (code >> 2) - 1;
    for (let k = 0; k < 1 << extra; k++, length++) {
      LENGTH_SYMBOL[length] = 257 + code;
      LENGTH_EXTRA_BITS[length] = extra;
      LENGTH_EXTRA[length] = k;
    }
  }
  // 284 with all extra bits set would also mean 258; 285 says it in no extra bits.
  LENGTH_SYMBOL[258] = 285;
  LENGTH_EXTRA_BITS[258] = 0;
  LENGTH_EXTRA[258] = 0;
})();

/** Order in which the code-length code's lengths are stored (RFC 1951 3.2.7). */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/**
 * Huffman code lengths for `freq` (0 = unused symbol), none longer than maxBits. Too-deep trees are
 * fixed by halving the counts and rebuilding: cruder than package-merge, and costs a few bits at most.
 * Exported for tests.
 */
export function huffmanLengths(freq: ArrayLike<number>, maxBits: number): Uint8Array {
  const n = freq.length;
  const lengths = new Uint8Array(n);
  const f = Array.from(freq);
  const used: number[] = [];
  for (let i = 0; i < n; i++) if (f[i] > 0) used.push(i);
  if (used.length === 0) return lengths;
  if (used.length === 1) {
    // A code needs two symbols; give the lone one a partner that is never sent.
    used.push(used[0] === 0 ? 1 : 0);
    f[used[1]] = 1;
  }
  for (;;) {
    // Two-queue Huffman construction over leaves sorted by count.
    const leaves = used.slice().sort((x, y) => f[x] - f[y] || x - y);
    const k = leaves.length;
    const weight = new Float64Array(2 * k);
    const parent = new Int32Array(2 * k);
    for (let i = 0; i < k; i++) weight[i] = f[leaves[i]];
    let leaf = 0;
    let inner = k;
    let next = k;
    const take = () => (leaf < k && (inner >= next || weight[leaf] <= weight[inner]) ? leaf++ : inner++);
    for (; next < 2 * k - 1; next++) {
      const a = take();
      const b = take();
      weight[next] = weight[a] + weight[b];
      parent[a] = next;
      parent[b] = next;
    }
    const depth = new Uint8Array(2 * k);
    let deepest = 0;
    for (let i = 2 * k - 3; i >= 0; i--) {
      depth[i] = depth[parent[i]] + 1;
      if (i < k && depth[i] > deepest) deepest = depth[i];
    }
    if (deepest <= maxBits) {
      for (let i = 0; i < k; i++) lengths[leaves[i]] = depth[i];
      return lengths;
    }
    for (const i of used) f[i] = Math.max(1, f[i] >>> 1);
  }
}

/** Canonical codes for the lengths (RFC 1951 3.2.2), bit-reversed because deflate sends them LSB first. */
function canonicalCodes(lengths: Uint8Array): Uint16Array {
  const count = new Uint16Array(16);
  for (const l of lengths) if (l) count[l]++;
  const next = new Uint16Array(16);
  for (let bits = 1, code = 0; bits < 16; bits++) {
    code = (code + count[bits - 1]) << 1;
    next[bits] = code;
  }
  const codes = new Uint16Array(lengths.length);
  for (let sym = 0; sym < lengths.length; sym++) {
    const l = lengths[sym];
    if (!l) continue;
    let c = next[l]++;
    let r = 0;
    for (let i = 0; i < l; i++, c >>= 1) r = (r << 1) | (c & 1);
    codes[sym] = r;
  }
  return codes;
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length;) {
    // Sums stay exact well past zlib's 5552-byte block in doubles; reduce every block anyway.
    const end = Math.min(data.length, i + 5552);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

// Scratch arrays reused from call to call (encoding is synchronous, so one set per thread is enough).
// In Chromium a fresh 150 kB array per 224×224 image cost more than encoding it: allocation, zeroing,
// page faults and the GC pauses they bring made a worker's encodes 2-3× slower and spiky.
/** Scratch arrays up to this many bytes are kept; larger ones are allocated for the call and dropped. */
const SCRATCH_KEEP = 4 << 20;
let rawScratch = new Uint8Array(0);
let tokenScratch = new Uint16Array(0);

function scratchBytes(n: number): Uint8Array {
  if (n > SCRATCH_KEEP) return new Uint8Array(n);
  if (rawScratch.length < n) rawScratch = new Uint8Array(n);
  return rawScratch.subarray(0, n);
}

function scratchTokens(n: number): Uint16Array {
  if (n * 2 > SCRATCH_KEEP) return new Uint16Array(n);
  if (tokenScratch.length < n) tokenScratch = new Uint16Array(n);
  return tokenScratch;
}

/** A zlib stream of `data`, or null when run-length coding would not shrink it to a quarter. Exported for tests. */
export function zlibRunLength(data: Uint8Array): Uint8Array | null {
  const n = data.length;
  const maxTokens = Math.max(16, n >> 2);
  // Pass 1: tokens. A literal byte is its value; a copy of `len` previous bytes is 1000 + len.
  const tokens = scratchTokens(maxTokens);
  let t = 0;
  const litFreq = new Uint32Array(286);
  for (let i = 0; i < n;) {
    if (t + 2 >= maxTokens) return null; // not run-length data
    const v = data[i++];
    tokens[t++] = v;
    litFreq[v]++;
    let run = 0;
    while (i + run < n && data[i + run] === v) run++;
    while (run >= 3) {
      // Split long runs so no piece is left shorter than the 3-byte minimum.
      const len = run > 258 ? (run - 258 < 3 ? run - 3 : 258) : run;
      if (t >= maxTokens) return null;
      tokens[t++] = 1000 + len;
      litFreq[LENGTH_SYMBOL[len]]++;
      run -= len;
      i += len;
    }
  }
  litFreq[256] = 1; // end of block

  // Code lengths: literal/length alphabet (15 bits max); distances use code 0 only, but a complete
  // two-code tree (codes 0 and 1, one bit each) keeps every inflater happy.
  const litLens = huffmanLengths(litFreq, 15);
  const litCodes = canonicalCodes(litLens);
  let hlit = 286;
  while (hlit > 257 && litLens[hlit - 1] === 0) hlit--;
  const hdist = 2;
  const all = new Uint8Array(hlit + hdist);
  all.set(litLens.subarray(0, hlit));
  all[hlit] = 1;
  all[hlit + 1] = 1;

  // Run-length code the code lengths: 16 = repeat previous 3-6, 17 = zeros 3-10, 18 = zeros 11-138.
  const clSyms: number[] = [];
  const clExtra: number[] = [];
  for (let i = 0; i < all.length;) {
    const l = all[i];
    let run = 1;
    while (i + run < all.length && all[i + run] === l) run++;
    i += run;
    if (l === 0) {
      while (run >= 11) {
        const r = Math.min(run, 138);
        clSyms.push(18);
        clExtra.push(r - 11);
        run -= r;
      }
      if (run >= 3) {
        clSyms.push(17);
        clExtra.push(run - 3);
        run = 0;
      }
    } else {
      clSyms.push(l);
      clExtra.push(0);
      run--;
      while (run >= 3) {
        const r = Math.min(run, 6);
        clSyms.push(16);
        clExtra.push(r - 3);
        run -= r;
      }
    }
    for (; run > 0; run--) {
      clSyms.push(l);
      clExtra.push(0);
    }
  }
  const clFreq = new Uint32Array(19);
  for (const s of clSyms) clFreq[s]++;
  const clLens = huffmanLengths(clFreq, 7);
  const clCodes = canonicalCodes(clLens);
  let hclen = 19;
  while (hclen > 4 && clLens[CL_ORDER[hclen - 1]] === 0) hclen--;

  // Pass 2: bits. Worst case is bounded by the token count at 15 + 5 + 1 bits each.
  const out = new Uint8Array(64 + ((t * 21 + 7) >> 3) + ((clSyms.length * 14 + 7) >> 3) + hclen);
  out[0] = 0x78; // deflate, 32 kB window
  out[1] = 0x01; // "fastest" hint; (0x78 << 8 | 0x01) % 31 === 0
  let pos = 2;
  let bitBuf = 0;
  let bitCount = 0;
  const put = (value: number, bits: number) => {
    bitBuf |= value << bitCount;
    bitCount += bits;
    while (bitCount >= 8) {
      out[pos++] = bitBuf & 0xff;
      bitBuf >>>= 8;
      bitCount -= 8;
    }
  };
  put(1, 1); // BFINAL
  put(2, 2); // BTYPE = 10, dynamic Huffman
  put(hlit - 257, 5);
  put(hdist - 1, 5);
  put(hclen - 4, 4);
  for (let i = 0; i < hclen; i++) put(clLens[CL_ORDER[i]], 3);
  for (let i = 0; i < clSyms.length; i++) {
    const s = clSyms[i];
    put(clCodes[s], clLens[s]);
    if (s === 16) put(clExtra[i], 2);
    else if (s === 17) put(clExtra[i], 3);
    else if (s === 18) put(clExtra[i], 7);
  }
  for (let i = 0; i < t; i++) {
    const tok = tokens[i];
    if (tok < 256) {
      put(litCodes[tok], litLens[tok]);
    } else {
      const len = tok - 1000;
      const sym = LENGTH_SYMBOL[len];
      put(litCodes[sym], litLens[sym]);
      if (LENGTH_EXTRA_BITS[len]) put(LENGTH_EXTRA[len], LENGTH_EXTRA_BITS[len]);
      put(0, 1); // distance code 0 (distance 1), whose code is the single bit 0
    }
  }
  put(litCodes[256], litLens[256]);
  if (bitCount > 0) put(0, 8 - bitCount);
  writeU32(out, pos, adler32(data));
  return out.subarray(0, pos + 4);
}

/**
 * Encodes 8-bit pixels (row-major, `channels` samples per pixel) as a PNG.
 * Same input → same bytes.
 */
export function encodePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  opts: EncodePngOptions = {},
): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new TilewrightError('invalid-params', `PNG: bad size ${width}x${height}`, 'size');
  if (channels !== 1 && channels !== 3 && channels !== 4)
    throw new TilewrightError('invalid-params', `PNG: unsupported channel count ${channels}`, 'channels');
  const stride = width * channels;
  if (pixels.length < stride * height)
    throw new TilewrightError(
      'invalid-params',
      `PNG: ${pixels.length} bytes for ${width}x${height}x${channels}`,
      'pixels',
    );

  // Every byte of raw is written below (a filter type, then the row).
  const raw = scratchBytes((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const c = y * stride;
    const o = y * (stride + 1);
    const type = chooseFilter(pixels, c, stride, channels, y === 0);
    raw[o] = type;
    filterRow(type, pixels, c, stride, channels, raw, o + 1);
  }
  // Photos barely shrink under run-length coding alone (null): they get fflate's LZ77.
  let idat = opts.level === undefined ? zlibRunLength(raw) : null;
  if (!idat) {
    const level = Math.max(0, Math.min(9, Math.round(opts.level ?? FALLBACK_LEVEL)));
    idat = zlibSync(raw, { level: level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 });
  }

  const colorType = channels === 1 ? 0 : channels === 3 ? 2 : 6;
  const out = new Uint8Array(8 + 25 + 12 + idat.length + 12);
  out.set(SIGNATURE, 0);
  let pos = 8;
  const chunk = (type: string, data: Uint8Array | null, length: number) => {
    writeU32(out, pos, length);
    for (let i = 0; i < 4; i++) out[pos + 4 + i] = type.charCodeAt(i);
    if (data) out.set(data, pos + 8);
    writeU32(out, pos + 8 + length, crc32(out, pos + 4, pos + 8 + length));
    pos += 12 + length;
  };
  const ihdr = new Uint8Array(13);
  writeU32(ihdr, 0, width);
  writeU32(ihdr, 4, height);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  // compression 0, filter method 0, no interlace
  chunk('IHDR', ihdr, 13);
  chunk('IDAT', idat, idat.length);
  chunk('IEND', null, 0);
  return out;
}

// ---------------------------------------------------------------- decode

const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ALLOWED_DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

function paeth(a: number, b: number, c: number): number {
  const pa = Math.abs(b - c);
  const pb = Math.abs(a - c);
  const pc = Math.abs(a + b - 2 * c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses the per-row filters in place; `data` holds (1 + rowBytes) * height bytes. */
function unfilter(data: Uint8Array, height: number, rowBytes: number, bpp: number): Uint8Array {
  const out = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const type = data[y * (rowBytes + 1)];
    const s = y * (rowBytes + 1) + 1;
    const o = y * rowBytes;
    const u = o - rowBytes; // previous output row
    switch (type) {
      case 0:
        out.set(data.subarray(s, s + rowBytes), o);
        break;
      case 1:
        for (let i = 0; i < rowBytes; i++)
          out[o + i] = (data[s + i] + (i >= bpp ? out[o + i - bpp] : 0)) & 0xff;
        break;
      case 2:
        if (y === 0) out.set(data.subarray(s, s + rowBytes), o);
        else for (let i = 0; i < rowBytes; i++) out[o + i] = (data[s + i] + out[u + i]) & 0xff;
        break;
      case 3:
        for (let i = 0; i < rowBytes; i++) {
          const a = i >= bpp ? out[o + i - bpp] : 0;
          const b = y > 0 ? out[u + i] : 0;
          out[o + i] = (data[s + i] + ((a + b) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < rowBytes; i++) {
          const a = i >= bpp ? out[o + i - bpp] : 0;
          const b = y > 0 ? out[u + i] : 0;
          const c = y > 0 && i >= bpp ? out[u + i - bpp] : 0;
          out[o + i] = (data[s + i] + paeth(a, b, c)) & 0xff;
        }
        break;
      default:
        throw badFile(`unknown filter type ${type} in row ${y}`);
    }
  }
  return out;
}

interface RawPng {
  rows: Uint8Array;
  width: number;
  height: number;
  rowBytes: number;
  bitDepth: number;
  colorType: number;
  palette: Uint8Array | null;
  paletteAlpha: Uint8Array | null;
}

/** Decodes a non-interlaced PNG to 8-bit samples. Throws TilewrightError('bad-file') on anything else. */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const r = decodeRaw(bytes);
  return expand(r.rows, r.width, r.height, r.rowBytes, r.bitDepth, r.colorType, r.palette, r.paletteAlpha);
}

/**
 * A label map: one class index per pixel, as stored. Gray PNGs give their values unscaled (a 1-bit map
 * gives 0 and 1, not 0 and 255), palette PNGs their palette indices; colour PNGs are refused.
 */
export function decodeLabelPng(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const { rows, width, height, rowBytes, bitDepth, colorType } = decodeRaw(bytes);
  if (colorType !== 0 && colorType !== 3)
    throw badFile(`a label map must be a grayscale or palette PNG (this one has colour type ${colorType})`);
  const data = new Uint8Array(width * height);
  const mask = (1 << Math.min(bitDepth, 8)) - 1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let v: number;
      if (bitDepth === 16) {
        v = (rows[y * rowBytes + 2 * x] << 8) | rows[y * rowBytes + 2 * x + 1];
        if (v > 255) throw badFile(`label ${v} at (${x}, ${y}) is above 255`);
      } else if (bitDepth === 8) v = rows[y * rowBytes + x];
      else {
        const bit = x * bitDepth;
        v = (rows[y * rowBytes + (bit >> 3)] >> (8 - bitDepth - (bit & 7))) & mask;
      }
      data[y * width + x] = v;
    }
  return { width, height, data };
}

function decodeRaw(bytes: Uint8Array): RawPng {
  if (!isPng(bytes)) throw badFile('not a PNG file (bad signature)');
  let pos = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = -1;
  let palette: Uint8Array | null = null;
  let paletteAlpha: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let idatLength = 0;
  let sawEnd = false;

  while (pos < bytes.length) {
    if (pos + 12 > bytes.length) throw badFile('file is truncated (incomplete chunk header)');
    const length = readU32(bytes, pos);
    const type = String.fromCharCode(bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]);
    const start = pos + 8;
    const end = start + length;
    if (end + 4 > bytes.length) throw badFile(`file is truncated (chunk ${type} runs past the end)`);
    if (crc32(bytes, pos + 4, end) !== readU32(bytes, end))
      throw badFile(`checksum mismatch in chunk ${type}`);
    const body = bytes.subarray(start, end);
    pos = end + 4;

    if (colorType < 0 && type !== 'IHDR') throw badFile('first chunk is not IHDR');
    if (type === 'IHDR') {
      if (colorType >= 0) throw badFile('more than one IHDR chunk');
      if (length !== 13) throw badFile('IHDR has the wrong length');
      width = readU32(body, 0);
      height = readU32(body, 4);
      bitDepth = body[8];
      colorType = body[9];
      if (width === 0 || height === 0) throw badFile(`image has zero size (${width}x${height})`);
      if (!(colorType in SAMPLES)) throw badFile(`unknown colour type ${colorType}`);
      if (!ALLOWED_DEPTHS[colorType].includes(bitDepth))
        throw badFile(`bit depth ${bitDepth} is not allowed for colour type ${colorType}`);
      if (body[10] !== 0 || body[11] !== 0) throw badFile('unknown compression or filter method');
      if (body[12] !== 0)
        throw badFile('interlaced (Adam7) images are not supported; re-save without interlacing');
      if (width * height > MAX_PIXELS) throw badFile(`image too large (${width}x${height})`);
    } else if (type === 'PLTE') {
      if (length % 3 !== 0 || length === 0 || length > 768) throw badFile('bad palette length');
      palette = body;
    } else if (type === 'tRNS') {
      if (colorType === 3) paletteAlpha = body;
      // Colour-key transparency of gray/RGB images is ignored: the pixels themselves are kept.
    } else if (type === 'IDAT') {
      idat.push(body);
      idatLength += length;
    } else if (type === 'IEND') {
      sawEnd = true;
      break;
    } else if ((type.charCodeAt(0) & 0x20) === 0) {
      throw badFile(`unknown critical chunk ${type}`);
    }
  }
  if (colorType < 0) throw badFile('no IHDR chunk');
  if (idat.length === 0) throw badFile(sawEnd ? 'no image data (IDAT)' : 'file is truncated (no image data)');
  if (colorType === 3 && !palette) throw badFile('palette image without a PLTE chunk');

  const compressed = idat.length === 1 ? idat[0] : new Uint8Array(idatLength);
  if (idat.length > 1) {
    let o = 0;
    for (const part of idat) {
      compressed.set(part, o);
      o += part.length;
    }
  }
  let inflated: Uint8Array;
  try {
    inflated = unzlibSync(compressed);
  } catch (e) {
    throw badFile(`image data is corrupt (${(e as Error).message})`);
  }

  const samples = SAMPLES[colorType];
  const bitsPerPixel = samples * bitDepth;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  if (inflated.length < (rowBytes + 1) * height)
    throw badFile(`image data is truncated (${inflated.length} of ${(rowBytes + 1) * height} bytes)`);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const rows = unfilter(inflated, height, rowBytes, bpp);
  return { rows, width, height, rowBytes, bitDepth, colorType, palette, paletteAlpha };
}

function expand(
  rows: Uint8Array,
  width: number,
  height: number,
  rowBytes: number,
  bitDepth: number,
  colorType: number,
  palette: Uint8Array | null,
  paletteAlpha: Uint8Array | null,
): DecodedPng {
  const n = width * height;
  if (colorType === 3) {
    const pal = palette as Uint8Array;
    const entries = pal.length / 3;
    const channels = paletteAlpha ? 4 : 3;
    const data = new Uint8Array(n * channels);
    const mask = (1 << bitDepth) - 1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = x * bitDepth;
        const idx = (rows[y * rowBytes + (bit >> 3)] >> (8 - bitDepth - (bit & 7))) & mask;
        if (idx >= entries) throw badFile(`palette index ${idx} out of range (${entries} entries)`);
        const o = (y * width + x) * channels;
        data[o] = pal[idx * 3];
        data[o + 1] = pal[idx * 3 + 1];
        data[o + 2] = pal[idx * 3 + 2];
        if (paletteAlpha) data[o + 3] = idx < paletteAlpha.length ? paletteAlpha[idx] : 255;
      }
    }
    return { width, height, channels, bitDepth, data };
  }

  const channels = SAMPLES[colorType] as 1 | 2 | 3 | 4;
  if (bitDepth === 8)
    return {
      width,
      height,
      channels,
      bitDepth,
      data: rows.length === n * channels ? rows : rows.slice(0, n * channels),
    };
  const data = new Uint8Array(n * channels);
  if (bitDepth === 16) {
    for (let y = 0, o = 0; y < height; y++) {
      const r = y * rowBytes;
      for (let i = 0; i < width * channels; i++, o++) {
        const v = (rows[r + 2 * i] << 8) | rows[r + 2 * i + 1];
        data[o] = Math.floor(v / 257 + 0.5);
      }
    }
    return { width, height, channels, bitDepth, data };
  }
  // Gray at 1/2/4 bits: scale to the full 0-255 range.
  const mask = (1 << bitDepth) - 1;
  const scale = 255 / mask;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * bitDepth;
      const v = (rows[y * rowBytes + (bit >> 3)] >> (8 - bitDepth - (bit & 7))) & mask;
      data[y * width + x] = v * scale;
    }
  }
  return { width, height, channels, bitDepth, data };
}

// ---------------------------------------------------------------- header sniffing

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp';

/** Width and height from the file header, without decoding pixels; null if the format is unknown or the header is cut short. */
export function imageSize(bytes: Uint8Array): { width: number; height: number; format: ImageFormat } | null {
  const b = bytes;
  const le16 = (p: number) => b[p] | (b[p + 1] << 8);
  const be16 = (p: number) => (b[p] << 8) | b[p + 1];
  const le32 = (p: number) => b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24) | 0;
  const ascii = (p: number, s: string) => {
    if (p + s.length > b.length) return false;
    for (let i = 0; i < s.length; i++) if (b[p + i] !== s.charCodeAt(i)) return false;
    return true;
  };
  const result = (width: number, height: number, format: ImageFormat) =>
    width > 0 && height > 0 ? { width, height, format } : null;

  if (isPng(b)) {
    if (b.length < 24 || !ascii(12, 'IHDR')) return null;
    return result(readU32(b, 16), readU32(b, 20), 'png');
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    let p = 2;
    while (p + 4 <= b.length) {
      if (b[p] !== 0xff) return null;
      const marker = b[p + 1];
      if (marker === 0xff) {
        p++; // fill byte
        continue;
      }
      // Markers without a length field.
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        p += 2;
        continue;
      }
      if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any frame header
      const length = be16(p + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) {
        if (p + 9 > b.length) return null;
        return result(be16(p + 7), be16(p + 5), 'jpeg');
      }
      p += 2 + length;
    }
    return null;
  }
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) {
    if (b.length < 10) return null;
    return result(le16(6), le16(8), 'gif');
  }
  if (ascii(0, 'BM') && b.length >= 26) {
    const header = le32(14);
    if (header === 12) return result(le16(18), le16(20), 'bmp');
    return result(Math.abs(le32(18)), Math.abs(le32(22)), 'bmp'); // negative height: top-down rows
  }
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) {
    if (ascii(12, 'VP8 ') && b.length >= 30) {
      if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
      return result(le16(26) & 0x3fff, le16(28) & 0x3fff, 'webp');
    }
    if (ascii(12, 'VP8L') && b.length >= 25) {
      if (b[20] !== 0x2f) return null;
      const w = 1 + (((b[22] & 0x3f) << 8) | b[21]);
      const h = 1 + (((b[24] & 0x0f) << 10) | (b[23] << 2) | ((b[22] & 0xc0) >> 6));
      return result(w, h, 'webp');
    }
    if (ascii(12, 'VP8X') && b.length >= 30) {
      const w = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
      const h = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
      return result(w, h, 'webp');
    }
  }
  return null;
}
