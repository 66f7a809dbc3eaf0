// One sample in the grid: image with overlays, file name, class chips. Positioned by the grid.
import { memo } from 'react';
import type { SampleMeta } from '../../protocol/records';
import type { MaskMode } from '../../state/browserSlice';
import { classColor, cssColor } from './colors';
import { SampleImage } from './SampleImage';
import { useSample } from './useSample';

interface TileProps {
  datasetId: string;
  meta: SampleMeta;
  pos: number;
  x: number;
  y: number;
  size: number;
  mask: MaskMode;
  boxes: boolean;
  classNames: readonly string[];
  focusable: boolean;
  onOpen: (pos: number) => void;
  onFocusTile: (pos: number) => void;
}

export const Tile = memo(function Tile(p: TileProps) {
  const entry = useSample(p.datasetId, p.meta.index);
  const chips = p.meta.label !== undefined ? [p.meta.label] : p.meta.classes;
  const names = chips.map((c) => p.classNames[c] ?? `class ${c}`);
  return (
    <button
      type="button"
      className="tile"
      data-testid="tile"
      data-index={p.meta.index}
      data-pos={p.pos}
      style={{ transform: `translate(${p.x}px, ${p.y}px)`, width: p.size }}
      tabIndex={p.focusable ? 0 : -1}
      aria-label={`${p.meta.name}, ${p.meta.split}${names.length ? `, ${names.join(', ')}` : ''}`}
      onClick={() => p.onOpen(p.pos)}
      onFocus={() => p.onFocusTile(p.pos)}
    >
      <SampleImage meta={p.meta} entry={entry} box={p.size} mask={p.mask} boxes={p.boxes} />
      <span className="tile-cap">
        <span className="tile-name" title={p.meta.name}>
          {p.meta.name}
        </span>
        <span className="tile-chips">
          {chips.slice(0, 3).map((c, i) => (
            <span key={c} className="chip chip-xs" style={{ borderColor: cssColor(classColor(c)) }}>
              <span className="chip-dot" style={{ background: cssColor(classColor(c)) }} />
              {names[i]}
            </span>
          ))}
          {chips.length > 3 && <span className="chip chip-xs">+{chips.length - 3}</span>}
        </span>
      </span>
    </button>
  );
});
