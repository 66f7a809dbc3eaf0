// Recognises COCO instance datasets among the paths of a dropped folder or zip, and matches the images an
// annotation file lists to the files that are there. Three shapes are understood:
//   our exports      <root>/annotations.json, <root>/images/<file_name>, <root>/masks/… (ignored: the class
//                    maps are rebuilt from the annotations)
//   official COCO    <root>/annotations/instances_<split>.json with <root>/<split>/<file> (train2017/, val2017/)
//   one file a folder <root>/<any>.json beside its images (also one such folder per split, each with its file)
// The annotation file itself is read by formats/cocoRead.ts; this file works on paths and file names only.
import type { ImportProblem } from '../../protocol/jobs';
import type { CocoImageRecord } from '../formats/cocoRead';
import { cleanPaths, compare, isImagePath, normalizePath } from './layout';

export interface CocoPart {
  /** Path of the annotation file (normalised). */
  annotations: string;
  /** Folder its file_name paths are relative to ('' for the top of what was dropped), without a trailing '/'. */
  root: string;
  /** From instances_<split>.json: the folder below the root its images are looked for in first. */
  split?: string;
}

export interface CocoPlannedSample {
  /** Path of the image file, as given (normalised to '/' separators). */
  image: string;
  /**
   * Name the sample is stored under: the image's file_name (normalised), which an export writes back as is;
   * for an image found by its base name only, its path below the part's root.
   */
  name: string;
  /** Index into CocoImportPlan.parts (and so the annotation file this image's annotations are in). */
  part: number;
  /** The COCO image id (annotations refer to it). */
  imageId: number;
}

export interface CocoImportPlan {
  layout: 'coco';
  parts: CocoPart[];
  /** By part, then by image path. */
  samples: CocoPlannedSample[];
  /** Listed images that are missing, image files no annotation file lists, and other files; by path. */
  problems: ImportProblem[];
}

const isJson = (p: string) => p.toLowerCase().endsWith('.json');
const folderOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const prefixOf = (root: string) => (root ? root + '/' : '');
const OFFICIAL = /^(?:(.*)\/)?annotations\/instances_([^/]+)\.json$/i;
/** When one folder holds several JSON files, the one with such a name is the annotation file. */
const PREFERRED = /^(annotations|_annotations\.coco|instances(_[^/]*)?)\.json$/i;

function partsOf(paths: readonly string[]): CocoPart[] {
  const images = paths.filter(isImagePath);
  const hasImagesBelow = (root: string) => {
    const prefix = prefixOf(root);
    return images.some((p) => p.startsWith(prefix));
  };

  const official: CocoPart[] = [];
  for (const p of paths) {
    const m = OFFICIAL.exec(p);
    if (m) official.push({ annotations: p, root: m[1] ?? '', split: m[2] });
  }
  if (official.length) return official.filter((part) => hasImagesBelow(part.root));

  // Otherwise the JSON files nearest the top, one per folder.
  const json = paths.filter(isJson);
  if (!json.length) return [];
  const depth = (p: string) => p.split('/').length;
  const top = Math.min(...json.map(depth));
  const byFolder = new Map<string, string[]>();
  for (const p of json) {
    if (depth(p) !== top) continue;
    const list = byFolder.get(folderOf(p)) ?? [];
    list.push(p);
    byFolder.set(folderOf(p), list);
  }
  const parts: CocoPart[] = [];
  for (const [root, files] of byFolder) {
    const preferred = files.filter((p) => PREFERRED.test(baseName(p)));
    const file = files.length === 1 ? files[0] : preferred.length === 1 ? preferred[0] : undefined;
    if (file && hasImagesBelow(root)) parts.push({ annotations: file, root });
  }
  return parts;
}

/**
 * The annotation files of a COCO dataset among these paths (empty when there is none): official
 * annotations/instances_*.json files, else the JSON file(s) nearest the top, one per folder, that have images
 * below their folder. Paths alone cannot tell a COCO file from any other JSON: the caller parses each
 * (parseCocoInstances) before committing to this layout.
 */
export function findCocoParts(inputPaths: readonly string[]): CocoPart[] {
  return partsOf(cleanPaths(inputPaths));
}

export function isCocoLayout(paths: readonly string[]): boolean {
  return findCocoParts(paths).length > 0;
}

/** Folders below the root where a split's images may be, with a trailing '/'. */
function splitFolders(part: CocoPart): string[] {
  return part.split ? [`${part.split}/`, `images/${part.split}/`] : [];
}

/**
 * Where file_name may be, below the part's root, in the order tried: as written, below the split's folder
 * (official COCO: file_name is the bare name, the image is in train2017/), below images/ (our exports, and
 * images/<split>/ as some converters write).
 */
function candidatesFor(fileName: string, part: CocoPart): string[] {
  const prefix = prefixOf(part.root);
  return [prefix + fileName, ...[...splitFolders(part), 'images/'].map((f) => prefix + f + fileName)];
}

