// The stored generation settings of a shapes dataset, read-only (appends must continue the same stream).
import type { ReactNode } from 'react';
import type { ShapesParams } from '../../core/generate/params';
import { PALETTE } from '../../core/generate/params';
import { rgbToHex } from '../../ui/format';

export function ParamsView({ params, seed }: { params: ShapesParams; seed: number }) {
  const rows: [string, ReactNode][] = [
    ['Seed', <span className="mono">{seed}</span>],
    ['Size', `${params.size} × ${params.size} px`],
    ['Shapes per image', `${params.minShapes}–${params.maxShapes}`],
    ['Side', `${params.minSide}–${params.maxSide} px`],
    [
      'Colours',
      <span className="palette palette-inline">
        {PALETTE.slice(0, params.colors).map((c, i) => (
          <span key={i} className="swatch" style={{ background: rgbToHex(c) }} />
        ))}
      </span>,
    ],
    [
      'Background',
      <span className="palette palette-inline">
        <span className="swatch" style={{ background: rgbToHex(params.background) }} />
        <span className="mono">{rgbToHex(params.background)}</span>
      </span>,
    ],
    ['Kinds', params.kinds.join(', ')],
    ['Rotate', params.rotate ? 'yes' : 'no'],
    [
      'Occlusion',
      params.occlusion === 'none'
        ? 'no overlap'
        : `up to ${Math.round(params.occlusion * 100)}% hidden per instance`,
    ],
  ];
  return (
    <dl className="params" data-testid="params-view">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
