import type { InstanceMeta } from '../../protocol/records';
import { formatCount } from '../../ui/format';
import { rgbToHex } from '../../ui/format';
import { classColor, cssColor } from './colors';

export function InstancesTable({
  instances,
  classNames,
}: {
  instances: InstanceMeta[];
  classNames: readonly string[];
}) {
  return (
    <div className="table-wrap instances">
      <table className="table table-compact" data-testid="instances-table">
        <caption className="sr-only">Instances</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Id
            </th>
            <th scope="col">Class</th>
            <th scope="col">Box (x, y, w, h)</th>
            <th scope="col" className="num">
              Area px
            </th>
            <th scope="col" className="num">
              Visible
            </th>
            <th scope="col">Colour</th>
          </tr>
        </thead>
        <tbody>
          {instances.map((inst) => (
            <tr key={inst.id}>
              <td className="num">{inst.id}</td>
              <td>
                <span
                  className="chip-dot"
                  style={{ background: cssColor(classColor(inst.category)) }}
                  aria-hidden="true"
                />{' '}
                {classNames[inst.category] ?? inst.category}
              </td>
              <td className="mono">{inst.bbox.join(', ')}</td>
              <td className="num">{formatCount(inst.area)}</td>
              <td className={`num ${inst.visibleFraction < 0.5 ? 'text-warn' : ''}`}>
                {(inst.visibleFraction * 100).toFixed(1)}%
              </td>
              <td>
                <span
                  className="swatch swatch-sm"
                  style={{ background: rgbToHex(inst.color) }}
                  title={rgbToHex(inst.color)}
                />
                <span className="sr-only">{rgbToHex(inst.color)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
