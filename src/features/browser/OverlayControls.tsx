// Overlay switches (mask layer, boxes), shared by the grid toolbar and the large view.
import { useId } from 'react';
import { setView } from '../../state/browser';
import type { MaskMode } from '../../state/browserSlice';
import { useStudio } from '../../state/store';

export function OverlayControls({ hasMasks, hasInstances }: { hasMasks: boolean; hasInstances: boolean }) {
  const id = useId();
  const mask = useStudio((s) => s.view.mask);
  const boxes = useStudio((s) => s.view.boxes);
  return (
    <div className="ctl-group" role="group" aria-label="Overlays">
      <label htmlFor={`${id}-mask`} className="ctl-label">
        Mask
      </label>
      <select
        id={`${id}-mask`}
        className="select select-sm"
        value={hasMasks ? mask : 'none'}
        disabled={!hasMasks}
        onChange={(e) => setView({ mask: e.target.value as MaskMode })}
        title={hasMasks ? undefined : 'This dataset has no masks'}
      >
        <option value="none">Off</option>
        <option value="class">Classes</option>
        {hasInstances && <option value="instance">Instances</option>}
      </select>
      <label className="check check-sm" htmlFor={`${id}-boxes`}>
        <input
          id={`${id}-boxes`}
          type="checkbox"
          checked={hasInstances && boxes}
          disabled={!hasInstances}
          onChange={(e) => setView({ boxes: e.target.checked })}
        />
        Boxes
      </label>
    </div>
  );
}
