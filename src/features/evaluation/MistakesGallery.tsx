// The samples the model got wrong (or one confusion-matrix cell, or all), as a windowed grid with
// file name, true and predicted class and confidence; sortable by confidence or loss, filterable by
// class pair, downloadable as CSV. A tile opens the sample with its attribution map.
import { memo, useId, useMemo, useRef, useState } from 'react';
import { downloadBlob, safeFileName } from '../../client/download';
import { samplesCsv, sortRows, type RowOrder, type SampleRow } from '../../core/evaluate/sampleRows';
import { useGridWindow } from '../browser/useGridWindow';
import { useSample } from '../browser/useSample';
import { SampleExplain } from './SampleExplain';

const TILE = 132;
const CAPTION = 58;
const GAP = 10;
const PAD = 12;

/** What the gallery lists: the mistakes, every sample, or one (true, predicted) pair. */
export type GalleryFilter = { kind: 'mistakes' } | { kind: 'all' } | { kind: 'pair'; pair: [number, number] };

interface Props {
  evaluationId: string;
  evaluationName: string;
  datasetId: string;
  rows: SampleRow[];
  classes: string[];
  probs: Float32Array;
  filter: GalleryFilter;
  onFilter: (f: GalleryFilter) => void;
}

const pairKey = (p: [number, number]) => `${p[0]}:${p[1]}`;

