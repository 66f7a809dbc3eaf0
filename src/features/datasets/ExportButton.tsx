// Export as a zip download, through the job bar.
import type { DatasetRecord } from '../../protocol/records';
import { startExport } from '../../state/jobActions';
import { useJobRunning } from '../jobs/useJobRunning';

export function ExportButton({ rec, small }: { rec: DatasetRecord; small?: boolean }) {
  const running = useJobRunning();
  return (
    <button
      type="button"
      className={`btn ${small ? 'btn-sm' : ''}`}
      onClick={() => void startExport(rec)}
      disabled={running || rec.status === 'writing' || rec.count === 0}
      title="Download as a zip: images/, masks/ and annotations.json (COCO)"
    >
      Export
    </button>
  );
}
