// Filters (class, split, occlusion), overlays and tile size above the grid.
import { useId } from 'react';
import { resetFilter, setFilter, setView } from '../../state/browser';
import { TILE_SIZES, type OcclusionFilter } from '../../state/browserSlice';
import { useStudio } from '../../state/store';
import { SPLITS, type Split } from '../../protocol/records';
import { formatCount } from '../../ui/format';
import { isFilterActive } from './filterSamples';
import { OverlayControls } from './OverlayControls';

interface Props {
  classes: { id: number; name: string }[];
  shown: number;
  total: number;
  hasMasks: boolean;
  hasInstances: boolean;
}

const SIZE_NAMES = ['Small', 'Medium', 'Large'];

export function BrowserToolbar({ classes, shown, total, hasMasks, hasInstances }: Props) {
  const id = useId();
  const filter = useStudio((s) => s.view.filter);
  const tileSize = useStudio((s) => s.view.tileSize);
  const active = isFilterActive(filter);

  return (
    <div className="toolbar-strip" data-testid="browser-toolbar">
      <div className="ctl-group" role="group" aria-label="Filters">
        <label htmlFor={`${id}-class`} className="ctl-label">
          Class
        </label>
        <select
          id={`${id}-class`}
          className="select select-sm"
          value={filter.classId ?? ''}
          onChange={(e) => setFilter({ classId: e.target.value === '' ? null : Number(e.target.value) })}
        >
          <option value="">All classes</option>
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-split`} className="ctl-label">
          Split
        </label>
        <select
          id={`${id}-split`}
          className="select select-sm"
          value={filter.split}
          onChange={(e) => setFilter({ split: e.target.value as Split | 'all' })}
        >
          <option value="all">All splits</option>
          {SPLITS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {hasInstances && (
          <>
            <label htmlFor={`${id}-occl`} className="sr-only">
              Occlusion
            </label>
            <select
              id={`${id}-occl`}
              className="select select-sm"
              value={filter.occlusion}
              onChange={(e) => setFilter({ occlusion: e.target.value as OcclusionFilter })}
            >
              <option value="any">Any occlusion</option>
              <option value="fully-visible">Fully visible only</option>
              <option value="hidden-more-than">Hidden more than…</option>
            </select>
            {filter.occlusion === 'hidden-more-than' && (
              <>
                <label htmlFor={`${id}-hidden`} className="sr-only">
                  Hidden fraction
                </label>
                <input
                  id={`${id}-hidden`}
                  type="number"
                  className="input input-sm input-narrow"
                  min={0}
                  max={0.99}
                  step={0.05}
                  value={filter.hiddenOver}
                  onChange={(e) => {
                    const v = Number(e.target.value);
                    if (e.target.value !== '' && Number.isFinite(v))
                      setFilter({ hiddenOver: Math.min(0.99, Math.max(0, v)) });
                  }}
                />
              </>
            )}
          </>
        )}
        {active && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={resetFilter}>
            Clear filters
          </button>
        )}
      </div>
      {(hasMasks || hasInstances) && <OverlayControls hasMasks={hasMasks} hasInstances={hasInstances} />}
      <div className="ctl-group" role="group" aria-label="Tile size">
        <div className="segmented">
          {TILE_SIZES.map((s, i) => (
            <button
              key={s}
              type="button"
              className="seg"
              aria-pressed={tileSize === s}
              aria-label={`${SIZE_NAMES[i]} tiles`}
              onClick={() => setView({ tileSize: s })}
            >
              {SIZE_NAMES[i][0]}
            </button>
          ))}
        </div>
      </div>
      <span className="toolbar-count num" data-testid="shown-count" aria-live="polite">
        {active ? `${formatCount(shown)} of ${formatCount(total)}` : formatCount(total)} samples
      </span>
    </div>
  );
}
