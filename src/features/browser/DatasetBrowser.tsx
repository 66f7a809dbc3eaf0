// Toolbar, virtualised grid and large view of the open dataset's samples.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DatasetRecord, SampleMeta } from '../../protocol/records';
import { useStudio } from '../../state/store';
import { BrowserToolbar } from './BrowserToolbar';
import { filterSamples } from './filterSamples';
import { clearDataset } from './sampleCache';
import { SampleDialog } from './SampleDialog';
import { TileGrid } from './TileGrid';

interface Props {
  record: DatasetRecord;
  metas: readonly SampleMeta[];
  classes: { id: number; name: string }[];
  hasMasks: boolean;
  hasInstances: boolean;
}

export function DatasetBrowser({ record, metas, classes, hasMasks, hasInstances }: Props) {
  const filter = useStudio((s) => s.view.filter);
  const items = useMemo(() => filterSamples(metas, filter), [metas, filter]);
  const [active, setActive] = useState(0);
  const [viewing, setViewing] = useState<number | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  // A new filter (or new data) starts from the top and closes a large view that may point past the end.
  useEffect(() => {
    setActive(0);
    setViewing(null);
  }, [items]);

  useEffect(() => () => clearDataset(record.id), [record.id]);

  const open = useCallback((pos: number) => {
    setActive(pos);
    setViewing(pos);
  }, []);
  const close = useCallback(() => {
    if (viewing !== null) setActive(viewing);
    setViewing(null);
    setFocusRequest((n) => n + 1);
  }, [viewing]);

  return (
    <section className="browser" aria-label="Samples">
      <BrowserToolbar
        classes={classes}
        shown={items.length}
        total={metas.length}
        hasMasks={hasMasks}
        hasInstances={hasInstances}
      />
      <TileGrid
        datasetId={record.id}
        items={items}
        classNames={record.classes}
        active={Math.min(active, Math.max(0, items.length - 1))}
        onActiveChange={setActive}
        onOpen={open}
        focusRequest={focusRequest}
        filtered={items.length !== metas.length}
      />
      {viewing !== null && viewing < items.length && (
        <SampleDialog
          datasetId={record.id}
          items={items}
          pos={viewing}
          classNames={record.classes}
          hasMasks={hasMasks}
          hasInstances={hasInstances}
          onMove={setViewing}
          onClose={close}
        />
      )}
    </section>
  );
}
