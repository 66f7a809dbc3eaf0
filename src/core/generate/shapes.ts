// Synthetic shapes data: filled rectangles and ellipses on a plain background, with instance and class maps.
// Pure computation (no DOM, no canvas), so the same code runs in Node, in web workers and in tests.
//
// Geometry, the definition the tests check against. Pixel (x, y) belongs to a shape when its centre,
// taken into the shape's frame,
//   dx = x + 0.5 - cx,   dy = y + 0.5 - cy,   t = angle * Math.PI / 180,
//   u = cos(t) * dx + sin(t) * dy,   v = cos(t) * dy - sin(t) * dx,
// satisfies |u| <= w/2 && |v| <= h/2 (rectangle) or (u * h/2)^2 + (v * w/2)^2 <= (w/2 * h/2)^2 (ellipse:
// (u/(w/2))^2 + (v/(h/2))^2 <= 1 without the divisions, so it is exact for unrotated shapes, whose
// u and v are multiples of 1/2).
//
// Unrotated shapes sit on the pixel grid (cx - w/2 and cy - h/2 are integers), so a w x h rectangle
// covers exactly w x h pixels; rotated shapes take any real centre that keeps them inside the image.

import { TilewrightError } from '../errors';
import { Random, seedFor } from '../random';
import { PALETTE, type ShapesParams } from './params';
import { CLASS_ID, type ShapeInstance, type ShapeKind, type ShapesSample } from './types';

/**
 * Candidates tried for each shape. When all are rejected by the occlusion rule the image keeps the
 * shapes placed so far, so it can have fewer than `minShapes` only when the shapes cannot be packed.
 */
export const MAX_ATTEMPTS = 100;

/** Where a sample is written: `image` is width*height*3 RGB, the maps width*height. */
export interface SampleBuffers {
  image: Uint8Array;
  instanceMap: Uint8Array;
  classMap: Uint8Array;
}

/** Sample `index` of the dataset with this seed and these params, in newly allocated arrays. */
export function generateShapesSample(params: ShapesParams, seed: number, index: number): ShapesSample {
  return new ShapesGenerator(params).generate(seed, index);
}

/** 0/1 mask (width*height) of the pixels where instance `id` is visible. */
export function instanceMask(sample: ShapesSample, id: number): Uint8Array {
  const { width, height, instanceMap } = sample;
  const mask = new Uint8Array(width * height);
  const inst = sample.instances[id - 1];
  // The bbox bounds the visible pixels, so only it needs scanning.
  const [x0, y0, bw, bh] = inst && inst.id === id ? inst.bbox : [0, 0, width, height];
  for (let y = y0; y < y0 + bh; y++) {
    for (let p = y * width + x0, end = p + bw; p < end; p++) if (instanceMap[p] === id) mask[p] = 1;
  }
  return mask;
}

const RECTANGLE = 0;
const ELLIPSE = 1;

/**
 * Makes samples for one set of params, reusing its scratch memory between calls (no state carries over:
 * a sample depends only on (params, seed, index)). For many samples hold one generator, and when the
 * arrays are consumed at once (encoded, copied into a batch) use generateInto: allocating 250 KB of new
 * arrays per 224 px image costs more than drawing it.
 */
export class ShapesGenerator {
  readonly params: ShapesParams;
  private readonly size: number;
  /** Largest hidden fraction an earlier instance may reach; 'none' is 0 (no pixel may be covered). */
  private readonly maxHidden: number;
  private readonly rng = new Random(0);

  // Per instance id (1-based, slot 0 unused): the whole shape's row spans and pixel box, and pixel counts.
  /** First pixel of row y of instance id, at [id * size + y]. */
  private readonly spanStart: Int32Array;
  /** Last pixel (inclusive); below spanStart for an empty row. */
  private readonly spanEnd: Int32Array;
  private readonly top: Int32Array;
  private readonly bottom: Int32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly fullArea: Int32Array;
  private readonly visible: Int32Array;
  /** Pixels of each earlier instance that the current candidate would cover. */
  private readonly covered: Int32Array;