export function MistakesGallery(p: Props) {
  const id = useId();
  const [order, setOrder] = useState<RowOrder>('confidence');
  const [open, setOpen] = useState<number | null>(null);
  const multilabel = useMemo(() => p.rows.some((r) => r.target.length !== 1), [p.rows]);
  const names = (cs: number[]) => (cs.length ? cs.map((c) => p.classes[c]).join(', ') : 'none');

  // Class pairs among the mistakes, most frequent first (single label).
  const pairs = useMemo(() => {
    const counts = new Map<string, { pair: [number, number]; n: number }>();
    for (const r of p.rows)
      if (!r.correct && r.target.length === 1 && r.predicted.length === 1) {
        const pair: [number, number] = [r.target[0], r.predicted[0]];
        const e = counts.get(pairKey(pair)) ?? { pair, n: 0 };
        e.n++;
        counts.set(pairKey(pair), e);
      }
    return [...counts.values()].sort((a, b) => b.n - a.n);
  }, [p.rows]);

  const items = useMemo(() => {
    const f = p.filter;
    const kept =
      f.kind === 'all'
        ? p.rows
        : f.kind === 'mistakes'
          ? p.rows.filter((r) => !r.correct)
          : p.rows.filter((r) => r.target[0] === f.pair[0] && r.predicted[0] === f.pair[1]);
    return sortRows(kept, order);
  }, [p.rows, p.filter, order]);

  const filterValue = p.filter.kind === 'pair' ? pairKey(p.filter.pair) : p.filter.kind;
  const selectedPairListed = p.filter.kind === 'pair' && pairs.some((x) => pairKey(x.pair) === filterValue);
  const title =
    p.filter.kind === 'all'
      ? 'All samples'
      : p.filter.kind === 'mistakes'
        ? 'Mistakes'
        : `True ${p.classes[p.filter.pair[0]]}, predicted ${p.classes[p.filter.pair[1]]}`;

  const download = () => {
    const suffix = p.filter.kind === 'mistakes' ? 'mistakes' : p.filter.kind === 'all' ? 'samples' : 'cell';
    const csv = new Blob([samplesCsv(items, p.classes)], { type: 'text/csv' });
    downloadBlob(csv, `${safeFileName(p.evaluationName)}-${suffix}.csv`);
  };

  return (
    <section className="panel gallery-panel" aria-labelledby={`${id}-title`} data-testid="mistakes-gallery">
      <header className="panel-head">
        <h2 id={`${id}-title`}>
          {title} <span className="muted num">({items.length})</span>
        </h2>
        <label className="muted small" htmlFor={`${id}-filter`}>
          Show
        </label>
        <select
          id={`${id}-filter`}
          value={filterValue}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'mistakes' || v === 'all') return p.onFilter({ kind: v });
            const [t, pr] = v.split(':').map(Number);
            p.onFilter({ kind: 'pair', pair: [t, pr] });
          }}
        >
          <option value="mistakes">All mistakes</option>
          <option value="all">All samples</option>
          {p.filter.kind === 'pair' && !selectedPairListed && (
            <option value={filterValue}>
              {p.classes[p.filter.pair[0]]} → {p.classes[p.filter.pair[1]]}
            </option>
          )}
          {!multilabel &&
            pairs.map((x) => (
              <option key={pairKey(x.pair)} value={pairKey(x.pair)}>
                {p.classes[x.pair[0]]} → {p.classes[x.pair[1]]} ({x.n})
              </option>
            ))}
        </select>
        <label className="muted small" htmlFor={`${id}-order`}>
          Sort by
        </label>
        <select id={`${id}-order`} value={order} onChange={(e) => setOrder(e.target.value as RowOrder)}>
          <option value="confidence">Confidence</option>
          <option value="loss">Loss</option>
        </select>
        <button type="button" className="btn btn-sm" onClick={download} disabled={items.length === 0}>
          Download CSV
        </button>
      </header>
      <Grid
        items={items}
        datasetId={p.datasetId}
        names={names}
        onOpen={setOpen}
        empty={p.filter.kind === 'mistakes' ? 'No mistakes: every sample is right.' : 'No samples here.'}
      />
      {open !== null && items[open] && (
        <SampleExplain
          evaluationId={p.evaluationId}
          datasetId={p.datasetId}
          rows={items}
          at={open}
          onMove={setOpen}
          classes={p.classes}
          probs={p.probs}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}

function Grid({
  items,
  datasetId,
  names,
  onOpen,
  empty,
}: {
  items: SampleRow[];
  datasetId: string;
  names: (cs: number[]) => string;
  onOpen: (pos: number) => void;
  empty: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const g = useGridWindow(ref, {
    count: items.length,
    tileWidth: TILE,
    tileHeight: TILE + CAPTION,
    gap: GAP,
    pad: PAD,
    overscan: 2,
  });
  const tiles = [];
  const end = Math.min(items.length, (g.lastRow + 1) * g.cols);
  for (let pos = g.firstRow * g.cols; pos < end; pos++) {
    const r = items[pos];
    tiles.push(
      <GalleryTile
        key={r.i}
        row={r}
        pos={pos}
        x={PAD + (pos % g.cols) * g.colWidth}
        y={PAD + Math.floor(pos / g.cols) * g.rowHeight}
        datasetId={datasetId}
        names={names}
        onOpen={onOpen}
      />,
    );
  }
  return (
    <div
      ref={ref}
      className="grid-scroll gallery-scroll"
      role="region"
      aria-label={`Samples (${items.length})`}
      data-testid="gallery-grid"
      data-count={items.length}
    >
      {items.length === 0 ? (
        <p className="grid-empty">{empty}</p>
      ) : (
        <div className="grid-spacer" style={{ height: g.totalHeight }}>
          {tiles}
        </div>
      )}
    </div>
  );
}

const GalleryTile = memo(function GalleryTile(p: {
  row: SampleRow;
  pos: number;
  x: number;
  y: number;
  datasetId: string;
  names: (cs: number[]) => string;
  onOpen: (pos: number) => void;
}) {
  const entry = useSample(p.datasetId, p.row.key);
  const r = p.row;
  const truth = p.names(r.target);
  const said = p.names(r.predicted);
  const confidence = `${(r.confidence * 100).toFixed(1)}%`;
  return (
    <button
      type="button"
      className={`tile gallery-tile ${r.correct ? '' : 'gallery-wrong'}`}
      data-testid="gallery-tile"
      data-name={r.name}
      style={{ transform: `translate(${p.x}px, ${p.y}px)`, width: TILE }}
      aria-label={`${r.name}: true ${truth}, predicted ${said}, confidence ${confidence}, loss ${r.loss.toFixed(3)}`}
      onClick={() => p.onOpen(p.pos)}
    >
      <span className="gallery-image" style={{ width: TILE, height: TILE }}>
        {entry === undefined && <span className="sample-loading" />}
        {entry === null && <span className="sample-missing">missing</span>}
        {entry && <img src={entry.url} alt="" draggable={false} decoding="async" />}
      </span>
      <span className="tile-cap gallery-cap">
        <span className="tile-name" title={r.name}>
          {r.name}
        </span>
        <span className="gallery-labels" title={`true ${truth} → predicted ${said}`}>
          <span className="gallery-true">{truth}</span> → <span className="gallery-pred">{said}</span>
        </span>
        <span className="muted small num">
          {confidence} · loss {r.loss.toFixed(3)}
        </span>
      </span>
    </button>
  );
});
