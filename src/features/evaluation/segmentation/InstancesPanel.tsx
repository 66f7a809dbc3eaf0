// Instances of rectangles: COCO mask AP of the predicted instances (connected components, or split along
// the model's boundary channel, then beside connected components alone), and the occlusion
// study: ground-truth rectangles binned by how much of them is visible, with how often each bin is found
// (best IoU ≥ 0.5), side by side with another evaluation and a sentence on the difference.
import { useEffect, useId, useMemo, useState } from 'react';
import { occlusionBins, occlusionSummary, type OcclusionBin } from '../../../core/evaluate/occlusion';
import {
  isSegmentation,
  type EvaluationRecord,
  type SegmentationSamples,
} from '../../../protocol/evaluations';
import { useStudio } from '../../../state/store';
import { getEvaluationSamples } from '../../../storage';
import { errorText } from '../../../ui/errors';
import { formatCount } from '../../../ui/format';
import { ComparisonRunButton } from './ComparisonRunButton';

const INSTANCE_METRICS = [
  ['ap', 'mask AP @[.50:.95]'],
  ['ap50', 'AP50'],
  ['ap75', 'AP75'],
  ['ar', 'AR@100'],
] as const;

function boundaryGain(d: number): string {
  if (Math.abs(d) < 0.0005) return 'the boundary channel changes nothing here';
  return `the boundary channel ${d > 0 ? 'adds' : 'loses'} ${(100 * Math.abs(d)).toFixed(1)} points of mask AP`;
}

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);

/** Another evaluation's occlusion bins, compared with this one's. */
export interface OcclusionComparison {
  name: string;
  bins: OcclusionBin[];
}

interface Props {
  rec: EvaluationRecord;
  samples: SegmentationSamples;
  /** Called with the comparison shown (null when none), so the report files can carry it. */
  onCompare?: (c: OcclusionComparison | null) => void;
}

export function InstancesPanel({ rec, samples, onCompare }: Props) {
  const id = useId();
  const inst = rec.instances!;
  const boundary = inst.separation === 'boundary';
  const bins = useMemo(() => (samples.instances ? occlusionBins(samples.instances) : []), [samples]);
  const others = (useStudio((s) => s.evaluations) ?? []).filter((e) => e.id !== rec.id && e.instances);
  const [otherId, setOtherId] = useState('');
  const other = others.find((e) => e.id === otherId);
  const [otherBins, setOtherBins] = useState<
    { id: string; bins: OcclusionBin[] } | { id: string; error: unknown } | null
  >(null);
  useEffect(() => {
    if (!otherId) return;
    let live = true;
    getEvaluationSamples(otherId).then(
      (s) => {
        if (!live) return;
        if (isSegmentation(s) && s.instances) setOtherBins({ id: otherId, bins: occlusionBins(s.instances) });
        else setOtherBins({ id: otherId, error: new Error('That evaluation has no instances to compare.') });
      },
      (error: unknown) => live && setOtherBins({ id: otherId, error }),
    );
    return () => {
      live = false;
    };
  }, [otherId]);
  const compared = other && otherBins?.id === other.id ? otherBins : null;
  const comparedBins = compared && 'bins' in compared ? compared.bins : null;
  useEffect(() => {
    onCompare?.(other && comparedBins ? { name: other.name, bins: comparedBins } : null);
  }, [other, comparedBins, onCompare]);
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="instances-panel">
      <header className="panel-head">
        <h2 id={`${id}-title`}>Instances of rectangles</h2>
        <span className="muted small">
          {boundary
            ? "split along the model's boundary channel, scored by their mean probability"
            : 'connected components of the prediction, scored by their mean probability'}
        </span>
      </header>
      <div className="panel-body">
        <div className="headline instances-headline">
          {INSTANCE_METRICS.map(([k, label]) => (
            <div key={k} className="headline-item" data-metric={k}>
              <span className="headline-value num">{pct(inst[k])}</span>
              <span className="headline-name">{label}</span>
            </div>
          ))}
          <div className="headline-item" data-metric="count">
            <span className="headline-value num">{formatCount(inst.count)}</span>
            <span className="headline-name">ground-truth rectangles</span>
          </div>
        </div>
        {inst.components && (
          <p className="muted" data-testid="components-only">
            Connected components alone, on the same predictions:{' '}
            {INSTANCE_METRICS.map(([k, label]) => `${label} ${pct(inst.components![k])}`).join(' · ')}
            {inst.components.ap !== null &&
              inst.ap !== null &&
              ` (${boundaryGain(inst.ap - inst.components.ap)})`}
            .
          </p>
        )}
        <div className="toolbar">
          <h3 className="panel-subtitle">Occlusion study</h3>
          <ComparisonRunButton rec={rec} />
          <label htmlFor={`${id}-other`}>Compare with</label>
          <select
            id={`${id}-other`}
            className="select"
            value={otherId}
            onChange={(e) => setOtherId(e.target.value)}
          >
            <option value="">
              {others.length ? 'another evaluation…' : 'no other evaluation with instances'}
            </option>
            {others.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        {compared && 'error' in compared && (
          <p className="notice notice-error" role="alert">
            {errorText(compared.error)}
          </p>
        )}
        <table className="table table-compact" data-testid="occlusion-table">
          <thead>
            <tr>
              <th scope="col">Visible fraction</th>
              <th scope="col" className="num">
                Rectangles
              </th>
              <th scope="col" className="num">
                Found (IoU ≥ 0.5)
              </th>
              <th scope="col" className="num">
                Mean best IoU
              </th>
              {compared && 'bins' in compared && (
                <>
                  <th scope="col" className="num">
                    Rectangles, other
                  </th>
                  <th scope="col" className="num">
                    Found, other
                  </th>
                  <th scope="col" className="num">
                    Mean best IoU, other
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {bins.map((b, i) => (
              <tr key={b.hi} data-bin={i}>
                <td>
                  {Math.round(100 * b.lo)}–{Math.round(100 * b.hi)}%
                </td>
                <td className="num">{formatCount(b.count)}</td>
                <td className="num">{pct(b.recall50)}</td>
                <td className="num">{pct(b.meanIoU)}</td>
                {compared && 'bins' in compared && (
                  <>
                    <td className="num">{formatCount(compared.bins[i]?.count ?? 0)}</td>
                    <td className="num">{pct(compared.bins[i]?.recall50 ?? null)}</td>
                    <td className="num">{pct(compared.bins[i]?.meanIoU ?? null)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {compared && 'bins' in compared && other && (
          <p data-testid="occlusion-summary">
            {occlusionSummary(bins, compared.bins, `“${rec.name}”`, `“${other.name}”`)}
          </p>
        )}
      </div>
    </section>
  );
}