  // The candidate being placed.
  private kind = RECTANGLE;
  private cx = 0;
  private cy = 0;
  private a = 0;
  private b = 0;
  private cos = 1;
  private sin = 0;
  // Result of rowSpan().
  private xs = 0;
  private xe = -1;

  constructor(params: ShapesParams) {
    assertUsable(params);
    // A copy, so later edits to the caller's object cannot half-change a generator.
    const [r, g, b] = params.background;
    this.params = { ...params, kinds: [...params.kinds], background: [r, g, b] };
    this.size = params.size;
    this.maxHidden = params.occlusion === 'none' ? 0 : params.occlusion;
    const slots = params.maxShapes + 1;
    // One allocation carved into views: generateShapesSample builds a generator per call.
    const spans = slots * this.size;
    const scratch = new Int32Array(2 * spans + 7 * slots);
    const view = (offset: number, length: number) => scratch.subarray(offset, offset + length);
    this.spanStart = view(0, spans);
    this.spanEnd = view(spans, spans);
    const counts = 2 * spans;
    this.top = view(counts, slots);
    this.bottom = view(counts + slots, slots);
    this.left = view(counts + 2 * slots, slots);
    this.right = view(counts + 3 * slots, slots);
    this.fullArea = view(counts + 4 * slots, slots);
    this.visible = view(counts + 5 * slots, slots);
    this.covered = view(counts + 6 * slots, slots);
  }

  /** Sample `index`, in newly allocated arrays the caller owns (safe to keep or transfer). */
  generate(seed: number, index: number): ShapesSample {
    const n = this.size * this.size;
    const out = { image: new Uint8Array(n * 3), instanceMap: new Uint8Array(n), classMap: new Uint8Array(n) };
    return this.run(seed, index, out, true);
  }

  /**
   * Sample `index`, written over `out` (e.g. views into a batch buffer, reused from call to call). The
   * returned sample's arrays are `out`'s, so they change when `out` is written again.
   */
  generateInto(seed: number, index: number, out: SampleBuffers): ShapesSample {
    const n = this.size * this.size;
    if (out.image.length !== n * 3 || out.instanceMap.length !== n || out.classMap.length !== n)
      throw new RangeError(`buffers must hold ${this.size}x${this.size} RGB and two ${n}-pixel maps`);
    return this.run(seed, index, out, false);
  }

  private run(seed: number, index: number, out: SampleBuffers, zeroed: boolean): ShapesSample {
    const { params, rng, size } = this;
    rng.reseed(seedFor(seed, index));
    fillRgb(out.image, params.background, zeroed);
    if (!zeroed) {
      out.instanceMap.fill(0);
      out.classMap.fill(0);
    }

    const instances: ShapeInstance[] = [];
    const count = rng.int(params.minShapes, params.maxShapes);
    for (let id = 1; id <= count; id++) {
      let placed = false;
      for (let attempt = 0; attempt < MAX_ATTEMPTS && !placed; attempt++) {
        const inst = this.candidate(id);
        if (inst && this.fits(id, out.instanceMap)) {
          this.paint(id, inst, out);
          instances.push(inst);
          placed = true;
        }
      }
      if (!placed) break;
    }

    for (const inst of instances) this.finish(inst, out.instanceMap);
    const { image, instanceMap, classMap } = out;
    return { index, width: size, height: size, image, instanceMap, classMap, instances };
  }

