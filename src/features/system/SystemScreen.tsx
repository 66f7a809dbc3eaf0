// What the browser offers: GPU back-ends, cores, isolation, storage.
import { useEffect, useState, type ReactNode } from 'react';
import { refreshStorage } from '../../state/datasets';
import { useStudio } from '../../state/store';
import { toast } from '../../state/toasts';
import { formatBytes } from '../../ui/format';
import { probeWebGl2, probeWebGpu, requestPersistence, type GpuInfo, type Probe } from './probe';

export function SystemScreen() {
  const [gpu, setGpu] = useState<Probe<GpuInfo> | null>(null);
  const [gl] = useState(probeWebGl2);
  const storage = useStudio((s) => s.storage);
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    let live = true;
    void probeWebGpu().then((r) => live && setGpu(r));
    void refreshStorage();
    return () => {
      live = false;
    };
  }, []);

  const persist = async () => {
    if (asking) return;
    setAsking(true);
    try {
      const granted = await requestPersistence();
      await refreshStorage();
      if (granted)
        toast('success', 'Storage is now persistent', 'The browser will not evict datasets under pressure.');
      else
        toast(
          'info',
          'The browser declined',
          'It decides by its own rules (e.g. site engagement, installed app).',
        );
    } finally {
      setAsking(false);
    }
  };

  return (
    <div className="screen">
      <div className="screen-head">
        <div>
          <h1 className="screen-title">System</h1>
          <p className="screen-sub">What this browser offers for generating data and training models.</p>
        </div>
      </div>
      <div className="panel">
        <dl className="sysinfo" data-testid="system-info">
          <Row label="WebGPU" status={gpu === null ? 'pending' : gpu.ok ? 'ok' : 'no'}>
            {gpu === null
              ? 'Checking…'
              : gpu.ok
                ? `${gpu.value.vendor} · ${gpu.value.architecture}${gpu.value.description ? ` · ${gpu.value.description}` : ''}`
                : `Not available: ${gpu.reason}`}
          </Row>
          <Row label="WebGL2" status={gl.ok ? 'ok' : 'no'}>
            {gl.ok
              ? `${gl.value.renderer} · max texture ${gl.value.maxTextureSize} px`
              : `Not available: ${gl.reason}`}
          </Row>
          <Row label="CPU threads" status="ok">
            {navigator.hardwareConcurrency
              ? `${navigator.hardwareConcurrency} (navigator.hardwareConcurrency)`
              : 'unknown'}
          </Row>
          <Row label="Cross-origin isolated" status={window.crossOriginIsolated ? 'ok' : 'no'}>
            {window.crossOriginIsolated
              ? 'yes: SharedArrayBuffer and multi-threaded WASM are available'
              : 'no: SharedArrayBuffer and multi-threaded WASM are unavailable'}
          </Row>
          <Row label="Storage" status={storage ? 'ok' : 'no'}>
            {storage
              ? `${formatBytes(storage.usage)} of ${formatBytes(storage.quota)} used`
              : 'No estimate available'}
          </Row>
          <Row label="Persistent storage" status={storage?.persisted ? 'ok' : 'no'}>
            <span className="row-gap">
              {storage?.persisted
                ? 'yes: datasets are not evicted under storage pressure'
                : 'no: the browser may evict data when space runs low'}
              {!storage?.persisted && (
                <button type="button" className="btn btn-sm" onClick={() => void persist()} disabled={asking}>
                  Request persistence
                </button>
              )}
            </span>
          </Row>
        </dl>
      </div>
    </div>
  );
}

function Row({
  label,
  status,
  children,
}: {
  label: string;
  status: 'ok' | 'no' | 'pending';
  children: ReactNode;
}) {
  return (
    <div className="sysrow">
      <dt>
        <span className={`dot dot-${status}`} aria-hidden="true" />
        {label}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}
