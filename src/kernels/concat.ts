// Concat and SplitV for the wasm backend: a U-Net's skip connections concatenate feature maps along the
// channels, and the gradient splits them apart again. The stock kernels copy row by row from JS (Concat:
// one typed-array copy per pixel and input) or through a generic Slice, ~20 % of a U-Net's step here;
// ours copy each input's columns in one kernel, split across threads by rows. Any axis: the shape is
// seen as [rows, columns] with the rows before the axis. Dtypes other than float32, int32 and bool go
// to the stock kernels.
import { backend_util, util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import type { KernelsFor } from './convGradients';
import { stock } from './fallbacks';

/** Bytes per value as the wasm backend stores them, for the dtypes we copy. */
const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

type Dtype = 'float32' | 'int32' | 'bool';

export function concatKernels(kernels: KernelsFor): KernelConfig[] {
  const stockConcat = stock('Concat');
  const stockSplit = stock('SplitV');
  return [
    {
      kernelName: 'Concat',
      backendName: 'wasm',
      kernelFunc(args) {
        const inputs = Object.values(args.inputs) as TensorInfo[];
        const dtype = inputs[0]?.dtype;
        const bytes = BYTES[dtype];
        const nonEmpty = inputs.filter((t) => util.sizeFromShape(t.shape) > 0);
        // The stock kernel's own checks and answers for the odd cases (one input, empty output).
        if (!bytes || nonEmpty.length < 2 || inputs.some((t) => t.dtype !== dtype)) return stockConcat(args);
        const axis = util.parseAxisParam((args.attrs as { axis: number }).axis, inputs[0].shape)[0];
        backend_util.assertParamsConsistent(
          inputs.map((t) => t.shape),
          axis,
        );
        const shape = backend_util.computeOutShape(
          inputs.map((t) => t.shape),
          axis,
        );
        const { heap, run } = kernels(args.backend);
        const out = heap.output(shape, dtype as Dtype);
        const rows = util.sizeFromShape(shape.slice(0, axis));
        const stride = util.sizeFromShape(shape.slice(axis)) * bytes;
        let at = heap.offsetOf(out);
        for (const t of nonEmpty) {
          const width = util.sizeFromShape(t.shape.slice(axis)) * bytes;
          run('copyColumns', [heap.offsetOf(t), width, at, stride, rows, width], rows * width);
          at += width;
        }
        return out;
      },
    },
    {
      kernelName: 'SplitV',
      backendName: 'wasm',
      kernelFunc(args) {
        const { x } = args.inputs as { x: TensorInfo };
        const bytes = BYTES[x.dtype];
        if (!bytes || util.sizeFromShape(x.shape) === 0) return stockSplit(args);
        const { numOrSizeSplits, axis: a } = args.attrs as {
          numOrSizeSplits: number | number[];
          axis: number;
        };
        const axis = util.parseAxisParam(a, x.shape)[0];
        const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, axis);
        const { heap, run } = kernels(args.backend);
        const rows = util.sizeFromShape(x.shape.slice(0, axis));
        const inner = util.sizeFromShape(x.shape.slice(axis + 1)) * bytes;
        const stride = x.shape[axis] * inner;
        const outs = sizes.map((s) =>
          heap.output(
            x.shape.map((d, i) => (i === axis ? s : d)),
            x.dtype as Dtype,
          ),
        );
        let at = heap.offsetOf(x);
        sizes.forEach((s, i) => {
          const width = s * inner;
          if (width > 0)
            run('copyColumns', [at, stride, heap.offsetOf(outs[i]), width, rows, width], rows * width);
          at += width;
        });
        return outs;
      },
    },
  ];
}
