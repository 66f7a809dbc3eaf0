// A segmentation evaluation: the report over the split, and the samples it does worst on.
import { useMemo, useState, type ReactNode } from 'react';
import { scoresFromConfusion } from '../../../core/evaluate/segmentationReport';
import { segmentationRows } from '../../../core/evaluate/segmentationRows';
import type { EvaluationRecord, SegmentationSamples } from '../../../protocol/evaluations';
import { useStudio } from '../../../state/store';
import type { ReportKind } from '../ReportButtons';
import { InstancesPanel, type OcclusionComparison } from './InstancesPanel';
import { LowScoreGallery } from './LowScoreGallery';
import { segmentationReportBlob } from './reportFiles';
import { SegmentationReportTable } from './SegmentationReportTable';

interface Props {
  rec: EvaluationRecord;
  samples: SegmentationSamples;
  /** The page's headline, given the function that builds the report files. */
  headline: (build: (kind: ReportKind) => Promise<Blob>) => ReactNode;
}

export function SegmentationBody({ rec, samples, headline }: Props) {
  const C = rec.classes.length;
  const rows = useMemo(() => segmentationRows(samples, C), [samples, C]);
  const report = useMemo(() => {
    const total = new Float64Array(C * C);
    for (let i = 0; i < samples.confusion.length; i++) total[i % (C * C)] += samples.confusion[i];
    return scoresFromConfusion(total, C, rec.classes);
  }, [samples, C, rec.classes]);
  const dataset = useStudio((s) => s.datasets?.find((d) => d.id === rec.dataset.id));
  // The occlusion study's other evaluation, when one is picked: the report files show it too.
  const [comparison, setComparison] = useState<OcclusionComparison | null>(null);
  const parts = { report, rows, samples, dataset, comparison };
  return (
    <>
      {headline((kind) => segmentationReportBlob(rec, parts, kind))}
      <SegmentationReportTable report={report} />
      {rec.instances && <InstancesPanel rec={rec} samples={samples} onCompare={setComparison} />}
      {!dataset && (
        <p className="notice" role="status">
          The dataset of this evaluation is gone: the report stays, but samples cannot be shown.
        </p>
      )}
      <LowScoreGallery rec={rec} dataset={dataset} samples={samples} rows={rows} />
    </>
  );
}
