// What this browser offers for training: WebGPU, WebGL2, cores, isolation. Read-only feature checks.

export type Probe<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface GpuInfo {
  vendor: string;
  architecture: string;
  description: string;
}

// Minimal shapes of the WebGPU entry points used here (not every TypeScript DOM lib ships them).
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  device?: string;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  requestAdapterInfo?: () => Promise<AdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}

export async function probeWebGpu(): Promise<Probe<GpuInfo>> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) {
    const reason = window.isSecureContext
      ? 'this browser does not expose WebGPU (navigator.gpu is missing)'
      : 'WebGPU needs a secure context (https or localhost)';
    return { ok: false, reason };
  }
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter)
      return { ok: false, reason: 'no adapter was offered (GPU blocklisted, disabled, or absent)' };
    const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
    return {
      ok: true,
      value: {
        vendor: info.vendor || 'unknown vendor',
        architecture: info.architecture || '—',
        description: info.description || info.device || '',
      },
    };
  } catch (e) {
    return { ok: false, reason: `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export function probeWebGl2(): Probe<{ renderer: string; maxTextureSize: number }> {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2');
    if (!gl) return { ok: false, reason: 'the browser refused a WebGL2 context' };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    const maxTextureSize = Number(gl.getParameter(gl.MAX_TEXTURE_SIZE));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { ok: true, value: { renderer, maxTextureSize } };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Asks the browser not to evict our storage under pressure; resolves with whether it agreed. */
export async function requestPersistence(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  return navigator.storage.persist();
}
