// Decoded image -> network input: crop, resize, flips, rotation, colour jitter and normalisation, written
// straight into a batch's Float32Array (HWC). Augmentation draws from a generator seeded per (run seed,
// epoch, sample key), so a sample looks the same whichever batch, worker or resumed run prepares it.
import { TilewrightError } from '../errors';
import { Random, seedFor } from '../random';
import type { AugmentConfig, Normalization } from './config';
import type { DecodedImage } from './types';

export interface Preprocess {
  /** Side of the square output in pixels. */
  inputSize: number;
  /** Channels of the output; 1-channel (gray) and 4-channel (RGBA) images become 3 when this is 3. */
  channels: number;
  /** Per channel, in 0..1 units: the output is (pixel / 255 - mean) / std. */
  mean: number[];
  std: number[];
  /** Training augmentation; null for evaluation (plain resize of the whole image). */
  augment: AugmentConfig | null;
}

export interface ChannelStats {
  mean: number[];
  std: number[];
}

export const IMAGENET: ChannelStats = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** The smallest std channelStats reports, so a constant channel does not divide by zero. */
const MIN_STD = 1e-6;

/** Mean and std for a normalisation choice; 'dataset' takes them from channelStats of the training split. */
export function normalizationStats(
  n: Normalization,
  channels: number,
  datasetStats?: ChannelStats,
): ChannelStats {
  switch (n) {
    case 'unit':
      return { mean: new Array<number>(channels).fill(0), std: new Array<number>(channels).fill(1) };
    case 'imagenet':
      if (channels !== 3)
        throw new TilewrightError(
          'invalid-params',
          `ImageNet normalisation needs 3-channel (RGB) input, not ${channels}.`,
          'normalization',
        );
      return { mean: [...IMAGENET.mean], std: [...IMAGENET.std] };
    case 'dataset':
      if (!datasetStats)
        throw new TilewrightError(
          'invalid-params',
          'Dataset normalisation needs the mean and std of the training split.',
          'normalization',
        );
      if (datasetStats.mean.length !== channels || datasetStats.std.length !== channels)
        throw new TilewrightError(
          'invalid-params',
          `Dataset statistics have ${datasetStats.mean.length} channels, the input has ${channels}.`,
          'normalization',
        );
      return { mean: [...datasetStats.mean], std: [...datasetStats.std] };
  }
}

/**
 * Offset of each output channel inside a source pixel: the same channels, gray replicated to RGB, or RGBA
 * without its alpha. Anything else would need a choice a person should make, so it throws.
 */
function channelMap(imageChannels: number, channels: number): Int32Array {
  if (imageChannels === channels) return Int32Array.from({ length: channels }, (_, c) => c);
  if (channels === 3 && imageChannels === 1) return new Int32Array(3);
  if (channels === 3 && imageChannels === 4) return Int32Array.of(0, 1, 2);
  throw new TilewrightError(
    'invalid-params',
    `A ${imageChannels}-channel image cannot be used as ${channels}-channel input.`,
    'channels',
  );
}

function checkImage(img: DecodedImage): void {
  const { width, height, channels, pixels } = img;
  if (!(width >= 1 && height >= 1 && channels >= 1) || pixels.length < width * height * channels)
    throw new TilewrightError(
      'invalid-params',
      `Bad image: ${width}×${height}×${channels} with ${pixels.length} bytes.`,
      'image',
    );
}

/**
 * Per-channel mean and population std over every pixel of `images`, in 0..1 units (std at least 1e-6).
 * Sums are of integers, exact in doubles up to ~10^11 pixels, so the order of images does not matter.
 */
export function channelStats(images: Iterable<DecodedImage>, channels: number): ChannelStats {
  const s1 = new Array<number>(channels).fill(0);
  const s2 = new Array<number>(channels).fill(0);
  let count = 0;
  for (const img of images) {
    checkImage(img);
    const map = channelMap(img.channels, channels);
    const { pixels, channels: ic } = img;
    const n = img.width * img.height;
    for (let c = 0; c < channels; c++) {
      let a = 0;
      let b = 0;
      for (let i = map[c], end = n * ic; i < end; i += ic) {
        const v = pixels[i];
        a += v;
        b += v * v;
      }
      s1[c] += a;
      s2[c] += b;
    }
    count += n;
  }
  if (count === 0)
    throw new TilewrightError(
      'invalid-params',
      'No images to compute channel statistics from.',
      'normalization',
    );
  const mean = s1.map((s) => s / count / 255);
  const std = s2.map((s, c) => {
    const m = s1[c] / count;
    return Math.max(MIN_STD, Math.sqrt(Math.max(0, s / count - m * m)) / 255);
  });
  return { mean, std };
}

// Separate streams for shuffling and augmentation, so neither repeats the other's numbers.
const AUGMENT_STREAM = 0x41554731;
const SHUFFLE_STREAM = 0x53485546;