  /**
   * Draws a candidate shape from the stream and rasterises it into slot `id`. Returns its instance
   * record with area and bbox still to fill in, or null when it covers no pixel centre.
   * The order of the draws (kind, w, h, colour, [angle], x, y) is part of every dataset's identity.
   */
  private candidate(id: number): ShapeInstance | null {
    const { rng, params, size } = this;
    const kind: ShapeKind = params.kinds[rng.int(0, params.kinds.length - 1)];
    const w = rng.int(params.minSide, params.maxSide);
    const h = rng.int(params.minSide, params.maxSide);
    const color = PALETTE[rng.int(0, params.colors - 1)];
    const a = w / 2;
    const b = h / 2;
    let angle = 0;
    let cos = 1;
    let sin = 0;
    let cx: number;
    let cy: number;
    let ey = b;
    if (params.rotate) {
      angle = rng.float() * 180;
      const t = (angle * Math.PI) / 180;
      cos = Math.cos(t);
      sin = Math.sin(t);
      // Half extents of the rotated shape's axis-aligned box.
      let ex: number;
      if (kind === 'rectangle') {
        ex = a * Math.abs(cos) + b * Math.abs(sin);
        ey = a * Math.abs(sin) + b * Math.abs(cos);
      } else {
        ex = Math.sqrt(a * a * cos * cos + b * b * sin * sin);
        ey = Math.sqrt(a * a * sin * sin + b * b * cos * cos);
      }
      cx = ex + rng.float() * Math.max(0, size - 2 * ex);
      cy = ey + rng.float() * Math.max(0, size - 2 * ey);
    } else {
      cx = rng.int(0, size - w) + a;
      cy = rng.int(0, size - h) + b;
    }

    this.kind = kind === 'rectangle' ? RECTANGLE : ELLIPSE;
    this.cx = cx;
    this.cy = cy;
    this.a = a;
    this.b = b;
    this.cos = cos;
    this.sin = sin;

    // Rows whose centre can be inside, plus a row of slack each side against rounding.
    const y0 = Math.max(0, Math.floor(cy - ey - 0.5));
    const y1 = Math.min(size - 1, Math.ceil(cy + ey - 0.5));
    const base = id * size;
    let area = 0;
    let top = -1;
    let bottom = -1;
    let left = size;
    let right = -1;
    for (let y = y0; y <= y1; y++) {
      this.rowSpan(y);
      const { xs, xe } = this;
      this.spanStart[base + y] = xs;
      this.spanEnd[base + y] = xe;
      if (xs > xe) continue;
      area += xe - xs + 1;
      if (top < 0) top = y;
      bottom = y;
      if (xs < left) left = xs;
      if (xe > right) right = xe;
    }
    if (area === 0) return null;
    this.top[id] = top;
    this.bottom[id] = bottom;
    this.left[id] = left;
    this.right[id] = right;
    this.fullArea[id] = area;

    return {
      id,
      category: CLASS_ID[kind],
      bbox: [0, 0, 0, 0],
      area: 0,
      visibleFraction: 0,
      color: [color[0], color[1], color[2]],
      kind,
      cx,
      cy,
      w,
      h,
      angle,
      fullArea: area,
    };
  }

  /** Whether pixel (x, y) is inside the candidate; the exact rule from the header comment. */
  private inside(x: number, y: number): boolean {
    const dx = x + 0.5 - this.cx;
    const dy = y + 0.5 - this.cy;
    const u = this.cos * dx + this.sin * dy;
    const v = this.cos * dy - this.sin * dx;
    if (this.kind === RECTANGLE) return Math.abs(u) <= this.a && Math.abs(v) <= this.b;
    const ub = u * this.b;
    const va = v * this.a;
    const ab = this.a * this.b;
    return ub * ub + va * va <= ab * ab;
  }

