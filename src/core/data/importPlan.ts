// The checks and bookkeeping of an import that need no browser: image type sniffing, mask validation
// from the PNG bytes, class names of segmentation data, and cutting the plan into storage batches.
// The import worker does the reading and the image decoding (createImageBitmap) around these.
import { decodePng, encodePng, isPng, type DecodedPng } from '../formats/png';
import { isTilewrightError } from '../errors';
import type { ImportProblem } from '../../protocol/jobs';
import type { SampleMeta } from '../../protocol/records';

// ---- image types ----

/** MIME type from the first bytes of a file, or undefined when the format is not one we know. */
export function sniffImageType(b: Uint8Array): string | undefined {
  if (isPng(b)) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const ascii = (p: number, s: string) => {
    if (p + s.length > b.length) return false;
    for (let i = 0; i < s.length; i++) if (b[p + i] !== s.charCodeAt(i)) return false;
    return true;
  };
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'BM') && b.length >= 26) return 'image/bmp';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(4, 'ftypavif') || ascii(4, 'ftypavis')) return 'image/avif';
  if (
    (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) ||
    (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a)
  )
    return 'image/tiff';
  return undefined;
}

/** Formats browsers cannot decode with createImageBitmap; reported with a reason instead of a vague failure. */
export function unsupportedImageReason(type: string): string | undefined {
  if (type === 'image/tiff')
    return 'TIFF images cannot be decoded by the browser (multispectral EuroSAT comes as TIFF: use the RGB version, or convert to PNG)';
  return undefined;
}

// ---- masks ----

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
  colorType: number;
}

export function readPngHeader(bytes: Uint8Array): PngHeader | null {
  if (!isPng(bytes) || bytes.length < 33) return null;
  const u32 = (p: number) =>
    ((bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3]) >>> 0;
  if (String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]) !== 'IHDR') return null;
  return { width: u32(16), height: u32(20), bitDepth: bytes[24], colorType: bytes[25] };
}

/** The PLTE chunk's RGB triplets (and tRNS alpha), read without checking CRCs (decodePng already has). */
export function readPngPalette(bytes: Uint8Array): { rgb: Uint8Array; alpha: Uint8Array | null } | null {
  let pos = 8;
  let rgb: Uint8Array | null = null;
  let alpha: Uint8Array | null = null;
  while (pos + 8 <= bytes.length) {
    const len = ((bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3]) >>> 0;
    const type = String.fromCharCode(bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]);
    const body = bytes.subarray(pos + 8, pos + 8 + len);
    if (type === 'PLTE') rgb = body;
    else if (type === 'tRNS') alpha = body;
    else if (type === 'IDAT' || type === 'IEND') break;
    pos += 12 + len;
  }
  return rgb ? { rgb, alpha } : null;
}

export type MaskCheck =
  | {
      ok: true;
      /** One class id per pixel, row-major. */
      classMap: Uint8Array;
      /** Class ids present, ascending, background (0) excluded. */
      classes: number[];
      /** Largest class id present (0 if only background). */
      maxClass: number;
      /**
       * The bytes to store: the original file when it is already an 8-bit grayscale PNG, else the class map
       * re-encoded as one (palette, low-depth and gray-RGB masks), so every stored mask reads the same way.
       */
      stored: Uint8Array;
    }
  | { ok: false; problem: ImportProblem };

/**
 * Validates a mask PNG against the size of its image and reads its class indices. Accepted: 8-bit gray;
 * 1/2/4-bit gray (values as stored, not scaled); palette (the palette index is the class, as in Pascal VOC);
 * gray+alpha (gray used); RGB/RGBA whose channels are equal (R used). Refused: 16-bit, coloured RGB.
 */
