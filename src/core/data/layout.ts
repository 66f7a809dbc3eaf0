// Decides what kind of dataset a dropped folder or a zip holds, from its file paths alone, and plans
// the import: which files become samples, with which label or mask, and which files are left out and why.
//
// Two layouts are understood:
//   ImageFolder   <root>/<class>/<image>                 (EuroSAT RGB, RESISC45, torchvision ImageFolder)
//   image + mask  <root>/images/<name>.<ext> and <root>/masks/<name>.png  (masks hold class indices)
// <root> is the top of what was dropped, or a chain of single folders below it that every image shares
// (a zip holding EuroSAT/AnnualCrop/x.jpg). OS junk (__MACOSX/, .DS_Store, Thumbs.db, dot files) is
// skipped silently; everything else that does not become a sample is reported as an ImportProblem.
import { TilewrightError } from '../errors';
import type { ImportProblem } from '../../protocol/jobs';

export type LayoutKind = 'imagefolder' | 'image-mask';

export interface PlannedSample {
  /** Path of the image, as given (normalised to '/' separators). */
  image: string;
  /** Path of the mask PNG (image + mask layout). */
  mask?: string;
  /** Class id (ImageFolder): index into ImportPlan.classes. */
  label?: number;
  /** Name the sample is stored under: the path below the layout root (ImageFolder: `<class>/<file>`; image + mask: the path below images/). */
  name: string;
}

export interface ImportPlan {
  layout: LayoutKind;
  /** Folder the layout starts at ('' for the top of what was dropped), without a trailing '/'. */
  root: string;
  /** ImageFolder: class folder names, sorted by code point (the class id is the position). Image + mask: empty; classes come from the mask values. */
  classes: string[];
  /** In a stable order: by class then path (ImageFolder), by path (image + mask). */
  samples: PlannedSample[];
  problems: ImportProblem[];
}

/** Extensions taken for images. TIFF is listed so that it is reported as unreadable by the browser rather than as "not an image". */
const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  jfif: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  avif: 'image/avif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

const JUNK_NAMES = new Set(['thumbs.db', 'desktop.ini', 'ehthumbs.db']);
const JUNK_FOLDERS = new Set(['__macosx', '.git', '.svn']);

