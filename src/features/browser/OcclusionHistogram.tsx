// Instances per hidden-fraction bin, as small inline SVG bars, with a text table for screen readers.
import { formatCount } from '../../ui/format';

const W = 280;
const H = 72;
const LABEL_H = 14;

export function OcclusionHistogram({ bins }: { bins: number[] }) {
  const max = Math.max(1, ...bins);
  const bw = W / bins.length;
  const label = (k: number) => `${k * (100 / bins.length)}–${(k + 1) * (100 / bins.length)}% hidden`;
  return (
    <figure className="histogram" data-testid="occlusion-histogram">
      <svg
        viewBox={`0 0 ${W} ${H + LABEL_H}`}
        width="100%"
        role="img"
        aria-label="Histogram of instances by hidden fraction"
      >
        {bins.map((n, k) => {
          const h = n ? Math.max(1.5, (n / max) * H) : 0;
          return (
            <g key={k}>
              <title>{`${label(k)}: ${formatCount(n)} instances`}</title>
              <rect x={k * bw + 1.5} y={H - h} width={bw - 3} height={h} rx="1.5" className="hist-bar" />
              <rect x={k * bw} y={0} width={bw} height={H} fill="transparent" />
            </g>
          );
        })}
        <line x1="0" x2={W} y1={H + 0.5} y2={H + 0.5} className="hist-axis" />
        <text x={W} y={9} textAnchor="end" className="hist-label">
          max {formatCount(max)}
        </text>
        {[0, 0.5, 1].map((f) => (
          <text
            key={f}
            x={f * W}
            y={H + LABEL_H - 2}
            textAnchor={f === 0 ? 'start' : f === 1 ? 'end' : 'middle'}
            className="hist-label"
          >
            {f * 100}%
          </text>
        ))}
      </svg>
      <table className="sr-only">
        <caption>Instances by hidden fraction</caption>
        <tbody>
          {bins.map((n, k) => (
            <tr key={k}>
              <th scope="row">{label(k)}</th>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
