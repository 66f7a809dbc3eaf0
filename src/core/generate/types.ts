// What the shapes generator produces for one image.
import type { InstanceMeta } from '../../protocol/records';

export type ShapeKind = 'rectangle' | 'ellipse';

/** Class ids of the shapes data: 0 background, 1 rectangle, 2 ellipse (also the COCO category ids). */
export const SHAPE_CLASSES = ['background', 'rectangle', 'ellipse'] as const;
export const CLASS_ID: Record<ShapeKind, number> = { rectangle: 1, ellipse: 2 };

export interface ShapeInstance extends InstanceMeta {
  kind: ShapeKind;
  /** Geometry of the whole shape (before occlusion): centre, side lengths in px, rotation in degrees. */
  cx: number;
  cy: number;
  w: number;
  h: number;
  angle: number;
  /** Pixels of the whole shape, visible or not. */
  fullArea: number;
}

export interface ShapesSample {
  /** Position in the dataset; with the seed it fixes every byte of the sample. */
  index: number;
  width: number;
  height: number;
  /** RGB, row-major, width*height*3. */
  image: Uint8Array;
  /** Per pixel: 0 for background, else the id of the instance seen there (later shapes on top). */
  instanceMap: Uint8Array;
  /** Per pixel: 0 background, 1 rectangle, 2 ellipse. */
  classMap: Uint8Array;
  /** In draw order; instance k has id k + 1. */
  instances: ShapeInstance[];
}
