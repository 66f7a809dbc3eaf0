// How much of the browser's storage quota is used, with units.
import { useStudio } from '../../state/store';
import { formatBytes, formatPercent } from '../../ui/format';

export function StorageBar() {
  const storage = useStudio((s) => s.storage);
  if (!storage) return null;
  const fraction = storage.quota > 0 ? Math.min(1, storage.usage / storage.quota) : 0;
  const text = `${formatBytes(storage.usage)} of ${formatBytes(storage.quota)} used`;
  const level = fraction > 0.9 ? 'meter-danger' : fraction > 0.7 ? 'meter-warn' : '';
  return (
    <div className="storagebar" data-testid="storage-bar">
      <span className="storagebar-label">Storage</span>
      <div
        className={`meter ${level}`}
        role="meter"
        aria-label="Browser storage used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuetext={text}
      >
        <div
          className="meter-fill"
          style={{ width: `${Math.max(fraction * 100, fraction > 0 ? 0.5 : 0)}%` }}
        />
      </div>
      <span className="num">{text}</span>
      <span className="muted num">({formatPercent(fraction, fraction < 0.01 ? 2 : 1)})</span>
      <span className={`badge ${storage.persisted ? 'badge-ok' : ''}`}>
        {storage.persisted ? 'persistent' : 'may be evicted'}
      </span>
    </div>
  );
}
