// The stored metadata of a generated sample (what the browser, summary and exporter read).
import type { SampleMeta } from '../../protocol/records';
import type { ShapesSample } from './types';

export function sampleName(index: number): string {
  return `${String(index).padStart(6, '0')}.png`;
}

export function shapesSampleMeta(s: ShapesSample): SampleMeta {
  const classes = [...new Set(s.instances.map((i) => i.category))].sort((a, b) => a - b);
  return {
    index: s.index,
    name: sampleName(s.index),
    width: s.width,
    height: s.height,
    split: 'train', // assigned for the whole dataset once the job ends
    classes,
    instances: s.instances.map(({ id, category, bbox, area, visibleFraction, color }) => ({
      id,
      category,
      bbox,
      area,
      visibleFraction,
      color,
    })),
    minVisible: s.instances.reduce((m, i) => Math.min(m, i.visibleFraction), 1),
  };
}
