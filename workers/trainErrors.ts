// What a failed run tells the person: our error code, the message, and what to do next. Maps what
// tfjs and the browser throw (and what the GPU watch saw) to the codes the run page acts on.
import { isTilewrightError } from '../src/core/errors';
import type { GpuFailure } from './gpuWatch';

export interface RunFailure {
  code: string;
  message: string;
  hint?: string;
}

const OOM =
  /out of memory|\bOOM\b|failed to allocate|allocation failed|exceeds the max|greater than WebGL maximum|too large for the implementation/i;
const LOST = /device (was )?lost|context (was )?lost|GPUDevice.*lost/i;

export function gpuOutOfMemory(backend: string | null, detail: string): RunFailure {
  return {
    code: 'gpu-oom',
    message: `The ${backend ?? 'GPU'} backend ran out of memory: ${detail}`,
    hint: 'Use a smaller batch size or input size, or a smaller model; the run continues from its last checkpoint.',
  };
}

export function deviceLost(backend: string | null, detail: string): RunFailure {
  return {
    code: 'device-lost',
    message: `The GPU under the ${backend ?? 'GPU'} backend was lost: ${detail}`,
    hint: 'Resume the run on another backend; it continues from its last checkpoint.',
  };
}

export function fromGpuFailure(f: GpuFailure, backend: string | null): RunFailure {
  return f.code === 'gpu-oom' ? gpuOutOfMemory(backend, f.detail) : deviceLost(backend, f.detail);
}

/** An error thrown during a run, as the person should read it. */
export function classifyError(e: unknown, backend: string | null): RunFailure {
  const message = e instanceof Error ? e.message : String(e);
  if (isTilewrightError(e)) return { code: e.code, message };
  if (OOM.test(message)) return gpuOutOfMemory(backend, message);
  if (LOST.test(message)) return deviceLost(backend, message);
  return { code: 'training-failed', message };
}
