// A dataset folder on disk as the training loop's TrainData: a thin adapter over the studio's import
// planners (src/core/data), so the CLI reads the same layouts, classes, targets and splits as the page.
// Layouts: COCO instances (an annotations file that parses and has annotations, e.g. `generate`'s output),
// else ImageFolder (<class>/<image>) or images/ + masks/. Images are decoded by our PNG decoder; Node has
// no JPEG (or WebP, GIF, ...) decoder without a dependency, so other formats are refused up front.
import fs from 'node:fs';
import path from 'node:path';
import { findCocoParts, isCocoLayout, planCocoImport, type CocoPart } from '../core/data/cocoPlan';
import {
  checkMask,
  importedMeta,
  readPngHeader,
  segmentationClassNames,
  sniffImageType,
} from '../core/data/importPlan';
import { compare, planImport } from '../core/data/layout';
import { assignSplits, DEFAULT_SPLIT, stratumOf } from '../core/data/splits';
import { isTilewrightError, TilewrightError } from '../core/errors';
import {
  classesFromCategories,
  instanceMapFor,
  parseCocoInstances,
  type CocoDataset,
  type CocoImageRecord,
} from '../core/formats/cocoRead';
import { decodeLabelPng, decodePng } from '../core/formats/png';
import type { SegmentationConfig, Task } from '../core/train/config';
import { splitKeys } from '../core/train/splitKeys';
import { headClasses, segmentationClasses, targetFor } from '../core/train/targets';
import type { DecodedImage, Target, TrainData } from '../core/train/types';
import type { ImportProblem } from '../protocol/jobs';
import type { DatasetKind, SampleMeta } from '../protocol/records';

export interface FolderData extends TrainData {
  layout: 'imagefolder' | 'image-mask' | 'coco';
  kind: DatasetKind;
  /** Samples found (before those without a target for the task are left out). */
  samples: number;
  /** Samples left out because they have no target for the task. */
  skipped: number;
  /** Training samples left out by train_min_visible. */
  occluded: number;
  /** Files left out and why (as the studio's import report lists them), by path. */
  problems: ImportProblem[];
}

/** Relative paths ('/' separators) of every file below `dir`, following symbolic links. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const a = path.join(abs, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && fs.statSync(a).isDirectory());
      if (isDir) walk(a, r);
      else out.push(r);
    }
  };
  walk(dir, '');
  return out.sort(compare);
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Formats sniffImageType knows that Node cannot decode without a dependency, by MIME type. */
const FORMAT_NAMES: Record<string, string> = {
  'image/jpeg': 'a JPEG',
  'image/gif': 'a GIF',
  'image/bmp': 'a BMP',
  'image/webp': 'a WebP',
  'image/avif': 'an AVIF',
  'image/tiff': 'a TIFF',
};

/** What the planners give for one sample, whatever the layout. */
interface Planned {
  image: string;
  name: string;
  mask?: string;
  label?: number;
  coco?: { file: number; imageId: number };
}

interface CocoFiles {
  files: { part: CocoPart; dataset: CocoDataset; byId: Map<number, CocoImageRecord> }[];
  classes: string[];
  categoryToClass: Map<number, number>;
}

