// What a failed run says: errors thrown by tfjs or the browser become our codes with a next step.
import { describe, expect, it } from 'vitest';
import { TilewrightError } from '../../src/core/errors';
import { classifyError, fromGpuFailure } from '../../workers/trainErrors';

describe('classifyError', () => {
  it.each([
    [
      'WebGL: Requested texture size [70000x2] greater than WebGL maximum on this browser / GPU [16384x16384].',
      'gpu-oom',
    ],
    [
      "Failed to execute 'createBuffer' on 'GPUDevice': createBuffer failed, size (4294967296) is too large for the implementation when mappedAtCreation == true",
      'gpu-oom',
    ],
    ['Out of memory', 'gpu-oom'],
    ['WebGL: failed to allocate texture', 'gpu-oom'],
    ['GPUDevice was lost: destroyed', 'device-lost'],
    ['The WebGL context was lost.', 'device-lost'],
    ['Cannot read properties of undefined', 'training-failed'],
  ])('%s → %s', (message, code) => {
    expect(classifyError(new Error(message), 'webgpu').code).toBe(code);
  });

  it('keeps our own codes and messages', () => {
    const e = new TilewrightError('not-found', 'The dataset "x" was deleted.', 'x');
    expect(classifyError(e, 'cpu')).toEqual({ code: 'not-found', message: 'The dataset "x" was deleted.' });
  });

  it('names the backend and suggests what to do', () => {
    const oom = classifyError(new Error('Out of memory'), 'webgpu');
    expect(oom.message).toBe('The webgpu backend ran out of memory: Out of memory');
    expect(oom.hint).toMatch(/smaller batch size/);
    const lost = fromGpuFailure({ code: 'device-lost', detail: 'destroyed' }, 'webgl');
    expect(lost.message).toBe('The GPU under the webgl backend was lost: destroyed');
    expect(lost.hint).toMatch(/another backend/);
  });
});
