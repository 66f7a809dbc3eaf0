// The tfjs backend, picked from a priority list (webgpu → webgl → cpu) with a fallback; setBackend
// returning false (e.g. no WebGPU adapter) moves on to the next. The worker owns tfjs and the GPU.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { TilewrightError } from '../src/core/errors';
import type { BackendChoice } from '../src/core/train/config';
import type { BackendInfo, BackendName } from '../src/protocol/runs';

const ORDER: BackendName[] = ['webgpu', 'webgl', 'cpu'];

interface AdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string };
}

async function webgpuDetail(): Promise<string | null> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const i = adapter.info ?? {};
  return [i.vendor, i.architecture, i.description].filter(Boolean).join(' ') || 'WebGPU adapter';
}

function webglDetail(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  } catch {
    return null;
  }
}

export async function availableBackends(): Promise<BackendInfo[]> {
  const gpu = await webgpuDetail();
  const gl = typeof OffscreenCanvas === 'undefined' ? null : webglDetail();
  return [
    { name: 'webgpu', available: gpu !== null, detail: gpu ?? 'no WebGPU adapter in this browser' },
    { name: 'webgl', available: gl !== null, detail: gl ?? 'no WebGL 2 context in this browser' },
    { name: 'cpu', available: true, detail: 'JavaScript on the CPU' },
  ];
}

/** Activates the chosen backend (auto: the first that starts), and says which one runs and on what. */
export async function useBackend(choice: BackendChoice): Promise<{ name: BackendName; detail: string }> {
  const infos = await availableBackends();
  const candidates = choice === 'auto' ? ORDER : [choice];
  for (const name of candidates) {
    const info = infos.find((b) => b.name === name)!;
    if (!info.available && name !== 'cpu') continue;
    if (tf.getBackend() === name) return { name, detail: info.detail };
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, detail: info.detail };
      }
    } catch {
      // fall through to the next backend
    }
  }
  throw new TilewrightError(
    'backend-unavailable',
    `The ${choice} backend cannot start in this browser.`,
    choice,
  );
}