/** Reads the first bytes of a file (enough for a PNG header and any format's signature). */
function head(file: string, bytes = 64): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = new Uint8Array(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** The annotation files when the folder is a COCO dataset with annotations (as the studio decides), and why others failed. */
function readCoco(dir: string, paths: string[]): { coco?: CocoFiles; failures: ImportProblem[] } {
  const failures: ImportProblem[] = [];
  if (!isCocoLayout(paths)) return { failures };
  const files: CocoFiles['files'] = [];
  for (const part of findCocoParts(paths)) {
    try {
      const dataset = parseCocoInstances(
        fs.readFileSync(path.join(dir, part.annotations), 'utf8'),
        part.annotations,
      );
      files.push({ part, dataset, byId: new Map(dataset.images.map((im) => [im.id, im])) });
    } catch (e) {
      failures.push({ path: part.annotations, reason: 'bad-annotation', detail: errorText(e) });
    }
  }
  if (!files.some((f) => f.dataset.annotationsByImage.size > 0)) return { failures };
  try {
    return {
      coco: { files, ...classesFromCategories(files.flatMap((f) => f.dataset.categories)) },
      failures,
    };
  } catch (e) {
    for (const f of files)
      failures.push({ path: f.part.annotations, reason: 'bad-annotation', detail: errorText(e) });
    return { failures };
  }
}

/**
 * Plans `dir` as the studio's import would, reads what the targets need (image headers, masks, COCO
 * annotations), splits with DEFAULT_SPLIT's fractions and `seed`, and returns the samples that have a
 * target for `task`. Throws TilewrightError('bad-layout') for a folder in no known layout and
 * TilewrightError('bad-file') naming the first image that is not a PNG.
 */
export interface FolderDataOptions {
  /** Segmentation: what the head predicts, and whether samples bring their instance maps (boundary channel). */
  segmentation?: Pick<SegmentationConfig, 'target' | 'separation'>;
  /** Leave training samples with a less visible instance out (train_min_visible). */
  minVisible?: number;
}

export function folderData(dir: string, task: Task, seed: number, o: FolderDataOptions = {}): FolderData {
  const segTarget = o.segmentation?.target ?? 'classes';
  const paths = listFiles(dir);
  const { coco, failures } = readCoco(dir, paths);
  let layout: FolderData['layout'];
  let kind: DatasetKind;
  let planned: Planned[];
  let problems: ImportProblem[];
  let classNames: string[] = [];
  if (coco) {
    const plan = planCocoImport(
      paths,
      coco.files.map((f) => ({ part: f.part, images: f.dataset.images })),
    );
    layout = 'coco';
    kind = 'instances';
    classNames = coco.classes;
    planned = plan.samples.map((s) => ({
      image: s.image,
      name: s.name,
      coco: { file: s.part, imageId: s.imageId },
    }));
    problems = [
      ...plan.problems,
      ...failures,
      ...coco.files.flatMap(({ part, dataset }) =>
        dataset.problems.map((detail): ImportProblem => ({
          path: part.annotations,
          reason: 'bad-annotation',
          detail,
        })),
      ),
    ];
  } else {
    let plan: ReturnType<typeof planImport>;
    try {
      plan = planImport(paths);
    } catch (e) {
      // Say why the annotation file was not used: that is more likely what went wrong than the folders.
      if (failures.length && isTilewrightError(e))
        throw new TilewrightError(
          e.code,
          `${e.message} The annotation file could not be used: ${failures[0].detail}`,
          e.subject,
        );
      throw e;
    }
    layout = plan.layout;
    kind = plan.layout === 'imagefolder' ? 'classification' : 'segmentation';
    classNames = plan.classes;
    planned = plan.samples;
    const failed = new Set(failures.map((f) => f.path));
    problems = [...plan.problems.filter((p) => !failed.has(p.path)), ...failures];
  }

  // Only PNG can be decoded here: refuse other formats before any training, naming the first file.
  const heads = planned.map((s) => head(path.join(dir, s.image)));
  const foreign = planned
    .map((s, i) => ({ s, type: sniffImageType(heads[i]) }))
    .filter((x) => x.type !== undefined && x.type !== 'image/png');
  if (foreign.length) {
    const { s, type } = foreign[0];
    const others = foreign.length - 1;
    const what = FORMAT_NAMES[type!] ?? `a ${type}`;
    throw new TilewrightError(
      'bad-file',
      `${path.join(dir, s.image)} is ${what} image` +
        (others ? ` (and ${others} more image${others === 1 ? ' is' : 's are'} not PNG)` : '') +
        `: the command line reads PNG only (Node cannot decode ${what.replace(/^an? /, '')} images without an ` +
        `extra dependency). Convert the images to PNG (e.g. 'mogrify -format png *.jpg' with ImageMagick) ` +
        'or import the folder in the studio.',
      s.image,
    );
  }

  const metas: SampleMeta[] = [];
  const files: string[] = [];
  // Segmentation: where each sample's class map comes from (a mask file, or the COCO annotations).
  const classMaps: (() => Uint8Array)[] = [];
  const instanceMaps: Uint8Array[] = [];
  let maxClass = 0;
  let crowd = 0;
  planned.forEach((s, i) => {
    const header = readPngHeader(heads[i]);
    if (!header) {
      problems.push({ path: s.image, reason: 'unreadable', detail: 'not a PNG file (by its first bytes)' });
      return;
    }
    const size = { width: header.width, height: header.height };
    const index = metas.length;
    let meta: SampleMeta;
    if (s.coco) {
      const { part, dataset, byId } = coco!.files[s.coco.file];
      const record = byId.get(s.coco.imageId)!;
      if (record.width !== size.width || record.height !== size.height) {
        problems.push({
          path: s.image,
          reason: 'size-mismatch',
          detail: `image is ${size.width}×${size.height}, ${part.annotations} says ${record.width}×${record.height}`,
        });
        return;
      }
      let maps: ReturnType<typeof instanceMapFor>;
      try {
        maps = instanceMapFor(record, dataset.annotationsByImage.get(record.id) ?? [], coco!.categoryToClass);
      } catch (e) {
        problems.push({ path: s.image, reason: 'bad-annotation', detail: errorText(e) });
        return;
      }
      crowd += maps.crowd;
      const classMap = maps.classMap;
      classMaps[index] = () => classMap;
      instanceMaps[index] = maps.instanceMap;
      for (const detail of maps.problems)
        problems.push({ path: part.annotations, reason: 'bad-annotation', detail });
      const instances = maps.instances;
      meta = {
        index,
        name: s.name,
        ...size,
        split: 'train',
        classes: [...new Set(instances.map((x) => x.category))].sort((a, b) => a - b),
        instances,
        minVisible: instances.reduce((m, x) => Math.min(m, x.visibleFraction), 1),
      };
    } else if (s.mask) {
      const m = checkMask(fs.readFileSync(path.join(dir, s.mask)), size, s.mask);
      if (!m.ok) {
        problems.push(m.problem);
        return;
      }
      maxClass = Math.max(maxClass, m.maxClass);
      meta = importedMeta(index, s.name, size, undefined, m.classes);
      const maskFile = path.join(dir, s.mask);
      classMaps[index] = () => {
        try {
          return decodeLabelPng(fs.readFileSync(maskFile)).data;
        } catch (e) {
          throw new TilewrightError(
            'bad-file',
            `${maskFile} cannot be read as a mask: ${errorText(e)}`,
            maskFile,
          );
        }
      };
    } else {
      meta = importedMeta(index, s.name, size, s.label, undefined);
    }
    metas.push(meta);
    files.push(path.join(dir, s.image));
  });
  if (crowd)
    problems.push({
      path: coco!.files.map((f) => f.part.annotations).join(', '),
      reason: 'bad-annotation',
      detail: `${crowd} crowd annotation${crowd === 1 ? '' : 's'} (iscrowd 1) skipped: a crowd region is not an instance`,
    });
  problems.sort((a, b) => compare(a.path, b.path));
  if (kind === 'segmentation') classNames = segmentationClassNames(maxClass);
  if (!metas.length)
    throw new TilewrightError(
      'bad-layout',
      `No usable images in ${dir}` +
        (problems.length ? `: ${problems[0].path}: ${problems[0].detail}` : '') +
        (problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '') +
        '.',
      dir,
    );

  const assignment = assignSplits(
    metas.map((m) => ({ index: m.index, stratum: stratumOf(m) })),
    { ...DEFAULT_SPLIT, seed },
  );
  for (const m of metas) m.split = assignment.get(m.index) ?? m.split;

  const head_ = headClasses({ kind, classes: classNames });
  const seg =
    task === 'segmentation' ? segmentationClasses({ kind, classes: classNames, name: dir }, segTarget) : null;
  const targets = new Map<number, Target>();
  let skipped = 0;
  for (const m of metas) {
    const t = targetFor(m, task, head_);
    if (t === null) skipped++;
    else targets.set(m.index, t);
  }
  const withInstances = !!seg && o.segmentation?.separation === 'boundary';
  if (withInstances && kind !== 'instances')
    throw new TilewrightError(
      'incompatible',
      `${dir} has no instance maps to learn boundaries from (it is a ${layout} folder): use COCO annotations, such as generate's output, or set segmentation.separation to none.`,
      'segmentation.separation',
    );
  const keys = splitKeys(metas, (k) => targets.has(k), o.minVisible);

  return {
    layout,
    kind,
    samples: metas.length,
    skipped,
    occluded: keys.occluded,
    problems,
    classes: seg ? seg.names : head_.names,
    train: keys.train,
    val: keys.val,
    targetOf(key) {
      const t = targets.get(key);
      if (t === undefined) throw new TilewrightError('not-found', `No sample ${key} in ${dir}.`, String(key));
      return t;
    },
    nameOf: (key) => metas[key]?.name ?? String(key),
    async load(key): Promise<DecodedImage> {
      const file = files[key];
      if (file === undefined)
        throw new TilewrightError('not-found', `No sample ${key} in ${dir}.`, String(key));
      let bytes: Uint8Array;
      try {
        bytes = await fs.promises.readFile(file);
      } catch (e) {
        throw new TilewrightError('not-found', `${file} cannot be read any more: ${errorText(e)}`, file);
      }
      let img: DecodedImage;
      try {
        const png = decodePng(bytes);
        img = { pixels: png.data, width: png.width, height: png.height, channels: png.channels };
      } catch (e) {
        throw new TilewrightError('bad-file', `${file} cannot be decoded: ${errorText(e)}`, file);
      }
      if (!seg) return img;
      const source = classMaps[key];
      if (!source) throw new TilewrightError('bad-file', `${file} has no mask to segment.`, file);
      const raw = source();
      if (raw.length !== img.width * img.height)
        throw new TilewrightError('bad-file', `The mask of ${file} is not ${img.width}×${img.height}.`, file);
      const mask = Uint8Array.from(raw, (v) => seg.lut[v]);
      return withInstances ? { ...img, mask, instances: instanceMaps[key] } : { ...img, mask };
    },
  };
}
