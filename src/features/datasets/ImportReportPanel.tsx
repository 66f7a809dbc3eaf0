// What the last import did: how many samples, which layout, which classes, and every file it skipped.
// Paths come from the person's files: they are rendered as text, never as HTML.
import { dismissImportReport } from '../../state/datasets';
import { useStudio } from '../../state/store';
import { hrefFor } from '../../app/routes';
import type { ImportProblem, ImportReport } from '../../protocol/jobs';
import { formatCount, plural } from '../../ui/format';
import { foregroundClasses } from './classNames';

const LAYOUT_NAMES: Record<ImportReport['layout'], string> = {
  imagefolder: 'ImageFolder (one folder per class)',
  'image-mask': 'Images + masks (segmentation)',
  coco: 'COCO instances',
  unknown: 'not recognised',
};

const REASON_NAMES: Record<ImportProblem['reason'], string> = {
  'not-an-image': 'not an image',
  unreadable: 'unreadable',
  'missing-mask': 'mask missing',
  'missing-image': 'image missing',
  'bad-mask': 'bad mask',
  'size-mismatch': 'size mismatch',
  'outside-layout': 'outside the layout',
  'bad-annotation': 'bad annotation',
};

/** A long problem list is cut here; the count says how many more there are. */
const SHOWN_PROBLEMS = 200;

export function ImportReportPanel() {
  const last = useStudio((s) => s.lastImport);
  if (!last) return null;
  const { name, report } = last;
  const shown = report.problems.slice(0, SHOWN_PROBLEMS);
  const classes = foregroundClasses({
    classes: report.classes,
    kind: report.layout === 'imagefolder' ? 'classification' : 'segmentation',
  });
  return (
    <section className="panel report" data-testid="import-report" aria-labelledby="import-report-title">
      <header className="panel-head">
        <h2 id="import-report-title">Import report: {name}</h2>
        {report.datasetId && (
          <a className="btn btn-sm" href={hrefFor({ name: 'dataset', id: report.datasetId })}>
            Open dataset
          </a>
        )}
        <button type="button" className="btn btn-ghost btn-sm" onClick={dismissImportReport}>
          Dismiss
        </button>
      </header>
      <dl className="facts">
        <div>
          <dt>Imported</dt>
          <dd data-testid="import-count">{plural(report.imported, 'sample')}</dd>
        </div>
        <div>
          <dt>Layout detected</dt>
          <dd data-testid="import-layout">{LAYOUT_NAMES[report.layout]}</dd>
        </div>
        <div>
          <dt>Classes</dt>
          <dd>
            {classes.length ? (
              <span className="chips">
                {classes.map((c, i) => (
                  <span key={i} className="chip">
                    {c}
                  </span>
                ))}
              </span>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd>{plural(report.problems.length, 'file')}</dd>
        </div>
        <div>
          <dt>Took</dt>
          <dd>{report.seconds.toFixed(1)} s</dd>
        </div>
      </dl>
      {report.problems.length > 0 && (
        <div className="table-wrap report-problems">
          <table className="table" data-testid="import-problems">
            <caption className="sr-only">Files that were not imported</caption>
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col">Reason</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p, i) => (
                <tr key={i} data-testid="import-problem">
                  <td className="mono">{p.path}</td>
                  <td>
                    <span className="badge badge-warn" data-reason={p.reason}>
                      {REASON_NAMES[p.reason] ?? p.reason}
                    </span>
                  </td>
                  <td>{p.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.problems.length > shown.length && (
            <p className="muted table-more">
              … and {formatCount(report.problems.length - shown.length)} more.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