export function checkMask(
  bytes: Uint8Array,
  image: { width: number; height: number },
  path: string,
): MaskCheck {
  const bad = (reason: ImportProblem['reason'], detail: string): MaskCheck => ({
    ok: false,
    problem: { path, reason, detail },
  });
  const header = readPngHeader(bytes);
  if (!header) return bad('bad-mask', 'not a PNG file');
  if (header.bitDepth === 16)
    return bad(
      'bad-mask',
      '16-bit masks are not supported: save class indices as an 8-bit grayscale or palette PNG',
    );
  let decoded: DecodedPng;
  try {
    decoded = decodePng(bytes);
  } catch (e) {
    return bad('bad-mask', isTilewrightError(e) ? e.message : `cannot decode: ${String(e)}`);
  }
  const { width, height } = decoded;
  if (width !== image.width || height !== image.height)
    return bad('size-mismatch', `mask is ${width}×${height}, image is ${image.width}×${image.height}`);

  const n = width * height;
  let classMap: Uint8Array;
  let reencode = true;
  if (header.colorType === 3) {
    const pal = readPngPalette(bytes);
    if (!pal) return bad('bad-mask', 'palette PNG without a palette');
    const map = paletteIndexMap(pal.rgb, decoded.channels === 4 ? pal.alpha : null);
    classMap = new Uint8Array(n);
    const ch = decoded.channels;
    const d = decoded.data;
    for (let i = 0, o = 0; i < n; i++, o += ch) {
      const key =
        ch === 4
          ? ((d[o] << 24) | (d[o + 1] << 16) | (d[o + 2] << 8) | d[o + 3]) >>> 0
          : (d[o] << 16) | (d[o + 1] << 8) | d[o + 2];
      // decodePng expands palette indices to colours; map each colour back to its (first) palette index.
      classMap[i] = map.get(key) ?? 0;
    }
  } else if (decoded.channels === 1 || decoded.channels === 2) {
    const ch = decoded.channels;
    if (ch === 1 && header.bitDepth === 8) {
      classMap = decoded.data;
      reencode = false;
    } else {
      classMap = new Uint8Array(n);
      const step = header.bitDepth < 8 ? 255 / ((1 << header.bitDepth) - 1) : 1;
      for (let i = 0; i < n; i++) classMap[i] = Math.round(decoded.data[i * ch] / step);
    }
  } else {
    const ch = decoded.channels;
    const d = decoded.data;
    classMap = new Uint8Array(n);
    for (let i = 0, o = 0; i < n; i++, o += ch) {
      if (d[o] !== d[o + 1] || d[o] !== d[o + 2]) {
        const x = i % width;
        const y = (i - x) / width;
        return bad(
          'bad-mask',
          `colour mask (pixel ${x},${y} is rgb(${d[o]},${d[o + 1]},${d[o + 2]})): masks must hold class indices (gray or palette PNG)`,
        );
      }
      classMap[i] = d[o];
    }
  }

  const { classes, maxClass } = classesPresent(classMap);
  const stored = reencode ? encodePng(classMap, width, height, 1) : bytes;
  return { ok: true, classMap, classes, maxClass, stored };
}

function paletteIndexMap(rgb: Uint8Array, alpha: Uint8Array | null): Map<number, number> {
  const map = new Map<number, number>();
  const entries = rgb.length / 3;
  for (let i = entries - 1; i >= 0; i--) {
    // Iterating down so that the lowest index wins when colours repeat (unused entries are often all black).
    const r = rgb[i * 3];
    const g = rgb[i * 3 + 1];
    const b = rgb[i * 3 + 2];
    const key = alpha
      ? ((r << 24) | (g << 16) | (b << 8) | (i < alpha.length ? alpha[i] : 255)) >>> 0
      : (r << 16) | (g << 8) | b;
    map.set(key, i);
  }
  return map;
}

/** Distinct class ids of a class map (ascending, background 0 excluded) and the largest. */
export function classesPresent(classMap: Uint8Array): { classes: number[]; maxClass: number } {
  const seen = new Uint8Array(256);
  for (let i = 0; i < classMap.length; i++) seen[classMap[i]] = 1;
  const classes: number[] = [];
  for (let c = 1; c < 256; c++) if (seen[c]) classes.push(c);
  return { classes, maxClass: classes.length ? classes[classes.length - 1] : 0 };
}

/** Class names of a segmentation import: background, then 'class k' up to the largest index seen. */
export function segmentationClassNames(maxClass: number): string[] {
  return ['background', ...Array.from({ length: maxClass }, (_, k) => `class ${k + 1}`)];
}

// ---- samples and batches ----

/** Metadata of an imported sample (no instances: minVisible is 1). Split is assigned at the end of the import. */
export function importedMeta(
  index: number,
  name: string,
  size: { width: number; height: number },
  label: number | undefined,
  maskClasses: number[] | undefined,
): SampleMeta {
  const meta: SampleMeta = {
    index,
    name,
    width: size.width,
    height: size.height,
    split: 'train',
    classes: label !== undefined ? [label] : (maskClasses ?? []),
    minVisible: 1,
  };
  if (label !== undefined) meta.label = label;
  return meta;
}

/**
 * Cuts items into consecutive batches of at most `maxCount` items and about `maxBytes` bytes (a single
 * item larger than that is a batch of its own), so a batch of large images does not hold gigabytes in memory.
 */
export function cutBatches<T>(
  items: readonly T[],
  bytesOf: (item: T) => number,
  maxCount: number,
  maxBytes: number,
): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const it of items) {
    const b = bytesOf(it);
    if (cur.length && (cur.length >= maxCount || bytes + b > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(it);
    bytes += b;
  }
  if (cur.length) out.push(cur);
  return out;
}