  /**
   * Sets xs..xe to the candidate's pixels in row y (empty when xs > xe). The span comes in closed form
   * (the row meets a convex shape in one interval); its ends are then checked with inside() so rounding
   * in the closed form can never make it disagree with the pixel rule.
   */
  private rowSpan(y: number): void {
    const { a, b, cos, sin, cx, size } = this;
    const dy = y + 0.5 - this.cy;
    let lo: number;
    let hi: number;
    if (this.kind === RECTANGLE) {
      // |cos*dx + sin*dy| <= a and |cos*dy - sin*dx| <= b, each an interval of dx.
      lo = -Infinity;
      hi = Infinity;
      if (cos !== 0) {
        const p = (-a - sin * dy) / cos;
        const q = (a - sin * dy) / cos;
        lo = Math.min(p, q);
        hi = Math.max(p, q);
      } else if (Math.abs(sin * dy) > a) {
        return this.emptyRow();
      }
      if (sin !== 0) {
        const p = (cos * dy - b) / sin;
        const q = (cos * dy + b) / sin;
        lo = Math.max(lo, Math.min(p, q));
        hi = Math.min(hi, Math.max(p, q));
      } else if (Math.abs(cos * dy) > b) {
        return this.emptyRow();
      }
    } else {
      // b²u² + a²v² <= a²b² as a quadratic A dx² + B dx + C <= 0.
      const aa = a * a;
      const bb = b * b;
      const A = bb * cos * cos + aa * sin * sin;
      const B = 2 * dy * cos * sin * (bb - aa);
      const C = dy * dy * (bb * sin * sin + aa * cos * cos) - aa * bb;
      const disc = B * B - 4 * A * C;
      const mid = -B / (2 * A);
      const half = disc > 0 ? Math.sqrt(disc) / (2 * A) : 0;
      lo = mid - half;
      hi = mid + half;
      if (disc < 0) hi = lo - 1; // Empty by the formula; the probe below settles tangent rows.
    }

    let xs = Math.max(0, Math.ceil(cx + lo - 0.5));
    let xe = Math.min(size - 1, Math.floor(cx + hi - 0.5));
    if (xs > xe) {
      // Nothing by the formula: probe the pixel nearest the interval, which rounding may have dropped.
      const m = cx + (lo + hi) / 2 - 0.5;
      if (!Number.isFinite(m)) return this.emptyRow();
      xs = xe = Math.min(size - 1, Math.max(0, Math.round(m)));
    }
    while (xs <= xe && !this.inside(xs, y)) xs++;
    if (xs > xe) return this.emptyRow();
    while (xs > 0 && this.inside(xs - 1, y)) xs--;
    while (!this.inside(xe, y)) xe--;
    while (xe < size - 1 && this.inside(xe + 1, y)) xe++;
    this.xs = xs;
    this.xe = xe;
  }

  private emptyRow(): void {
    this.xs = 0;
    this.xe = -1;
  }

  /** Whether candidate `id` keeps every earlier instance within the occlusion limit; fills `covered`. */
  private fits(id: number, instanceMap: Uint8Array): boolean {
    const { covered, size, spanStart, spanEnd } = this;
    covered.fill(0, 0, id);
    let meets = false;
    for (let j = 1; j < id && !meets; j++) {
      meets =
        this.left[j] <= this.right[id] &&
        this.left[id] <= this.right[j] &&
        this.top[j] <= this.bottom[id] &&
        this.top[id] <= this.bottom[j];
    }
    if (!meets) return true;

    const strict = this.maxHidden === 0;
    const base = id * size;
    for (let y = this.top[id]; y <= this.bottom[id]; y++) {
      const row = y * size;
      for (let p = row + spanStart[base + y], end = row + spanEnd[base + y]; p <= end; p++) {
        const owner = instanceMap[p];
        if (owner !== 0) {
          if (strict) return false;
          covered[owner]++;
        }
      }
    }
    for (let j = 1; j < id; j++) {
      if (covered[j] === 0) continue;
      const left = this.visible[j] - covered[j];
      if (left <= 0 || this.fullArea[j] - left > this.maxHidden * this.fullArea[j]) return false;
    }
    return true;
  }

