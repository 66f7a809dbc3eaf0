// Watches the GPU under the active tfjs backend for the failures a person can act on: a lost WebGPU
// device or WebGL context (resume on another backend) and WebGPU running out of memory (smaller batch).
// tfjs itself never reports these: a lost device makes later kernels fail silently or hang, and WebGPU
// out-of-memory errors arrive only as `uncapturederror` events, since tfjs pushes no error scopes.
import * as tf from '@tensorflow/tfjs';

export interface GpuFailure {
  code: 'device-lost' | 'gpu-oom';
  /** What the browser said. */
  detail: string;
}

interface DeviceLike extends EventTarget {
  lost?: Promise<{ message?: string; reason?: string }>;
}

interface WebglBackendLike {
  gpgpu?: { gl?: { canvas?: EventTarget } };
}

/** Calls onFailure once on the first failure of the active backend's GPU; returns a function to stop watching. */
export function watchGpu(onFailure: (f: GpuFailure) => void): () => void {
  let done = false;
  const fail = (f: GpuFailure) => {
    if (done) return;
    done = true;
    onFailure(f);
  };
  const backend = tf.getBackend();
  if (backend === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
    if (!device) return () => undefined;
    void device.lost?.then((info) =>
      fail({ code: 'device-lost', detail: info.message || info.reason || 'no reason given' }),
    );
    const onError = (e: Event) => {
      const error = (e as Event & { error?: { message?: string; constructor: { name: string } } }).error;
      if (error?.constructor.name === 'GPUOutOfMemoryError')
        fail({ code: 'gpu-oom', detail: error.message || 'GPUOutOfMemoryError' });
    };
    device.addEventListener('uncapturederror', onError);
    return () => {
      done = true;
      device.removeEventListener('uncapturederror', onError);
    };
  }
  if (backend === 'webgl') {
    const canvas = (tf.backend() as unknown as WebglBackendLike).gpgpu?.gl?.canvas;
    if (!canvas) return () => undefined;
    const onLost = () => fail({ code: 'device-lost', detail: 'the WebGL context was lost' });
    canvas.addEventListener('webglcontextlost', onLost);
    return () => {
      done = true;
      canvas.removeEventListener('webglcontextlost', onLost);
    };
  }
  return () => undefined;
}
