// Single-thread throughput of the shapes generator in Node: `npx tsx bench/generate-node.ts [seconds per case]`.
// Compare with bench/shapes_opencv.py (same image size, shape count and sides, one thread).
// Timed in short rounds; the median is the figure to quote, the best shows the speed on an idle machine.
import { DEFAULT_SHAPES_PARAMS, type ShapesParams } from '../src/core/generate/params';
import { ShapesGenerator, generateShapesSample } from '../src/core/generate/shapes';

const seconds = Number(process.argv[2] ?? 3);
const seed = 1234;

type Make = (index: number) => unknown;

/** Images per second in rounds of `batch`: [median, best]. */
function rate(make: Make, batch = 1000): [number, number] {
  for (let i = 0; i < 3000; i++) make(i);
  const rates: number[] = [];
  let index = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) make(index++);
    rates.push((batch / (performance.now() - start)) * 1000);
  }
  rates.sort((a, b) => a - b);
  return [Math.round(rates[rates.length >> 1]), Math.round(rates[rates.length - 1])];
}

const cases: [string, ShapesParams][] = [
  ['default (occlusion none)', DEFAULT_SHAPES_PARAMS],
  ['occlusion 0.5', { ...DEFAULT_SHAPES_PARAMS, occlusion: 0.5 }],
  ['rotate', { ...DEFAULT_SHAPES_PARAMS, rotate: true }],
  ['rotate + occlusion 0.5', { ...DEFAULT_SHAPES_PARAMS, rotate: true, occlusion: 0.5 }],
];

const show = ([median, best]: [number, number]) => `${median} (best ${best})`;
const rows = cases.map(([name, params]) => {
  const gen = new ShapesGenerator(params);
  const n = params.size * params.size;
  const out = { image: new Uint8Array(n * 3), instanceMap: new Uint8Array(n), classMap: new Uint8Array(n) };
  return {
    params: name,
    // New arrays per image (what a worker that transfers them pays), generator built per call.
    generateShapesSample: show(rate((i) => generateShapesSample(params, seed, i))),
    // One generator, new arrays per image.
    'generator.generate': show(rate((i) => gen.generate(seed, i))),
    // One generator writing over the same buffers (e.g. a batch tensor's memory).
    'generator.generateInto': show(rate((i) => gen.generateInto(seed, i, out))),
  };
});

const p = DEFAULT_SHAPES_PARAMS;
console.log(
  `images/s, ${p.size}x${p.size}, ${p.minShapes}-${p.maxShapes} shapes, sides ${p.minSide}-${p.maxSide}, ` +
    `one thread, node ${process.version}; median of rounds (best)`,
);
console.table(rows);
