import { useJobRunning } from '../jobs/useJobRunning';

export function EmptyState({ onGenerate }: { onGenerate: () => void }) {
  const running = useJobRunning();
  return (
    <div className="empty" data-testid="empty-state">
      <div className="empty-art" aria-hidden="true">
        <span />
        <span />
        <span />
        <span />
      </div>
      <h2>No datasets yet</h2>
      <p>
        Generate a synthetic shapes dataset, or drop an ImageFolder, image+mask or COCO folder or zip here.
      </p>
      <button type="button" className="btn btn-primary" onClick={onGenerate} disabled={running}>
        Generate shapes
      </button>
    </div>
  );
}