function extension(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function stripExtension(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? path.slice(0, dot) : path;
}

/** MIME type of an image file by its extension, or undefined if the extension is not an image's. */
export function imageTypeFromPath(path: string): string | undefined {
  return IMAGE_TYPES[extension(path)];
}

export function isImagePath(path: string): boolean {
  return imageTypeFromPath(path) !== undefined;
}

/** '/' separators, no leading './' or '/', no empty segments. Directory entries (trailing '/') become ''. */
export function normalizePath(path: string): string {
  if (path.endsWith('/') || path.endsWith('\\')) return '';
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

/** Files the OS or an archiver adds that nobody means to import: never reported. */
export function isJunkPath(path: string): boolean {
  const parts = path.split('/');
  const base = parts[parts.length - 1].toLowerCase();
  if (base.startsWith('.') || JUNK_NAMES.has(base)) return true;
  return parts.slice(0, -1).some((p) => JUNK_FOLDERS.has(p.toLowerCase()) || p.startsWith('.'));
}

interface Candidate {
  root: string;
  /** Paths below the root (root prefix removed), for files under it. */
  rel: Map<string, string>;
}

function under(root: string, paths: string[]): Map<string, string> {
  const rel = new Map<string, string>();
  const prefix = root ? root + '/' : '';
  for (const p of paths) if (p.startsWith(prefix)) rel.set(p, p.slice(prefix.length));
  return rel;
}

/** '' then each folder that every image lies below, outermost first. */
function candidateRoots(images: string[]): string[] {
  const roots = [''];
  if (!images.length) return roots;
  const split = images.map((p) => p.split('/'));
  const minDepth = Math.min(...split.map((s) => s.length));
  for (let d = 0; d < minDepth - 1; d++) {
    const seg = split[0][d];
    if (!split.every((s) => s[d] === seg)) break;
    roots.push(split[0].slice(0, d + 1).join('/'));
  }
  return roots;
}

function topFolder(rel: string): string | undefined {
  const slash = rel.indexOf('/');
  return slash < 0 ? undefined : rel.slice(0, slash);
}

export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Normalised paths without junk (`__MACOSX/`, `.DS_Store`, …) or repeats, sorted. */
export function cleanPaths(inputPaths: readonly string[]): string[] {
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const raw of inputPaths) {
    const p = normalizePath(raw);
    if (!p || isJunkPath(p) || seen.has(p)) continue;
    seen.add(p);
    paths.push(p);
  }
  return paths.sort(compare);
}

/**
 * Plans the import of the given relative paths (of a dropped folder's files or a zip's entries).
 * Throws TilewrightError('bad-layout') when neither layout fits, saying what was expected and what was found.
 */
export function planImport(inputPaths: readonly string[]): ImportPlan {
  const paths = cleanPaths(inputPaths);
  const images = paths.filter(isImagePath);
  const roots = candidateRoots(images);

  // Image + mask wins wherever an images/ and a masks/ folder sit side by side at a candidate root.
  for (const root of roots) {
    const c: Candidate = { root, rel: under(root, paths) };
    const folders = new Set<string>();
    for (const rel of c.rel.values()) {
      const top = topFolder(rel);
      if (top) folders.add(top);
    }
    const imagesDir = [...folders].find((f) => f.toLowerCase() === 'images');
    const masksDir = [...folders].find((f) => f.toLowerCase() === 'masks');
    if (imagesDir && masksDir) return planImageMask(paths, c, imagesDir, masksDir);
  }

  // ImageFolder: the candidate root with the most images exactly one folder deep (ties: the outermost).
  let best: { root: string; fit: number } | undefined;
  for (const root of roots) {
    const prefix = root ? root + '/' : '';
    let fit = 0;
    for (const p of images) if (p.startsWith(prefix) && p.slice(prefix.length).split('/').length === 2) fit++;
    if (fit > 0 && (!best || fit > best.fit)) best = { root, fit };
  }
  if (best) {
    const plan = planImageFolder(paths, { root: best.root, rel: under(best.root, paths) });
    if (plan.classes.length >= 2) return plan;
    const only = plan.classes[0];
    if (only.toLowerCase() === 'images' || only.toLowerCase() === 'masks')
      throw layoutError(
        paths,
        images,
        `found an ${only}/ folder but no ${only.toLowerCase() === 'images' ? 'masks' : 'images'}/ folder beside it`,
      );
    throw layoutError(
      paths,
      images,
      `found a single class folder "${only}"; an image-folder dataset needs at least two`,
    );
  }
  throw layoutError(paths, images, describe(paths, images));
}

function describe(paths: string[], images: string[]): string {
  if (!paths.length) return 'found no files';
  if (!images.length)
    return `found ${paths.length} file${paths.length === 1 ? '' : 's'} but no images (${sample(paths.map((p) => p.slice(p.lastIndexOf('/') + 1)))})`;
  const flat = images.filter((p) => !p.includes('/')).length;
  if (flat === images.length)
    return `found ${images.length} images directly in the top folder, with no class folders`;
  const tops = [...new Set(images.map((p) => p.split('/')[0]))];
  return `found ${images.length} images under ${sample(tops.map((t) => t + '/'))}, nested more deeply than one class folder`;
}

function sample(items: string[]): string {
  const head = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${head}, … ${items.length - 5} more` : head;
}

function layoutError(paths: string[], images: string[], found: string): TilewrightError {
  return new TilewrightError(
    'bad-layout',
    'Expected class folders (<class>/<image>, as in EuroSAT or RESISC45) or an images/ folder with a masks/ folder ' +
      `of PNG class maps beside it; ${found}.`,
    paths[0] ?? images[0],
  );
}

function outside(path: string, detail: string): ImportProblem {
  return isImagePath(path)
    ? { path, reason: 'outside-layout', detail }
    : { path, reason: 'not-an-image', detail: `not an image file (by its extension); ${detail}` };
}

function planImageFolder(paths: string[], c: Candidate): ImportPlan {
  const problems: ImportProblem[] = [];
  const byClass = new Map<string, string[]>();
  for (const p of paths) {
    const rel = c.rel.get(p);
    if (rel === undefined) {
      problems.push(outside(p, `outside the dataset folder ${c.root}/`));
      continue;
    }
    const parts = rel.split('/');
    if (!isImagePath(p)) {
      problems.push({ path: p, reason: 'not-an-image', detail: 'not an image file (by its extension)' });
    } else if (parts.length !== 2) {
      problems.push({
        path: p,
        reason: 'outside-layout',
        detail:
          parts.length < 2
            ? 'not inside a class folder'
            : `nested ${parts.length - 1} folders deep; expected <class>/<image>`,
      });
    } else {
      const list = byClass.get(parts[0]) ?? [];
      list.push(p);
      byClass.set(parts[0], list);
    }
  }
  const classes = [...byClass.keys()].sort(compare);
  const samples: PlannedSample[] = [];
  classes.forEach((cls, label) => {
    for (const image of byClass.get(cls)!) samples.push({ image, label, name: c.rel.get(image)! });
  });
  return { layout: 'imagefolder', root: c.root, classes, samples, problems };
}

/** Mask file names may carry a _mask / -mask suffix (x.jpg ↔ x_mask.png). */
function maskKey(relBelowMasks: string): string {
  return stripExtension(relBelowMasks).replace(/[_-]mask$/i, '');
}

function planImageMask(paths: string[], c: Candidate, imagesDir: string, masksDir: string): ImportPlan {
  const problems: ImportProblem[] = [];
  const imgs = new Map<string, { path: string; name: string }>();
  const masks = new Map<string, string>();
  const imagesPrefix = imagesDir + '/';
  const masksPrefix = masksDir + '/';

  for (const p of paths) {
    const rel = c.rel.get(p);
    if (rel === undefined) {
      problems.push(outside(p, `outside the dataset folder ${c.root}/`));
    } else if (rel.startsWith(imagesPrefix)) {
      const name = rel.slice(imagesPrefix.length);
      if (!isImagePath(p)) {
        problems.push({ path: p, reason: 'not-an-image', detail: 'not an image file (by its extension)' });
        continue;
      }
      const key = stripExtension(name);
      const other = imgs.get(key);
      if (other) {
        problems.push({
          path: p,
          reason: 'outside-layout',
          detail: `same base name as ${other.path}; only one image per mask is imported`,
        });
        continue;
      }
      imgs.set(key, { path: p, name });
    } else if (rel.startsWith(masksPrefix)) {
      if (!isImagePath(p)) {
        problems.push({ path: p, reason: 'not-an-image', detail: 'not an image file (by its extension)' });
      } else if (extension(p) !== 'png') {
        problems.push({
          path: p,
          reason: 'bad-mask',
          detail:
            'masks must be PNG files of class indices (lossy formats such as JPEG change the class values)',
        });
      } else {
        const key = maskKey(rel.slice(masksPrefix.length));
        const other = masks.get(key);
        if (other)
          problems.push({
            path: p,
            reason: 'outside-layout',
            detail: `a second mask for the same image (${other} is used)`,
          });
        else masks.set(key, p);
      }
    } else {
      problems.push(outside(p, `not inside ${imagesDir}/ or ${masksDir}/`));
    }
  }

  const samples: PlannedSample[] = [];
  const used = new Set<string>();
  for (const [key, img] of imgs) {
    const mask = masks.get(key);
    if (!mask) {
      problems.push({
        path: img.path,
        reason: 'missing-mask',
        detail: `no ${masksDir}/${key}.png for this image`,
      });
      continue;
    }
    used.add(key);
    samples.push({ image: img.path, mask, name: img.name });
  }
  for (const [key, mask] of masks)
    if (!used.has(key))
      problems.push({
        path: mask,
        reason: 'missing-image',
        detail: `no image named ${imagesDir}/${key}.* for this mask`,
      });

  samples.sort((a, b) => compare(a.image, b.image));
  problems.sort((a, b) => compare(a.path, b.path));
  return { layout: 'image-mask', root: c.root, classes: [], samples, problems };
}
