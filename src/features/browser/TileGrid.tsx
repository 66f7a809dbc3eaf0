// The virtualised sample grid: a full-height spacer in a scroll container, and only the rows on screen
// (plus a few above and below) rendered. Arrow keys move a roving focus; Enter or a click opens a sample.
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import type { SampleMeta } from '../../protocol/records';
import { useStudio } from '../../state/store';
import { Tile } from './Tile';
import { useGridWindow } from './useGridWindow';

/** Height of the caption under each image (file name and chips). */
const CAPTION = 40;
const GAP = 10;
const PAD = 12;
const OVERSCAN = 2;

interface Props {
  datasetId: string;
  items: readonly SampleMeta[];
  classNames: readonly string[];
  /** Position (in items) of the tile with the roving focus. */
  active: number;
  onActiveChange: (pos: number) => void;
  onOpen: (pos: number) => void;
  /** Bumped by the parent to move the focus to `active` (e.g. when the large view closes). */
  focusRequest: number;
  /** Whether a filter hides samples (for the empty message). */
  filtered: boolean;
}

export function TileGrid({
  datasetId,
  items,
  classNames,
  active,
  onActiveChange,
  onOpen,
  focusRequest,
  filtered,
}: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const tileSize = useStudio((s) => s.view.tileSize);
  const mask = useStudio((s) => s.view.mask);
  const boxes = useStudio((s) => s.view.boxes);
  const g = useGridWindow(ref, {
    count: items.length,
    tileWidth: tileSize,
    tileHeight: tileSize + CAPTION,
    gap: GAP,
    pad: PAD,
    overscan: OVERSCAN,
  });
  const wantFocus = useRef(false);

  const scrollToPos = useCallback(
    (pos: number) => {
      const el = ref.current;
      if (!el) return;
      const top = PAD + Math.floor(pos / g.cols) * g.rowHeight;
      const bottom = top + tileSize + CAPTION;
      if (top < el.scrollTop + PAD) el.scrollTop = top - PAD;
      else if (bottom > el.scrollTop + el.clientHeight - PAD) el.scrollTop = bottom - el.clientHeight + PAD;
    },
    [g.cols, g.rowHeight, tileSize],
  );

  const focusActive = () => {
    if (!wantFocus.current) return;
    const tile = ref.current?.querySelector<HTMLElement>(`[data-pos="${active}"]`);
    if (tile) {
      wantFocus.current = false;
      tile.focus({ preventScroll: true });
    }
  };

  // After a keyboard move the target tile may only mount a frame later (after the scroll): try each render.
  useEffect(focusActive);

  useEffect(() => {
    if (focusRequest === 0) return;
    wantFocus.current = true;
    scrollToPos(active);
    focusActive();
    // Only a new request moves the focus, not every change of `active`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);

  // A new list (another filter) starts at the top.
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
  }, [items]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!(e.target instanceof HTMLElement) || !e.target.dataset.pos || !items.length) return;
    const pageRows = Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));
    const moves: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -g.cols,
      ArrowDown: g.cols,
      PageUp: -g.cols * pageRows,
      PageDown: g.cols * pageRows,
    };
    let next: number;
    if (e.key in moves) next = active + moves[e.key];
    else if (e.key === 'Home') next = e.ctrlKey ? 0 : active - (active % g.cols);
    else if (e.key === 'End')
      next = e.ctrlKey
        ? items.length - 1
        : Math.min(items.length - 1, active - (active % g.cols) + g.cols - 1);
    else return;
    e.preventDefault();
    next = Math.max(0, Math.min(items.length - 1, next));
    wantFocus.current = true;
    onActiveChange(next);
    scrollToPos(next);
  };

  const open = useCallback((pos: number) => onOpen(pos), [onOpen]);
  const focusTile = useCallback((pos: number) => onActiveChange(pos), [onActiveChange]);

  // Centre the columns: the space left over after the last whole column goes half to each side.
  const left = Math.max(PAD, Math.floor((g.width - (g.cols * g.colWidth - GAP)) / 2));
  const firstPos = g.firstRow * g.cols;
  const endPos = Math.min(items.length, (g.lastRow + 1) * g.cols);
  const activeRendered = active >= firstPos && active < endPos;
  const tiles = [];
  for (let pos = firstPos; pos < endPos; pos++) {
    const meta = items[pos];
    const row = Math.floor(pos / g.cols);
    const col = pos % g.cols;
    tiles.push(
      <Tile
        key={meta.index}
        datasetId={datasetId}
        meta={meta}
        pos={pos}
        x={left + col * g.colWidth}
        y={PAD + row * g.rowHeight}
        size={tileSize}
        mask={mask}
        boxes={boxes}
        classNames={classNames}
        focusable={activeRendered ? pos === active : pos === firstPos}
        onOpen={open}
        onFocusTile={focusTile}
      />,
    );
  }

  return (
    <div
      ref={ref}
      className="grid-scroll"
      role="region"
      aria-label={`Samples (${items.length}). Arrow keys move, Enter opens.`}
      data-testid="tile-grid"
      data-count={items.length}
      onKeyDown={onKeyDown}
    >
      {items.length === 0 ? (
        <p className="grid-empty">
          {filtered ? 'No samples match these filters.' : 'This dataset has no samples.'}
        </p>
      ) : (
        <div className="grid-spacer" style={{ height: g.totalHeight }}>
          {tiles}
        </div>
      )}
    </div>
  );
}
