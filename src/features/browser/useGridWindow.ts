// Windowing for a grid of fixed-size tiles: from the container's width and scroll position, which rows
// are on screen. The work per scroll is proportional to the rows shown, never to the number of samples.
import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

export interface GridGeometry {
  cols: number;
  rows: number;
  rowHeight: number;
  colWidth: number;
  totalHeight: number;
  firstRow: number;
  lastRow: number;
  viewportHeight: number;
  width: number;
}

interface Options {
  count: number;
  tileWidth: number;
  tileHeight: number;
  gap: number;
  pad: number;
  overscan: number;
}

export function useGridWindow(ref: RefObject<HTMLElement | null>, o: Options): GridGeometry {
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    // One state update per animation frame, however many scroll events arrive.
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setScrollTop(el.scrollTop);
      });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      el.removeEventListener('scroll', onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ref]);

  const colWidth = o.tileWidth + o.gap;
  const rowHeight = o.tileHeight + o.gap;
  const cols = Math.max(1, Math.floor((size.width - 2 * o.pad + o.gap) / colWidth));
  const rows = Math.ceil(o.count / cols);
  const totalHeight = rows > 0 ? 2 * o.pad + rows * rowHeight - o.gap : 0;
  const top = Math.max(0, scrollTop - o.pad);
  const firstRow = Math.max(0, Math.floor(top / rowHeight) - o.overscan);
  const lastRow = Math.min(rows - 1, Math.ceil((top + size.height) / rowHeight) + o.overscan);
  return {
    cols,
    rows,
    rowHeight,
    colWidth,
    totalHeight,
    firstRow,
    lastRow,
    viewportHeight: size.height,
    width: size.width,
  };
}
