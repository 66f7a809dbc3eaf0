// One dataset: header, its summary and the controls that change it on the side, the sample grid beside.
import { useEffect, useMemo } from 'react';
import { summarize } from '../../core/data/summary';
import { isTilewrightError } from '../../core/errors';
import type { DatasetRecord, SampleMeta } from '../../protocol/records';
import { closeDataset, openDataset } from '../../state/browser';
import { useStudio } from '../../state/store';
import { describeError } from '../../ui/errors';
import { DatasetBrowser } from './DatasetBrowser';
import { DatasetHeader } from './DatasetHeader';
import { NoisyFilter } from './NoisyFilter';
import { SplitsControl } from './SplitsControl';
import { SummaryPanel } from './SummaryPanel';

export function DatasetPage({ id }: { id: string }) {
  useEffect(() => {
    void openDataset(id);
    return () => closeDataset();
  }, [id]);
  const open = useStudio((s) => (s.open?.id === id ? s.open : null));

  if (!open || open.status === 'loading' || (open.status === 'ready' && !open.record))
    return (
      <div className="screen">
        <p className="muted" role="status">
          Loading dataset…
        </p>
      </div>
    );
  if (open.status === 'error' || !open.record || !open.metas) {
    const { title, detail } = describeError(open.error);
    const missing = isTilewrightError(open.error) && open.error.code === 'not-found';
    return (
      <div className="screen">
        <div className="notice notice-error" role="alert">
          <strong>{missing ? 'This dataset does not exist' : title}</strong>
          <p>{missing ? 'It may have been deleted, perhaps in another tab.' : detail}</p>
          <a href="#/datasets">Back to datasets</a>
        </div>
      </div>
    );
  }
  return <DatasetView record={open.record} metas={open.metas} />;
}

function DatasetView({ record, metas }: { record: DatasetRecord; metas: SampleMeta[] }) {
  // Summaries are O(N): computed when the data changes, never while browsing.
  const summary = useMemo(() => summarize(record, metas), [record, metas]);
  const hasInstances = summary.occlusion !== null && metas.some((m) => m.instances !== undefined);
  const hasMasks = record.kind !== 'classification';
  const lastRemoval = record.removals.at(-1);
  return (
    <div className="dspage">
      <DatasetHeader rec={record} />
      <div className="dspage-body">
        <aside className="dspage-side" aria-label="Dataset summary and tools">
          <SummaryPanel summary={summary} />
          <SplitsControl key={JSON.stringify(record.split)} current={record.split} />
          {hasInstances && <NoisyFilter metas={metas} lastRemoved={lastRemoval?.removed} />}
        </aside>
        <DatasetBrowser
          record={record}
          metas={metas}
          classes={summary.classes.map((c) => ({ id: c.id, name: c.name }))}
          hasMasks={hasMasks}
          hasInstances={hasInstances}
        />
      </div>
    </div>
  );
}
