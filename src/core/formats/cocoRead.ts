// Reading COCO "instances" documents back: our own exports (compressed RLE plus visible_fraction and colour)
// and ordinary COCO data (polygons or RLE, iscrowd 0/1), turned into the instance and class maps the studio
// stores. Polygons are rasterised exactly as pycocotools does (common/maskApi.c rleFrPoly), so a dataset's
// masks are the ones its COCO evaluation sees.
import { z } from 'zod';
import { TilewrightError } from '../errors';
import type { InstanceMeta } from '../../protocol/records';
import { stringToCounts, type AnyRle, type CountsRle } from './rle';

export interface CocoImageRecord {
  id: number;
  file_name: string;
  width: number;
  height: number;
}

export interface CocoCategoryRecord {
  id: number;
  name: string;
  supercategory?: string;
}

/** Polygons ([x0, y0, x1, y1, …] each, in pixels) or a compressed / uncompressed RLE. */
export type CocoSegmentation = number[][] | AnyRle;

export interface CocoAnnotationRecord {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area?: number;
  /** Normalised: absent and false read as 0, true as 1. */
  iscrowd: 0 | 1;
  /** Absent in detection-only data; such annotations cannot become instances. */
  segmentation?: CocoSegmentation;
  /** Tilewright exports: visible pixels / pixels of the whole shape. */
  visible_fraction?: number;
  /** Tilewright exports: the instance's RGB colour. */
  color?: [number, number, number];
}

export interface CocoDataset {
  fileName: string;
  /** The document's `info` when it is an object (our exports keep kind, classes and generator there). */
  info?: Record<string, unknown>;
  images: CocoImageRecord[];
  categories: CocoCategoryRecord[];
  /** Annotations whose image and category both exist, by image id, in file order. */
  annotationsByImage: Map<number, CocoAnnotationRecord[]>;
  /** Annotations left out, each naming its JSON path: unknown image or category ids. */
  problems: string[];
}

// ---- parsing ----

function preview(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** A field checked by a plain function (fast on big arrays), whose message says what was expected and what came. */
function field<T>(expected: string, check: (v: unknown) => boolean) {
  return z.custom<T>(check, {
    error: (issue) =>
      issue.input === undefined
        ? `missing (expected ${expected})`
        : `expected ${expected}, got ${preview(issue.input)}`,
  });
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isCount = (v: unknown): v is number => isInt(v) && (v as number) >= 0;

const intField = field<number>('an integer', isInt);
const positiveIntField = field<number>('a positive integer', (v) => isInt(v) && (v as number) > 0);
const stringField = field<string>('a string', (v) => typeof v === 'string');
const nonEmptyStringField = field<string>('a non-empty string', (v) => typeof v === 'string' && v !== '');

/** Where a segmentation goes wrong, relative to the segmentation itself; null when it is valid. */
function segmentationIssue(v: unknown): { path: (string | number)[]; message: string } | null {
  const expected = 'polygons (arrays of numbers) or an RLE object {size, counts}';
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const poly: unknown = v[i];
      if (!Array.isArray(poly)) return { path: [i], message: `expected ${expected}, got ${preview(poly)}` };
      for (let j = 0; j < poly.length; j++)
        if (!isFiniteNumber(poly[j]))
          return { path: [i, j], message: `expected a number, got ${preview(poly[j])}` };
    }
    return null;
  }
  if (typeof v !== 'object' || v === null)
    return {
      path: [],
      message: v === undefined ? `missing (expected ${expected})` : `expected ${expected}, got ${preview(v)}`,
    };
  const r = v as { size?: unknown; counts?: unknown };
  if (!Array.isArray(r.size) || r.size.length !== 2 || !r.size.every(isCount))
    return { path: ['size'], message: `expected [height, width], got ${preview(r.size)}` };
  if (typeof r.counts === 'string') return null;
  if (Array.isArray(r.counts) && r.counts.every(isCount)) return null;
  return {
    path: ['counts'],
    message: `expected a string or an array of non-negative integers, got ${preview(r.counts)}`,
  };
}

