// A small mark in the header while a run trains and its page is not the one shown: where it stands, and a link.
import { hrefFor, useRoute } from '../../app/routes';
import { useStudio } from '../../state/store';
import { formatCount } from '../../ui/format';

export function RunIndicator() {
  const route = useRoute();
  const id = useStudio((s) => s.live?.id);
  const name = useStudio((s) => s.live?.name);
  const status = useStudio((s) => s.live?.status);
  const epoch = useStudio((s) => (s.live?.progress ? s.live.progress.epoch + 1 : null));
  const epochs = useStudio((s) => s.live?.progress?.epochs ?? null);
  const percent = useStudio((s) => {
    const p = s.live?.progress;
    return p && p.totalSteps > 0 ? Math.min(100, Math.floor((p.step / p.totalSteps) * 100)) : null;
  });
  if (!id || (route.name === 'run' && route.id === id)) return null;
  const where =
    epoch !== null && epochs !== null
      ? `epoch ${formatCount(Math.min(epoch, epochs))}/${formatCount(epochs)}`
      : 'starting…';
  return (
    <a
      className={`run-indicator ${status === 'paused' ? 'run-indicator-paused' : ''}`}
      href={hrefFor({ name: 'run', id })}
      data-testid="run-indicator"
      title="Open the run that is training"
    >
      <span className="run-indicator-dot" aria-hidden="true" />
      <span className="run-indicator-name">
        {status === 'paused' ? 'Paused' : 'Training'} {name}
      </span>
      <span className="run-indicator-where num">{where}</span>
      {percent !== null && (
        <span className="run-indicator-bar" aria-hidden="true">
          <span style={{ width: `${percent}%` }} />
        </span>
      )}
      {percent !== null && <span className="num run-indicator-pct">{percent}%</span>}
    </a>
  );
}