  /** Draws accepted candidate `id` on top and moves the pixels it covers out of earlier instances' counts. */
  private paint(id: number, inst: ShapeInstance, out: SampleBuffers): void {
    const { size, spanStart, spanEnd } = this;
    const { image, instanceMap, classMap } = out;
    const [r, g, b] = inst.color;
    const category = inst.category;
    const base = id * size;
    for (let y = this.top[id]; y <= this.bottom[id]; y++) {
      const row = y * size;
      for (let p = row + spanStart[base + y], end = row + spanEnd[base + y]; p <= end; p++) {
        instanceMap[p] = id;
        classMap[p] = category;
        const q = p * 3;
        image[q] = r;
        image[q + 1] = g;
        image[q + 2] = b;
      }
    }
    for (let j = 1; j < id; j++) this.visible[j] -= this.covered[j];
    this.visible[id] = this.fullArea[id];
  }

  /** Fills in the visible area, fraction and bbox once every shape is drawn. */
  private finish(inst: ShapeInstance, instanceMap: Uint8Array): void {
    const { id } = inst;
    const { size, spanStart, spanEnd } = this;
    const area = this.visible[id];
    inst.area = area;
    inst.visibleFraction = area / this.fullArea[id];
    if (area === this.fullArea[id]) {
      inst.bbox = [
        this.left[id],
        this.top[id],
        this.right[id] - this.left[id] + 1,
        this.bottom[id] - this.top[id] + 1,
      ];
      return;
    }
    // Partly hidden: look for its pixels inside its own spans only.
    const base = id * size;
    let minX = size;
    let maxX = -1;
    let minY = -1;
    let maxY = -1;
    for (let y = this.top[id]; y <= this.bottom[id]; y++) {
      const row = y * size;
      const xs = spanStart[base + y];
      const xe = spanEnd[base + y];
      let x = xs;
      while (x <= xe && instanceMap[row + x] !== id) x++;
      if (x > xe) continue;
      if (x < minX) minX = x;
      x = xe;
      while (instanceMap[row + x] !== id) x--;
      if (x > maxX) maxX = x;
      if (minY < 0) minY = y;
      maxY = y;
    }
    inst.bbox = [minX, minY, maxX - minX + 1, maxY - minY + 1];
  }
}

/** Fills an RGB image with one colour: one pixel, then copies doubling in length. */
function fillRgb(image: Uint8Array, [r, g, b]: readonly [number, number, number], zeroed: boolean): void {
  if (zeroed && r === 0 && g === 0 && b === 0) return;
  image[0] = r;
  image[1] = g;
  image[2] = b;
  const length = image.length;
  for (let filled = 3; filled < length;) {
    const n = Math.min(filled, length - filled);
    image.copyWithin(filled, 0, n);
    filled += n;
  }
}

/**
 * Checks the few things that would make the generator misbehave rather than fail loudly. Params are
 * meant to come from ShapesParamsSchema; this is not a second schema.
 */
function assertUsable(p: ShapesParams): void {
  const fail = (field: string, message: string): never => {
    throw new TilewrightError('invalid-params', `${field}: ${message}`, field);
  };
  if (!Number.isInteger(p.size) || p.size < 1) fail('size', `must be a positive integer, got ${p.size}`);
  if (p.kinds.length === 0) fail('kinds', 'choose at least one kind');
  if (!(p.minShapes >= 0 && p.minShapes <= p.maxShapes && p.maxShapes <= 255))
    fail('maxShapes', `need 0 <= min <= max <= 255, got ${p.minShapes}..${p.maxShapes}`);
  if (!(p.colors >= 1 && p.colors <= PALETTE.length)) fail('colors', `must be 1..${PALETTE.length}`);
  if (!(p.minSide >= 1 && p.minSide <= p.maxSide)) fail('minSide', `must be 1..${p.maxSide}`);
  const needed = p.rotate ? Math.SQRT2 * p.maxSide : p.maxSide;
  if (needed > p.size)
    fail('maxSide', `shapes up to ${Math.ceil(needed)} px do not fit a ${p.size} px image`);
  if (p.occlusion !== 'none' && !(p.occlusion >= 0 && p.occlusion < 1))
    fail('occlusion', `must be 'none' or a fraction below 1, got ${p.occlusion}`);
}
