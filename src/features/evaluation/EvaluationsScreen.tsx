// Every stored evaluation, newest first, with where it came from and its headline numbers.
import { hrefFor } from '../../app/routes';
import { openFile } from '../../state/openFile';
import { useStudio } from '../../state/store';
import { toastError } from '../../state/toasts';
import { TilewrightError } from '../../core/errors';
import { FileDropZone } from '../../ui/FileDropZone';
import { errorText } from '../../ui/errors';
import { formatCount, formatDate } from '../../ui/format';
import { headlineText, SPLIT_LABELS } from './evaluationFacts';
import { OpenFileButton } from './OpenFileButton';

/** One file at a time: the viewer shows one checkpoint or one metrics log. */
function onDrop(data: DataTransfer) {
  const files = [...data.files];
  if (files.length === 1) void openFile(files[0]);
  else if (files.length > 1)
    toastError(
      new TilewrightError(
        'bad-file',
        `${files.length} files dropped (${files.map((f) => f.name).join(', ')}): drop one checkpoint (.zip) or metrics log (.csv) at a time.`,
      ),
    );
}

export function EvaluationsScreen() {
  const list = useStudio((s) => s.evaluations);
  const error = useStudio((s) => s.evaluationsError);
  return (
    <FileDropZone
      testId="evaluation-drop-zone"
      title="Drop to open"
      hint="A checkpoint (.zip) to inspect and evaluate, or a metrics log (.csv) to plot"
      onDrop={onDrop}
    >
      <div className="screen" data-testid="evaluations-screen">
        <div className="screen-head">
          <div>
            <h1 className="screen-title">Evaluation</h1>
            <p className="screen-sub">
              How and where a checkpoint fails: report, confusion matrix, mistakes. Drop a checkpoint or a
              metrics CSV here to open it.
            </p>
          </div>
          <div className="toolbar">
            <OpenFileButton />
          </div>
        </div>
        {error ? (
          <p className="notice notice-error" role="alert">
            Could not read evaluations. {errorText(error)}
          </p>
        ) : list === null ? (
          <p className="muted" role="status">
            Loading evaluations…
          </p>
        ) : list.length === 0 ? (
          <div className="empty" data-testid="evaluations-empty">
            <h2>No evaluations yet</h2>
            <p>
              Evaluate a checkpoint of a run on any dataset split to see its classification report, confusion
              matrix and mistakes: open a run and use its Evaluate panel. Or drop a checkpoint file (.zip) or
              a metrics log (.csv, the studio's or PyTorch Lightning's) anywhere here.
            </p>
            <a className="btn btn-primary" href={hrefFor({ name: 'runs' })}>
              Go to runs
            </a>
          </div>
        ) : (
          <div className="panel table-wrap">
            <table className="table" data-testid="evaluations-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Data</th>
                  <th scope="col" className="num">
                    Samples
                  </th>
                  <th scope="col">Result</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {list.map((e) => (
                  <tr key={e.id} data-testid="evaluation-row" data-id={e.id}>
                    <td>
                      <a href={hrefFor({ name: 'evaluation', id: e.id })}>{e.name}</a>
                    </td>
                    <td>
                      {e.dataset.name}, {SPLIT_LABELS[e.split]}
                    </td>
                    <td className="num">{formatCount(e.samples)}</td>
                    <td>{headlineText(e)}</td>
                    <td>{formatDate(e.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </FileDropZone>
  );
}