/**
 * Plans the import of a COCO dataset: each part with the image records of its parsed annotation file.
 * file_name (which may include folders) is matched to a path exactly, relative to the part's root, then in the
 * usual image folders, then by its base name when exactly one image file below the root has it. Images listed
 * but not found are 'missing-image' problems; image files no part lists are 'outside-layout'; a masks/ folder
 * beside an annotation file is skipped silently.
 */
export function planCocoImport(
  inputPaths: readonly string[],
  files: readonly { part: CocoPart; images: readonly Pick<CocoImageRecord, 'id' | 'file_name'>[] }[],
): CocoImportPlan {
  const paths = cleanPaths(inputPaths);
  const pathSet = new Set(paths);
  const images = paths.filter(isImagePath);
  const problems: ImportProblem[] = [];
  const samples: CocoPlannedSample[] = [];
  /** Image path → who claimed it first. */
  const claimed = new Map<string, { part: number; imageId: number }>();

  files.forEach(({ part, images: records }, partIndex) => {
    const prefix = prefixOf(part.root);
    const byBase = new Map<string, string[]>();
    for (const p of images) {
      if (!p.startsWith(prefix)) continue;
      const list = byBase.get(baseName(p)) ?? [];
      list.push(p);
      byBase.set(baseName(p), list);
    }
    const json = part.annotations;
    // Where listed images that are not there were expected, for the report.
    const folder = [...splitFolders(part), 'images/'].find((f) =>
      images.some((p) => p.startsWith(prefix + f)),
    );
    const missingFolder = prefix + (folder ?? '');
    for (const rec of records) {
      const fileName = normalizePath(rec.file_name);
      let path = candidatesFor(fileName, part).find((c) => pathSet.has(c) && isImagePath(c));
      let name = fileName;
      let detail = `listed in ${json} (image id ${rec.id}) but not found`;
      if (!path) {
        const same = byBase.get(baseName(fileName)) ?? [];
        if (same.length === 1) {
          // file_name points elsewhere (often an absolute path on the annotator's machine): name it as found.
          path = same[0];
          name = path.slice(prefix.length);
        } else if (same.length > 1)
          detail += `; ${same.length} files are named ${baseName(fileName)} (${same.slice(0, 3).join(', ')}${
            same.length > 3 ? ', …' : ''
          }), so its path is needed`;
      }
      if (!path) {
        problems.push({ path: missingFolder + fileName, reason: 'missing-image', detail });
        continue;
      }
      const first = claimed.get(path);
      if (first) {
        problems.push({
          path,
          reason: 'outside-layout',
          detail:
            `listed again in ${json} as image id ${rec.id} (first as image id ${first.imageId}` +
            `${first.part === partIndex ? '' : ` in ${files[first.part].part.annotations}`}); imported once`,
        });
        continue;
      }
      claimed.set(path, { part: partIndex, imageId: rec.id });
      samples.push({ image: path, name, part: partIndex, imageId: rec.id });
    }
  });

  const annotationFiles = new Set(files.map((f) => f.part.annotations));
  for (const p of paths) {
    if (claimed.has(p) || annotationFiles.has(p)) continue;
    // The parts with the deepest root holding the file say what it should have been.
    let depth = -1;
    let owners: CocoPart[] = [];
    for (const { part } of files) {
      if (!p.startsWith(prefixOf(part.root))) continue;
      if (part.root.length > depth) {
        depth = part.root.length;
        owners = [];
      }
      if (part.root.length === depth) owners.push(part);
    }
    if (!owners.length) {
      problems.push(
        isImagePath(p)
          ? { path: p, reason: 'outside-layout', detail: 'outside the folders of the annotation files' }
          : { path: p, reason: 'not-an-image', detail: 'not an image file (by its extension)' },
      );
      continue;
    }
    const rel = p.slice(prefixOf(owners[0].root).length);
    if (rel.toLowerCase().startsWith('masks/')) continue;
    if (isImagePath(p)) {
      const inSplit = owners.find((o) => o.split && splitFolders(o).some((f) => rel.startsWith(f)));
      const names = inSplit ? inSplit.annotations : owners.map((o) => o.annotations).join(' or ');
      problems.push({ path: p, reason: 'outside-layout', detail: `not listed in ${names}` });
    } else {
      problems.push({
        path: p,
        reason: 'not-an-image',
        detail: isJson(p)
          ? `not an image file; the annotations are read from ${owners.map((o) => o.annotations).join(', ')}`
          : 'not an image file (by its extension)',
      });
    }
  }

  samples.sort((a, b) => a.part - b.part || compare(a.image, b.image));
  problems.sort((a, b) => compare(a.path, b.path));
  return { layout: 'coco', parts: files.map((f) => f.part), samples, problems };
}
