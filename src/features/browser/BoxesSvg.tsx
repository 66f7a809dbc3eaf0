// Instance boxes (COCO [x, y, w, h] of visible pixels) in image coordinates; the viewBox does the scaling.
import { memo } from 'react';
import type { SampleMeta } from '../../protocol/records';
import { classColor, cssColor } from './colors';

export const BoxesSvg = memo(function BoxesSvg({ meta, labels }: { meta: SampleMeta; labels?: boolean }) {
  if (!meta.instances?.length) return null;
  return (
    <svg
      className="overlay overlay-boxes"
      viewBox={`0 0 ${meta.width} ${meta.height}`}
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      {meta.instances.map((inst) => {
        const [x, y, w, h] = inst.bbox;
        const color = cssColor(classColor(inst.category));
        return (
          <g key={inst.id}>
            <rect
              x={x + 0.5}
              y={y + 0.5}
              width={Math.max(0, w - 1)}
              height={Math.max(0, h - 1)}
              className="box-halo"
            />
            <rect
              x={x + 0.5}
              y={y + 0.5}
              width={Math.max(0, w - 1)}
              height={Math.max(0, h - 1)}
              stroke={color}
            />
            {labels && (
              <text x={x + 2} y={y + 2} fill={color} dominantBaseline="hanging">
                {inst.id}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
});
