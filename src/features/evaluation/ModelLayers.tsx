// A checkpoint's model, layer by layer (as Keras' summary): built in the query worker on the CPU.
import { useEffect, useState } from 'react';
import { inspectCheckpointModel } from '../../client/evaluator';
import type { LayerRow } from '../../core/models/layerTable';
import { errorText } from '../../ui/errors';
import { formatCount } from '../../ui/format';

const shapeText = (s: LayerRow['outputShape']): string =>
  Array.isArray(s[0])
    ? (s as (number | null)[][]).map(shapeText).join(', ')
    : `(${(s as (number | null)[]).map((d) => (d === null ? 'None' : d)).join(', ')})`;

export function ModelLayers({ bytes, fileName }: { bytes: Uint8Array; fileName: string }) {
  const [result, setResult] = useState<{ rows: LayerRow[] } | { error: unknown } | null>(null);
  useEffect(() => {
    let live = true;
    setResult(null);
    inspectCheckpointModel(bytes, fileName).then(
      (rows) => live && setResult({ rows }),
      (error: unknown) => live && setResult({ error }),
    );
    return () => {
      live = false;
    };
  }, [bytes, fileName]);

  return (
    <section className="panel" aria-labelledby="model-layers-title" data-testid="model-layers">
      <header className="panel-head">
        <h2 id="model-layers-title">Model</h2>
        {result && 'rows' in result && (
          <span className="muted small num">
            {result.rows.length} layers · {formatCount(result.rows.reduce((n, r) => n + r.params, 0))}{' '}
            parameters · {formatCount(result.rows.reduce((n, r) => n + r.trainableParams, 0))} trainable
          </span>
        )}
      </header>
      {result === null && (
        <p className="panel-empty muted" role="status">
          Building the model…
        </p>
      )}
      {result && 'error' in result && (
        <p className="panel-empty notice-error" role="alert">
          {errorText(result.error)}
        </p>
      )}
      {result && 'rows' in result && (
        <div className="table-wrap layers-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col">Type</th>
                <th scope="col">Output shape</th>
                <th scope="col" className="num">
                  Parameters
                </th>
                <th scope="col">Input from</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.name} data-testid="layer-row">
                  <td className="mono">{r.name}</td>
                  <td>{r.type}</td>
                  <td className="mono">{shapeText(r.outputShape)}</td>
                  <td className="num" title={`${formatCount(r.trainableParams)} trainable`}>
                    {formatCount(r.params)}
                    {r.params > 0 && r.trainableParams === 0 ? ' (frozen)' : ''}
                  </td>
                  <td className="mono small">{r.inputs.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