const segmentationField = z.custom<CocoSegmentation>().superRefine((v, ctx) => {
  const issue = segmentationIssue(v);
  if (issue) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

const ImageSchema = z.object({
  id: intField,
  file_name: nonEmptyStringField,
  width: positiveIntField,
  height: positiveIntField,
});

const CategorySchema = z.object({
  id: intField,
  name: stringField,
  supercategory: stringField.optional(),
});

const AnnotationSchema = z.object({
  id: intField,
  image_id: intField,
  category_id: intField,
  bbox: field<[number, number, number, number]>(
    '4 numbers',
    (v) => Array.isArray(v) && v.length === 4 && v.every(isFiniteNumber),
  ),
  area: field<number>('a number', isFiniteNumber).optional(),
  iscrowd: field<0 | 1 | boolean>('0 or 1', (v) => v === 0 || v === 1 || typeof v === 'boolean').optional(),
  segmentation: segmentationField.optional(),
  visible_fraction: field<number>(
    'a number from 0 to 1',
    (v) => isFiniteNumber(v) && v >= 0 && v <= 1,
  ).optional(),
  color: field<[number, number, number]>(
    '3 integers from 0 to 255',
    (v) => Array.isArray(v) && v.length === 3 && v.every((c) => isInt(c) && c >= 0 && c <= 255),
  ).optional(),
});

const array = <T extends z.ZodType>(item: T) =>
  z.array(item, {
    error: (issue) =>
      issue.input === undefined
        ? 'missing (expected an array)'
        : `expected an array, got ${preview(issue.input)}`,
  });

const DocumentSchema = z.object(
  {
    info: z.unknown().optional(),
    images: array(ImageSchema),
    categories: array(CategorySchema).optional(),
    annotations: array(AnnotationSchema).optional(),
  },
  {
    error: (issue) =>
      `expected a COCO instances object with images, annotations and categories, got ${preview(issue.input)}`,
  },
);

/** `annotations[12].bbox` from zod's ['annotations', 12, 'bbox']. */
function jsonPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s;
}

function badFile(fileName: string, path: string, message: string): TilewrightError {
  return new TilewrightError('bad-file', `${fileName}: ${path ? `${path}: ` : ''}${message}`, fileName);
}

/** Throws on the first repeated id of a list, naming both places. */
function checkUnique(fileName: string, list: 'images' | 'categories', ids: readonly number[]): void {
  const first = new Map<number, number>();
  ids.forEach((id, i) => {
    const j = first.get(id);
    if (j !== undefined)
      throw badFile(fileName, `${list}[${i}].id`, `id ${id} is also used by ${list}[${j}]`);
    first.set(id, i);
  });
}

/**
 * Parses and validates a COCO instances file. Bad JSON or a bad field throws TilewrightError('bad-file')
 * whose message names the file and the JSON path (`annotations.json: annotations[12].bbox: expected 4 numbers, …`),
 * as do repeated image or category ids. Annotations pointing at unknown image or category ids are left out
 * and listed in `problems`.
 */
export function parseCocoInstances(text: string, fileName: string): CocoDataset {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw badFile(fileName, '', `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = DocumentSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    throw badFile(fileName, jsonPath(issues[0].path), issues[0].message + more);
  }
  const doc = parsed.data;
  const images: CocoImageRecord[] = doc.images;
  const categories: CocoCategoryRecord[] = doc.categories ?? [];
  checkUnique(
    fileName,
    'images',
    images.map((im) => im.id),
  );
  checkUnique(
    fileName,
    'categories',
    categories.map((c) => c.id),
  );

  const imageIds = new Set(images.map((im) => im.id));
  const categoryIds = new Set(categories.map((c) => c.id));
  const annotationsByImage = new Map<number, CocoAnnotationRecord[]>();
  const problems: string[] = [];
  (doc.annotations ?? []).forEach((a, i) => {
    const where = `annotations[${i}] (id ${a.id})`;
    if (!imageIds.has(a.image_id)) {
      problems.push(`${where}: image_id ${a.image_id} is not the id of any image; skipped`);
      return;
    }
    if (!categoryIds.has(a.category_id)) {
      problems.push(`${where}: category_id ${a.category_id} is not the id of any category; skipped`);
      return;
    }
    const ann: CocoAnnotationRecord = {
      id: a.id,
      image_id: a.image_id,
      category_id: a.category_id,
      bbox: a.bbox,
      iscrowd: a.iscrowd === 1 || a.iscrowd === true ? 1 : 0,
    };
    if (a.area !== undefined) ann.area = a.area;
    if (a.segmentation !== undefined) ann.segmentation = a.segmentation;
    if (a.visible_fraction !== undefined) ann.visible_fraction = a.visible_fraction;
    if (a.color !== undefined) ann.color = a.color;
    const list = annotationsByImage.get(a.image_id);
    if (list) list.push(ann);
    else annotationsByImage.set(a.image_id, [ann]);
  });

  const dataset: CocoDataset = { fileName, images, categories, annotationsByImage, problems };
  if (typeof doc.info === 'object' && doc.info !== null && !Array.isArray(doc.info))
    dataset.info = doc.info as Record<string, unknown>;
  return dataset;
}

// ---- classes ----

/**
 * Class names of the dataset: 'background' at 0, then the categories by ascending id, so category ids 1..K
 * (our exports) map to themselves. A category listed twice with the same id and name counts once (several
 * annotation files of one dataset); the same id with two names is a bad file.
 */
export function classesFromCategories(categories: readonly Pick<CocoCategoryRecord, 'id' | 'name'>[]): {
  classes: string[];
  categoryToClass: Map<number, number>;
} {
  const names = new Map<number, string>();
  for (const c of categories) {
    const seen = names.get(c.id);
    if (seen !== undefined && seen !== c.name)
      throw new TilewrightError(
        'bad-file',
        `Category id ${c.id} is named both "${seen}" and "${c.name}".`,
        `category ${c.id}`,
      );
    names.set(c.id, c.name);
  }
  const ids = [...names.keys()].sort((a, b) => a - b);
  const classes = ['background', ...ids.map((id) => names.get(id)!)];
  const categoryToClass = new Map(ids.map((id, i) => [id, i + 1] as [number, number]));
  return { classes, categoryToClass };
}

// ---- polygons (pycocotools rleFrPoly) ----

/** pycocotools works on a grid 5 times finer than the pixels. */
const SCALE = 5;
/** Boundary points walked for one polygon before it is refused as absurd (pycocotools would try, for minutes). */
const MAX_BOUNDARY_POINTS = 1 << 26;
/** C's (int) of a double is only defined inside the int range. */
const INT_LIMIT = 2 ** 31;

/**
 * Uncompressed RLE of one polygon [x0, y0, x1, y1, …] on a height × width image, with the counts pycocotools'
 * rleFrPoly gives: vertices rounded on a grid 5× finer, the boundary walked point by point, and every pixel
 * column's crossings taken at the pixel centres; inside is by crossing parity, so a self-intersecting
 * polygon has even-odd holes. A trailing odd coordinate is ignored (as by pycocotools). Throws
 * TilewrightError('bad-file') for coordinates beyond C's int range or a boundary over MAX_BOUNDARY_POINTS.
 */
export function polygonToRle(xy: ArrayLike<number>, height: number, width: number): CountsRle {
  const h = height;
  const w = width;
  const k = Math.floor(xy.length / 2);
  if (h * w === 0 || k === 0) return { size: [h, w], counts: [h * w] };

  const X = new Array<number>(k + 1);
  const Y = new Array<number>(k + 1);
  let points = 0;
  for (let j = 0; j < k; j++) {
    const sx = SCALE * xy[j * 2] + 0.5;
    const sy = SCALE * xy[j * 2 + 1] + 0.5;
    if (!(Math.abs(sx) < INT_LIMIT && Math.abs(sy) < INT_LIMIT))
      throw new TilewrightError(
        'bad-file',
        `polygon point (${xy[j * 2]}, ${xy[j * 2 + 1]}) is too far outside the image`,
        'segmentation',
      );
    X[j] = Math.trunc(sx);
    Y[j] = Math.trunc(sy);
  }
  X[k] = X[0];
  Y[k] = Y[0];
  for (let j = 0; j < k; j++) points += Math.max(Math.abs(X[j] - X[j + 1]), Math.abs(Y[j] - Y[j + 1])) + 1;
  if (points > MAX_BOUNDARY_POINTS)
    throw new TilewrightError(
      'bad-file',
      `polygon is too large (${points} boundary points on the 5× grid)`,
      'segmentation',
    );

  // Walk the boundary; where it moves to another (fine) column, record the crossing of the pixel column
  // whose centre lies between, at the first pixel centre at or below the boundary.
  const crossings: number[] = [];
  let pu = 0;
  let pv = 0;
  let started = false;
  const visit = (u: number, v: number) => {
    if (started && u !== pu) {
      const xd = ((u < pu ? u : u - 1) + 0.5) / SCALE - 0.5;
      if (Math.floor(xd) === xd && xd >= 0 && xd <= w - 1) {
        let yd = ((v < pv ? v : pv) + 0.5) / SCALE - 0.5;
        if (yd < 0) yd = 0;
        else if (yd > h) yd = h;
        crossings.push(xd * h + Math.ceil(yd));
      }
    }
    pu = u;
    pv = v;
    started = true;
  };
  for (let j = 0; j < k; j++) {
    let xs = X[j];
    let xe = X[j + 1];
    let ys = Y[j];
    let ye = Y[j + 1];
    const dx = Math.abs(xe - xs);
    const dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      [xs, xe] = [xe, xs];
      [ys, ye] = [ye, ys];
    }
    if (dx >= dy) {
      // dx = dy = 0 (a repeated vertex) divides 0 by 0 in C; its one point never meets a column change.
      const s = dx === 0 ? 0 : (ye - ys) / dx;
      for (let d = 0; d <= dx; d++) {
        const t = flip ? dx - d : d;
        visit(t + xs, Math.trunc(ys + s * t + 0.5));
      }
    } else {
      const s = (xe - xs) / dy;
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        visit(Math.trunc(xs + s * t + 0.5), t + ys);
      }
    }
  }

  // Crossings in column-major order become run lengths; two crossings at one place cancel.
  const n = crossings.length + 1;
  const a = new Float64Array(n);
  for (let j = 0; j < crossings.length; j++) a[j] = crossings[j];
  a[n - 1] = h * w;
  a.sort();
  let prev = 0;
  for (let j = 0; j < n; j++) {
    const t = a[j];
    a[j] -= prev;
    prev = t;
  }
  const counts = [a[0]];
  for (let j = 1; j < n;) {
    if (a[j] > 0) counts.push(a[j++]);
    else {
      j++;
      if (j < n) counts[counts.length - 1] += a[j++];
    }
  }
  return { size: [h, w], counts };
}

/**
 * Sets `map` to `id` on the pixels of column-major run lengths (first run = zeros); returns how many pixels
 * changed, so painting several parts of one annotation counts their union. Counts must add up to height × width.
 */
function paintCounts(
  map: Uint8Array | Uint16Array | Int32Array,
  counts: ArrayLike<number>,
  height: number,
  width: number,
  id: number,
): number {
  let changed = 0;
  let pos = 0;
  for (let j = 0; j < counts.length; j++) {
    const n = counts[j];
    if (j % 2 === 1 && n > 0) {
      let x = Math.floor(pos / height);
      let y = pos - x * height;
      let p = y * width + x;
      for (let r = 0; r < n; r++) {
        if (map[p] !== id) {
          map[p] = id;
          changed++;
        }
        if (++y === height) {
          y = 0;
          p = ++x;
        } else p += width;
      }
    }
    pos += n;
  }
  return changed;
}

/**
 * Row-major 0/1 mask of the union of the polygons, as pycocotools' frPyObjects + merge gives for a polygon
 * segmentation (annToMask).
 */
export function rasterizePolygons(
  polys: readonly ArrayLike<number>[],
  height: number,
  width: number,
): Uint8Array {
  const mask = new Uint8Array(height * width);
  for (const poly of polys) paintCounts(mask, polygonToRle(poly, height, width).counts, height, width, 1);
  return mask;
}

// ---- instance maps ----

/** Instance ids are stored in 8-bit maps. */
export const MAX_INSTANCES = 255;

export interface InstanceMapResult {
  /** Row-major, 0 = none, k = instance k (1-based, in annotation-id order). */
  instanceMap: Uint8Array;
  /** Row-major class ids (categoryToClass of each pixel's instance), 0 = background. */
  classMap: Uint8Array;
  instances: InstanceMeta[];
  /** Annotations not turned into instances, and why. */
  problems: string[];
  /** iscrowd 1 annotations, skipped: a crowd region is not an instance. */
  crowd: number;
}

/** Decoded RGB(A) pixels of the image, to take an instance's colour from when the file gives none. */
export interface ImagePixels {
  /** Row-major, `channels` values per pixel (3 RGB or 4 RGBA, as ImageData). */
  data: ArrayLike<number>;
  channels: number;
}

interface Drawn {
  ann: CocoAnnotationRecord;
  category: number;
  /** Pixels of the annotation's own mask. */
  own: number;
  /** Its value in the provisional map. */
  value: number;
}

/**
 * Paints annotations in order into a provisional map (value i + 1 for list[i]) and counts each one's own pixels;
 * an annotation that cannot be drawn gets own = -1 and a problem.
 */
function drawAll(
  image: CocoImageRecord,
  list: readonly { ann: CocoAnnotationRecord; category: number }[],
  problems: string[] | null,
): { map: Uint16Array | Int32Array; own: number[] } {
  const { width, height } = image;
  const map = list.length < 0xffff ? new Uint16Array(width * height) : new Int32Array(width * height);
  const own: number[] = [];
  list.forEach(({ ann }, i) => {
    const id = i + 1;
    const seg = ann.segmentation;
    const skip = (why: string) => {
      problems?.push(`annotation ${ann.id} of image ${image.id}: ${why}; skipped`);
      own.push(-1);
    };
    if (seg === undefined) return skip('no segmentation');
    if (Array.isArray(seg)) {
      const parts: number[][] = [];
      try {
        for (const poly of seg) parts.push(polygonToRle(poly, height, width).counts);
      } catch (e) {
        return skip(e instanceof Error ? e.message : String(e));
      }
      let n = 0;
      for (const counts of parts) n += paintCounts(map, counts, height, width, id);
      own.push(n);
      return;
    }
    if (seg.size[0] !== height || seg.size[1] !== width)
      return skip(
        `RLE size is ${seg.size[0]}×${seg.size[1]} (height × width), the image is ${height}×${width}`,
      );
    let counts: number[];
    try {
      counts = typeof seg.counts === 'string' ? stringToCounts(seg.counts) : seg.counts;
    } catch (e) {
      return skip(e instanceof Error ? e.message : String(e));
    }
    let total = 0;
    for (const c of counts) total += c;
    if (total !== width * height) return skip(`RLE run lengths add up to ${total}, not ${height}×${width}`);
    own.push(paintCounts(map, counts, height, width, id));
  });
  return { map, own };
}

/**
 * Builds the instance and class maps of one image from its annotations. Non-crowd annotations are drawn in
 * annotation-id order, later ones on top (as the generator draws), and become instances 1..n; crowd
 * annotations are counted and left out. Area and bbox are those of the pixels visible in the instance map;
 * visibleFraction is the file's visible_fraction, else visible / own mask pixels; color is the file's color,
 * else the mean RGB under the visible pixels when `pixels` is given, else [0, 0, 0] (not known).
 * Annotations with an empty mask, or hidden entirely by later ones, are dropped with a problem; beyond
 * MAX_INSTANCES the later ones are dropped (and not drawn).
 */
export function instanceMapFor(
  image: CocoImageRecord,
  annotations: readonly CocoAnnotationRecord[],
  categoryToClass: ReadonlyMap<number, number>,
  pixels?: ImagePixels,
): InstanceMapResult {
  const { width, height } = image;
  if (pixels && pixels.data.length < width * height * pixels.channels)
    throw new TilewrightError(
      'bad-file',
      `${image.file_name}: the decoded image has ${pixels.data.length / pixels.channels} pixels, ` +
        `the annotation file says ${width}×${height}`,
      image.file_name,
    );
  const problems: string[] = [];
  let crowd = 0;
  const ordered = annotations
    .map((ann, i) => ({ ann, i }))
    .sort((a, b) => a.ann.id - b.ann.id || a.i - b.i)
    .map((e) => e.ann);
  const candidates: { ann: CocoAnnotationRecord; category: number }[] = [];
  for (const ann of ordered) {
    if (ann.iscrowd === 1) {
      crowd++;
      continue;
    }
    const category = categoryToClass.get(ann.category_id);
    if (category === undefined) {
      problems.push(
        `annotation ${ann.id} of image ${image.id}: category ${ann.category_id} is unknown; skipped`,
      );
      continue;
    }
    candidates.push({ ann, category });
  }

  // Beyond MAX_INSTANCES the later annotations are not drawn at all, which can uncover earlier ones that
  // they hid; so draw again without them until the count fits (each round only shortens the list).
  let list = candidates;
  let map: Uint16Array | Int32Array;
  let kept: Drawn[];
  let dropped: Drawn | undefined;
  let skipped: string[];
  for (let round = 0; ; round++) {
    const drawn = drawAll(image, list, round === 0 ? problems : null);
    map = drawn.map;
    const visible = new Array<number>(list.length + 1).fill(0);
    for (let p = 0; p < map.length; p++) visible[map[p]]++;
    kept = [];
    skipped = [];
    list.forEach((c, i) => {
      const where = `annotation ${c.ann.id} of image ${image.id}`;
      const own = drawn.own[i];
      if (own < 0) return; // reported by drawAll
      if (own === 0) skipped.push(`${where}: its mask has no pixels in the image; skipped`);
      else if (visible[i + 1] === 0) skipped.push(`${where}: hidden entirely by later annotations; skipped`);
      else kept.push({ ...c, own, value: i + 1 });
    });
    if (kept.length <= MAX_INSTANCES) break;
    dropped = kept[MAX_INSTANCES];
    list = list.slice(0, dropped.value - 1);
  }
  problems.push(...skipped);
  if (dropped)
    problems.push(
      `image ${image.id}: more than ${MAX_INSTANCES} instances; annotation ${dropped.ann.id} and those ` +
        `after it (by id) are skipped`,
    );

  // Provisional value → final instance id (1..n), 0 for none.
  const finalId = new Uint8Array(list.length + 1);
  kept.forEach((k, i) => (finalId[k.value] = i + 1));
  const n = kept.length;
  const classOf = new Uint8Array(n + 1);
  kept.forEach((k, i) => (classOf[i + 1] = k.category));

  const instanceMap = new Uint8Array(width * height);
  const classMap = new Uint8Array(width * height);
  const area = new Float64Array(n + 1);
  const x0 = new Int32Array(n + 1).fill(width);
  const y0 = new Int32Array(n + 1).fill(height);
  const x1 = new Int32Array(n + 1).fill(-1);
  const y1 = new Int32Array(n + 1).fill(-1);
  const sums = pixels ? new Float64Array((n + 1) * 3) : null;
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      const id = finalId[map[p]];
      if (id === 0) continue;
      instanceMap[p] = id;
      classMap[p] = classOf[id];
      area[id]++;
      if (x < x0[id]) x0[id] = x;
      if (x > x1[id]) x1[id] = x;
      if (y < y0[id]) y0[id] = y;
      y1[id] = y;
      if (sums && pixels) {
        const q = p * pixels.channels;
        sums[id * 3] += pixels.data[q];
        sums[id * 3 + 1] += pixels.data[q + 1];
        sums[id * 3 + 2] += pixels.data[q + 2];
      }
    }
  }

  const instances: InstanceMeta[] = kept.map((k, i) => {
    const id = i + 1;
    let color: [number, number, number];
    if (k.ann.color) color = [k.ann.color[0], k.ann.color[1], k.ann.color[2]];
    else if (sums)
      color = [0, 1, 2].map((c) => Math.round(sums[id * 3 + c] / area[id])) as [number, number, number];
    else color = [0, 0, 0];
    return {
      id,
      category: k.category,
      bbox: [x0[id], y0[id], x1[id] - x0[id] + 1, y1[id] - y0[id] + 1],
      area: area[id],
      visibleFraction: k.ann.visible_fraction ?? area[id] / k.own,
      color,
    };
  });
  return { instanceMap, classMap, instances, problems, crowd };
}
