// COCO "instances" documents, written image by image so an exporter never holds the whole
// dataset: annotations are emitted as each image is added, image records (small) at the end.
// The text is deterministic (fixed key order, no dates), so the same data gives the same bytes.
import type { InstanceMeta } from '../../protocol/records';
import { encodeLabelRles, rleArea, rleToBbox, type CocoRle } from './rle';

export interface CocoInfo {
  description: string;
  version: string;
  contributor?: string;
  url?: string;
  /** Anything else worth keeping with the data (e.g. the generator's parameters and seed). */
  [key: string]: unknown;
}

export interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
}

export interface CocoCategory {
  id: number;
  name: string;
  supercategory?: string;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  segmentation: CocoRle;
  iscrowd: 0;
  visible_fraction: number;
  color: [number, number, number];
}

export interface CocoDocument {
  info: CocoInfo;
  licenses: never[];
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: CocoCategory[];
}

/**
 * Annotations of one image from its instance map (0 = none, k = instance id k).
 * Mask, area and bbox all come from the map itself, so they agree with each other by construction;
 * instances with no visible pixel are left out (COCO tools cannot use an empty mask).
 */
export function annotationsForImage(
  imageId: number,
  instanceMap: Uint8Array | Uint16Array,
  width: number,
  height: number,
  instances: readonly InstanceMeta[],
  firstAnnotationId: number,
): CocoAnnotation[] {
  const rles = encodeLabelRles(instanceMap, height, width);
  const out: CocoAnnotation[] = [];
  for (const inst of instances) {
    const segmentation = rles.get(inst.id);
    if (!segmentation) continue;
    out.push({
      id: firstAnnotationId + out.length,
      image_id: imageId,
      category_id: inst.category,
      bbox: rleToBbox(segmentation),
      area: rleArea(segmentation),
      segmentation,
      iscrowd: 0,
      visible_fraction: inst.visibleFraction,
      color: [inst.color[0], inst.color[1], inst.color[2]],
    });
  }
  return out;
}

export interface CocoWriterOptions {
  info: CocoInfo;
  categories: readonly CocoCategory[];
  /** Receives the JSON text piece by piece, in order. */
  sink: (chunk: string) => void;
}

/**
 * Streams a COCO instances document: call addImage per image, then finish().
 * Key order is info, licenses, categories, annotations, images; JSON readers do not care.
 */
export class CocoWriter {
  private readonly sink: (chunk: string) => void;
  private readonly images: string[] = [];
  private nextImageId = 1;
  private nextAnnotationId = 1;
  private wroteAnnotation = false;
  private finished = false;

  constructor(opts: CocoWriterOptions) {
    this.sink = opts.sink;
    const categories = opts.categories.map((c) =>
      c.supercategory === undefined
        ? { id: c.id, name: c.name }
        : { id: c.id, name: c.name, supercategory: c.supercategory },
    );
    this.sink(
      `{"info":${JSON.stringify(opts.info)},\n"licenses":[],\n"categories":[\n` +
        categories.map((c) => JSON.stringify(c)).join(',\n') +
        `\n],\n"annotations":[`,
    );
  }

  /** Adds one image and its annotations; returns the image record (ids count from 1). */
  addImage(
    image: { file_name: string; width: number; height: number; id?: number },
    instanceMap: Uint8Array | Uint16Array,
    instances: readonly InstanceMeta[],
  ): { image: CocoImage; annotations: CocoAnnotation[] } {
    if (this.finished) throw new Error('CocoWriter: addImage after finish');
    const id = image.id ?? this.nextImageId;
    this.nextImageId = Math.max(this.nextImageId, id + 1);
    const record: CocoImage = { id, file_name: image.file_name, width: image.width, height: image.height };
    const annotations = annotationsForImage(
      id,
      instanceMap,
      image.width,
      image.height,
      instances,
      this.nextAnnotationId,
    );
    this.nextAnnotationId += annotations.length;
    this.images.push(JSON.stringify(record));
    if (annotations.length > 0) {
      this.sink(
        (this.wroteAnnotation ? ',\n' : '\n') + annotations.map((a) => JSON.stringify(a)).join(',\n'),
      );
      this.wroteAnnotation = true;
    }
    return { image: record, annotations };
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.sink(`\n],\n"images":[\n${this.images.join(',\n')}\n]}\n`);
  }
}

/** Whole document as one string (small datasets, tests). */
export function cocoDocumentText(
  info: CocoInfo,
  categories: readonly CocoCategory[],
  images: readonly {
    file_name: string;
    width: number;
    height: number;
    instanceMap: Uint8Array | Uint16Array;
    instances: readonly InstanceMeta[];
  }[],
): string {
  const parts: string[] = [];
  const w = new CocoWriter({ info, categories, sink: (s) => parts.push(s) });
  for (const im of images) w.addImage(im, im.instanceMap, im.instances);
  w.finish();
  return parts.join('');
}
