// A sample's label maps at the model's input size, for the segmentation sample view: the ground truth
// (its stored mask mapped to the head's classes and resized by nearest neighbour as training did) and the
// stored prediction, both decoded on the page (small PNGs, our own decoder).
import { decodeLabelPng } from '../../../core/formats/png';
import { segmentationClasses } from '../../../core/train/targets';
import { prepareMask } from '../../../core/train/preprocess';
import type { DatasetRecord } from '../../../protocol/records';

export function targetMap(
  record: Pick<DatasetRecord, 'kind' | 'classes' | 'name'>,
  target: 'classes' | 'rectangles',
  mask: ArrayBuffer,
  size: number,
): Int32Array {
  const { lut } = segmentationClasses(record, target);
  const m = decodeLabelPng(new Uint8Array(mask));
  for (let i = 0; i < m.data.length; i++) m.data[i] = lut[m.data[i]];
  const out = new Int32Array(size * size);
  const whole = { box: { x: 0, y: 0, w: m.width, h: m.height }, turn: { hflip: false, vflip: false, k: 0 } };
  prepareMask(m.data, m.width, m.height, whole, size, out, 0);
  return out;
}

export function predictedMap(png: Uint8Array): Int32Array {
  return Int32Array.from(decodeLabelPng(png).data);
}