/** The augmentation seed of one sample in one epoch: independent of the batch and order it lands in. */
export function augmentSeed(randomSeed: number, epoch: number, key: number): number {
  return seedFor(seedFor(randomSeed ^ AUGMENT_STREAM, epoch), key);
}

/** The keys in a seeded Fisher–Yates order that depends only on (keys, randomSeed, epoch). */
export function shuffledOrder(keys: number[], randomSeed: number, epoch: number): number[] {
  const order = [...keys];
  const r = new Random(seedFor(randomSeed ^ SHUFFLE_STREAM, epoch));
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

// ---------------------------------------------------------------- random resized crop

interface Box {
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
function randomResizedCrop(width: number, height: number, scaleMin: number, r: Random): Box {
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

// ---------------------------------------------------------------- resize

/**
 * Bilinear sampling along one axis, half-pixel centres (align_corners=False: PyTorch's interpolate,
 * OpenCV's INTER_LINEAR): output d is v[i0[d]] + t[d] * (v[i1[d]] - v[i0[d]]) over `cells` inputs.
 */
class Axis {
  i0 = new Int32Array(0);
  i1 = new Int32Array(0);
  t = new Float64Array(0);

  fill(cells: number, scale: number, size: number): void {
    if (this.i0.length < size) {
      this.i0 = new Int32Array(size);
      this.i1 = new Int32Array(size);
      this.t = new Float64Array(size);
    }
    for (let d = 0; d < size; d++) {
      let src = (d + 0.5) * scale - 0.5;
      if (src < 0) src = 0;
      else if (src > cells - 1) src = cells - 1;
      const p = Math.floor(src);
      this.i0[d] = p;
      this.i1[d] = p + 1 < cells ? p + 1 : p;
      this.t[d] = src - p;
    }
  }

  /** Output d reads input d. */
  identity(size: number): void {
    for (let d = 0; d < size; d++) {
      this.i0[d] = d;
      this.i1[d] = d;
      this.t[d] = 0;
    }
  }
}

/**
 * Shrinking by more than 2× first averages cells of k = floor(length / size) pixels (the last cell may be
 * short) and interpolates between cell centres, so every pixel counts and fine detail does not alias
 * away (at exactly k× this is area averaging). Up to 2×, bilinear alone already weighs every pixel.
 */
function poolFactor(length: number, size: number): number {
  return length > 2 * size ? Math.floor(length / size) : 1;
}

// Scratch reused across calls (prepareSample is synchronous, so one set per thread is enough).
const axisX = new Axis();
const axisY = new Axis();
let pooled: Float64Array = new Float64Array(0);
let rows: Float64Array = new Float64Array(0);
let resized: Float64Array = new Float64Array(0);
const rng = new Random(0);

function grow(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(n);
}

/** Averages kx×ky cells of `box` (channels mapped) into `pooled`: cw×ch cells, in 0..255 units. */
function pool(
  img: DecodedImage,
  map: Int32Array,
  box: Box,
  kx: number,
  ky: number,
  cw: number,
  ch: number,
): void {
  const { pixels, width, channels: ic } = img;
  const channels = map.length;
  const n = cw * ch * channels;
  const out = (pooled = grow(pooled, n));
  out.fill(0, 0, n);
  const cellRow = cw * channels;
  const bw = box.w;
  for (let y = 0; y < box.h; y++) {
    const o = ((y / ky) | 0) * cellRow;
    const row = ((box.y + y) * width + box.x) * ic;
    // Channel outermost and a plain sum innermost: several times faster in V8 than pixel by pixel.
    for (let c = 0; c < channels; c++) {
      let p = row + map[c];
      for (let cx = 0, x = 0; x < bw; cx++) {
        const end = x + kx < bw ? x + kx : bw;
        let acc = 0;
        for (; x < end; x++, p += ic) acc += pixels[p];
        out[o + cx * channels + c] += acc;
      }
    }
  }
  for (let cy = 0, o = 0; cy < ch; cy++) {
    const hy = Math.min(ky, box.h - cy * ky);
    for (let cx = 0; cx < cw; cx++) {
      const area = hy * Math.min(kx, box.w - cx * kx);
      for (let c = 0; c < channels; c++, o++) out[o] /= area;
    }
  }
}

// The horizontal pass reads bytes straight from the image, or pooled cells: two functions, so each
// indexes one kind of typed array (mixing them in one loop makes V8's element access slow).

/** Horizontal bilinear pass over the rows of `box`, read from the image bytes, into `rows`. */
function horizontalFromBytes(img: DecodedImage, map: Int32Array, box: Box, size: number): void {
  const { pixels, width, channels: ic } = img;
  const channels = map.length;
  const { i0, i1, t: tx } = axisX;
  const out = rows;
  for (let y = 0, o = 0; y < box.h; y++) {
    const row = ((box.y + y) * width + box.x) * ic;
    for (let d = 0; d < size; d++) {
      const a = row + i0[d] * ic;
      const b = row + i1[d] * ic;
      const t = tx[d];
      for (let c = 0; c < channels; c++) {
        const va = pixels[a + map[c]];
        out[o++] = va + t * (pixels[b + map[c]] - va);
      }
    }
  }
}

/** Horizontal bilinear pass over the cw×ch cells in `pooled`, into `rows`. */
function horizontalFromCells(cw: number, ch: number, channels: number, size: number): void {
  const src = pooled;
  const { i0, i1, t: tx } = axisX;
  const out = rows;
  for (let y = 0, o = 0; y < ch; y++) {
    const row = y * cw * channels;
    for (let d = 0; d < size; d++) {
      const a = row + i0[d] * channels;
      const b = row + i1[d] * channels;
      const t = tx[d];
      for (let c = 0; c < channels; c++) out[o++] = src[a + c] + t * (src[b + c] - src[a + c]);
    }
  }
}

/**
 * Resizes `box` of the image to size columns into `rows` (one row per source row or cell row) and sets
 * axisY; the vertical pass happens in `vertical` or, fused with normalisation, in `write`.
 */
function resizeRows(img: DecodedImage, map: Int32Array, box: Box, size: number): void {
  const channels = map.length;
  const kx = poolFactor(box.w, size);
  const ky = poolFactor(box.h, size);
  const cw = Math.ceil(box.w / kx);
  const ch = Math.ceil(box.h / ky);
  axisX.fill(cw, box.w / kx / size, size);
  axisY.fill(ch, box.h / ky / size, size);
  rows = grow(rows, ch * size * channels);
  if (kx * ky === 1) horizontalFromBytes(img, map, box, size);
  else {
    pool(img, map, box, kx, ky, cw, ch);
    horizontalFromCells(cw, ch, channels, size);
  }
}

/** The vertical pass from `rows` into `resized` (size×size×channels); leaves axisY the identity. */
function vertical(size: number, channels: number): void {
  const rowLen = size * channels;
  const src = rows;
  const res = (resized = grow(resized, size * rowLen));
  const { i0, i1, t: ty } = axisY;
  for (let d = 0, o = 0; d < size; d++) {
    const a = i0[d] * rowLen;
    const b = i1[d] * rowLen;
    const t = ty[d];
    for (let i = 0; i < rowLen; i++) res[o++] = src[a + i] + t * (src[b + i] - src[a + i]);
  }
  axisY.identity(size);
}

// ---------------------------------------------------------------- colour jitter

// ITU-R 601 luma, as torchvision's rgb_to_grayscale.
const LUMA_R = 0.2989;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

const clamp255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * torchvision's adjust_brightness, adjust_contrast and adjust_saturation in that order, on the first n
 * values of `resized` (0..255 units, clamped after each step), in two passes: brightness while summing
 * the luma contrast blends with, then contrast and saturation per pixel. A factor of 1 changes nothing.
 * Without 3 channels contrast uses the mean of all values and saturation does nothing (gray has none).
 */
function jitter(n: number, channels: number, brightness: number, contrast: number, saturation: number): void {
  const v = resized;
  const rgb = channels === 3;
  let sum = 0;
  if (rgb)
    for (let i = 0; i < n; i += 3) {
      const r = (v[i] = Math.min(255, v[i] * brightness));
      const g = (v[i + 1] = Math.min(255, v[i + 1] * brightness));
      const b = (v[i + 2] = Math.min(255, v[i + 2] * brightness));
      sum += LUMA_R * r + LUMA_G * g + LUMA_B * b;
    }
  else for (let i = 0; i < n; i++) sum += v[i] = Math.min(255, v[i] * brightness);
  if (contrast === 1 && saturation === 1) return;

  const add = (1 - contrast) * (rgb ? sum / (n / 3) : sum / n);
  if (!rgb) {
    for (let i = 0; i < n; i++) v[i] = clamp255(contrast * v[i] + add);
    return;
  }
  const keep = 1 - saturation;
  for (let i = 0; i < n; i += 3) {
    const r = clamp255(contrast * v[i] + add);
    const g = clamp255(contrast * v[i + 1] + add);
    const b = clamp255(contrast * v[i + 2] + add);
    const gray = keep * (LUMA_R * r + LUMA_G * g + LUMA_B * b);
    v[i] = clamp255(saturation * r + gray);
    v[i + 1] = clamp255(saturation * g + gray);
    v[i + 2] = clamp255(saturation * b + gray);
  }
}

// ---------------------------------------------------------------- orientation and output

/**
 * The output pixel (as y * n + x) that shows pixel (y, x) of the resized n×n image: hflip, then vflip,
 * then k turns of 90° counter-clockwise (as np.rot90 / torch.rot90 on the H, W axes). Affine in (y, x).
 */
function targetPixel(y: number, x: number, n: number, hflip: boolean, vflip: boolean, k: number): number {
  const m = n - 1;
  const by = vflip ? m - y : y;
  const bx = hflip ? m - x : x;
  if (k === 1) return (m - bx) * n + by;
  if (k === 2) return (m - by) * n + (m - bx);
  if (k === 3) return bx * n + (m - by);
  return by * n + bx;
}

/**
 * The vertical pass (axisY over `src`) fused with normalisation, each pixel written where the flips and
 * turns put it: out = (v / 255 - mean) / std.
 */
function write(
  src: Float64Array,
  p: Preprocess,
  turn: { hflip: boolean; vflip: boolean; k: number },
  out: Float32Array,
  offset: number,
): void {
  const { inputSize: size, channels } = p;
  const { hflip, vflip, k } = turn;
  const base = targetPixel(0, 0, size, hflip, vflip, k);
  const dx = (targetPixel(0, 1, size, hflip, vflip, k) - base) * channels;
  const dy = (targetPixel(1, 0, size, hflip, vflip, k) - base) * channels;
  // Typed copies: reading doubles from a plain array in the hot loop costs as much as the rest.
  const mean = Float64Array.from(p.mean);
  const std = Float64Array.from(p.std);
  const rowLen = size * channels;
  const { i0, i1, t: ty } = axisY;
  for (let y = 0; y < size; y++) {
    const a = i0[y] * rowLen;
    const b = i1[y] * rowLen;
    const t = ty[y];
    let o = offset + base * channels + y * dy;
    for (let x = 0, i = 0; x < size; x++, o += dx)
      for (let c = 0; c < channels; c++, i++) {
        const va = src[a + i];
        out[o + c] = ((va + t * (src[b + i] - va)) / 255 - mean[c]) / std[c];
      }
  }
}

// ---------------------------------------------------------------- the sample

/**
 * Writes inputSize × inputSize × channels floats (HWC) of `img` to out[offset...].
 *
 * Without augmentation (p.augment null, or seed null) the whole image is resized. Otherwise the draws
 * from new Random(seed) come in this fixed order, each only when its option is on:
 *   1. random resized crop: per try, area fraction then log aspect ratio; on success row then column;
 *   2. hflip (float < 0.5), 3. vflip (float < 0.5), 4. rot90 (k = int in 0..3);
 *   5. brightness, 6. contrast, 7. saturation factors, each uniform in [1 - s, 1 + s] (only when s > 0).
 * The image is then cropped, resized, jittered and turned (the geometric and colour steps commute),
 * and normalised as (v / 255 - mean) / std.
 */
export function prepareSample(
  img: DecodedImage,
  p: Preprocess,
  seed: number | null,
  out: Float32Array,
  offset: number,
): void {
  const { inputSize: size, channels } = p;
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(channels) || channels < 1)
    throw new TilewrightError('invalid-params', `Bad input shape ${size}×${size}×${channels}.`, 'input_size');
  if (p.mean.length !== channels || p.std.length !== channels)
    throw new TilewrightError('invalid-params', `mean and std need ${channels} values.`, 'normalization');
  const n = size * size * channels;
  if (!Number.isInteger(offset) || offset < 0 || offset + n > out.length)
    throw new RangeError(`prepareSample: ${n} values at ${offset} do not fit in ${out.length}.`);
  checkImage(img);
  const map = channelMap(img.channels, channels);

  let box: Box = { x: 0, y: 0, w: img.width, h: img.height };
  const turn = { hflip: false, vflip: false, k: 0 };
  let brightness = 1;
  let contrast = 1;
  let saturation = 1;
  const a = p.augment;
  if (a && seed !== null) {
    rng.reseed(seed);
    if (a.random_resized_crop) box = randomResizedCrop(img.width, img.height, a.crop_scale_min, rng);
    if (a.hflip) turn.hflip = rng.float() < 0.5;
    if (a.vflip) turn.vflip = rng.float() < 0.5;
    if (a.rot90) turn.k = rng.int(0, 3);
    const factor = (s: number) => 1 - s + 2 * s * rng.float();
    if (a.brightness > 0) brightness = factor(a.brightness);
    if (a.contrast > 0) contrast = factor(a.contrast);
    if (a.saturation > 0) saturation = factor(a.saturation);
  }

  resizeRows(img, map, box, size);
  if (brightness === 1 && contrast === 1 && saturation === 1) write(rows, p, turn, out, offset);
  else {
    // Contrast needs the mean of the whole resized image, so it is finished before the jitter.
    vertical(size, channels);
    jitter(n, channels, brightness, contrast, saturation);
    write(resized, p, turn, out, offset);
  }
}
