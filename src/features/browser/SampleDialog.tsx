// The large view of one sample: image with the grid's overlays, and its metadata. ← → step through the
// filtered samples; Escape closes (the native dialog returns the focus to the tile).
import type { KeyboardEvent } from 'react';
import type { SampleMeta } from '../../protocol/records';
import { useStudio } from '../../state/store';
import { Dialog } from '../../ui/Dialog';
import { formatCount } from '../../ui/format';
import { ChevronLeft, ChevronRight } from '../../ui/icons';
import { InstancesTable } from './InstancesTable';
import { OverlayControls } from './OverlayControls';
import { SampleImage } from './SampleImage';
import { useSample } from './useSample';

interface Props {
  datasetId: string;
  items: readonly SampleMeta[];
  pos: number;
  classNames: readonly string[];
  hasMasks: boolean;
  hasInstances: boolean;
  onMove: (pos: number) => void;
  onClose: () => void;
}

export function SampleDialog({
  datasetId,
  items,
  pos,
  classNames,
  hasMasks,
  hasInstances,
  onMove,
  onClose,
}: Props) {
  const meta = items[pos];
  const entry = useSample(datasetId, meta.index, 0);
  const mask = useStudio((s) => s.view.mask);
  const boxes = useStudio((s) => s.view.boxes);
  const box = Math.max(160, Math.min(640, window.innerHeight - 220, Math.floor(window.innerWidth * 0.5)));
  const prev = () => pos > 0 && onMove(pos - 1);
  const next = () => pos < items.length - 1 && onMove(pos + 1);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
    if (e.key === 'ArrowLeft') {
      e.preventDefault();
      prev();
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      next();
    }
  };

  const labels = meta.label !== undefined ? [meta.label] : meta.classes;
  return (
    <Dialog
      title={meta.name}
      onClose={onClose}
      onKeyDown={onKeyDown}
      className="dialog-wide"
      testId="sample-dialog"
      actions={
        <div className="dialog-nav">
          <span className="muted num">
            {formatCount(pos + 1)} / {formatCount(items.length)}
          </span>
          <button
            type="button"
            className="btn btn-icon btn-sm"
            onClick={prev}
            disabled={pos === 0}
            aria-label="Previous sample"
          >
            <ChevronLeft />
          </button>
          <button
            type="button"
            className="btn btn-icon btn-sm"
            onClick={next}
            disabled={pos >= items.length - 1}
            aria-label="Next sample"
          >
            <ChevronRight />
          </button>
        </div>
      }
    >
      <div className="sample-view">
        <div className="sample-view-image">
          <SampleImage
            meta={meta}
            entry={entry}
            box={box}
            mask={hasMasks ? mask : 'none'}
            boxes={hasInstances && boxes}
            boxLabels
          />
          {(hasMasks || hasInstances) && <OverlayControls hasMasks={hasMasks} hasInstances={hasInstances} />}
        </div>
        <div className="sample-view-meta">
          <dl className="facts facts-stacked" data-testid="sample-meta">
            <div>
              <dt>File</dt>
              <dd className="mono break">{meta.name}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd className="num">
                {meta.width} × {meta.height} px
              </dd>
            </div>
            <div>
              <dt>Split</dt>
              <dd>
                <span className={`badge badge-split-${meta.split}`}>{meta.split}</span>
              </dd>
            </div>
            <div>
              <dt>{meta.label !== undefined ? 'Label' : 'Classes'}</dt>
              <dd>{labels.length ? labels.map((c) => classNames[c] ?? c).join(', ') : '—'}</dd>
            </div>
            <div>
              <dt>Index</dt>
              <dd className="num">{meta.index}</dd>
            </div>
            {meta.instances && (
              <div>
                <dt>Least visible</dt>
                <dd className="num">{(meta.minVisible * 100).toFixed(1)}%</dd>
              </div>
            )}
          </dl>
          {meta.instances && meta.instances.length > 0 && (
            <>
              <h3 className="subhead">Instances ({meta.instances.length})</h3>
              <InstancesTable instances={meta.instances} classNames={classNames} />
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}
