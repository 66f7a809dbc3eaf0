// Identity, and Cast to the dtype a tensor already has, return a second tensor on the same data (its
// reference count goes up), as tfjs-cpu does; the stock wasm kernels copy it, ~6 % of a CNN's step here.
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { stock } from './fallbacks';

const share: KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: TensorInfo };
  (backend as KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

export function identityKernels(): KernelConfig[] {
  const cast = stock('Cast');
  return [
    { kernelName: 'Identity', backendName: 'wasm', kernelFunc: share },
    {
      kernelName: 'Cast',
      backendName: 'wasm',
      kernelFunc: (args) =>
        (args.inputs.x as TensorInfo).dtype === (args.attrs as { dtype: string }).dtype
          ? share(args)
          : cast(args),
    },
  ];
}
