// ReLU and ReLU6 for the wasm backend (the kernel core/models/relu.ts calls): one pass forward, one pass
// for the gradient, on every thread.
import * as tf from '@tensorflow/tfjs';
import { util, type GradConfig, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import { CLIPPED_RELU } from '../core/models/relu';
import type { KernelsFor } from './convGradients';

const GRAD = `${CLIPPED_RELU}Grad`;

export function activationKernels(kernels: KernelsFor): KernelConfig[] {
  return [
    {
      kernelName: CLIPPED_RELU,
      backendName: 'wasm',
      kernelFunc({ inputs, backend, attrs }) {
        const { x } = inputs as { x: TensorInfo };
        const { top } = attrs as unknown as { top: number };
        const { heap, run } = kernels(backend);
        const out = heap.output(x.shape);
        const n = util.sizeFromShape(x.shape);
        run('clippedRelu', [heap.offsetOf(x), heap.offsetOf(out), n, top], n);
        return out;
      },
    },
    {
      kernelName: GRAD,
      backendName: 'wasm',
      kernelFunc({ inputs, backend, attrs }) {
        const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
        const { top } = attrs as unknown as { top: number };
        const { heap, run } = kernels(backend);
        const dx = heap.output(x.shape);
        const n = util.sizeFromShape(x.shape);
        run('clippedReluGrad', [heap.offsetOf(dy), heap.offsetOf(x), heap.offsetOf(dx), n, top], n);
        return dx;
      },
    },
  ];
}

export const clippedReluGradient: GradConfig = {
  kernelName: CLIPPED_RELU,
  inputsToSave: ['x'],
  gradFunc(dy, saved, attrs) {
    const [x] = saved;
    return {
      x: () =>
        tf
          .engine()
          .runKernel(GRAD, { dy: dy as tf.Tensor, x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
    };
  },
};
