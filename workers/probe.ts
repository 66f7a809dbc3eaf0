// The timed probe behind backend 'auto': the configured model's training step (forward and backward,
// on a few zero images) timed on each available backend, fastest first. Fast backends go first, and a
// backend whose warm-up step alone is far slower than the best step so far is not timed further: on a
// machine without a GPU, WebGPU and WebGL on a software renderer would otherwise cost minutes.
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../src/core/models';
import { outputChannels, type ExperimentConfig } from '../src/core/train/config';
import type { BackendInfo, BackendName, ProbeResult } from '../src/protocol/runs';
import { useBackend } from './backends';

const ORDER: BackendName[] = ['wasm', 'cpu', 'webgpu', 'webgl'];
/** Timed steps stop after this long (or 3 steps). */
const TIMED_MS = 400;
/** A warm-up this many times slower than the best step so far means the backend cannot win. */
const HOPELESS = 10;

export async function probeBackends(
  config: ExperimentConfig,
  numClasses: number,
  backends: BackendInfo[],
): Promise<ProbeResult[]> {
  const images = Math.min(config.batch_size, 8);
  const results: ProbeResult[] = [];
  let bestStepMs = Infinity;
  for (const name of ORDER) {
    if (!backends.find((b) => b.name === name)?.available) continue;
    try {
      await useBackend(name);
      const model = await buildModel({
        model: config.model,
        inputShape: [config.input_size, config.input_size, 3],
        numClasses: outputChannels(config, numClasses),
        seed: config.random_seed,
        segmentation: config.task === 'segmentation',
      });
      const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      const x = tf.zeros([images, config.input_size, config.input_size, 3]);
      const step = async () => {
        const { value, grads } = tf.variableGrads(
          () =>
            tf.tidy(() => tf.mean(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar),
          vars,
        );
        // Reading the loss waits for the GPU backends to finish the step.
        await value.data();
        tf.dispose([value, ...Object.values(grads)]);
      };
      try {
        let t0 = performance.now();
        await step();
        const warmUp = performance.now() - t0;
        let steps = 0;
        let ms = 0;
        if (warmUp < HOPELESS * bestStepMs) {
          t0 = performance.now();
          while (steps < 3 && ms < TIMED_MS) {
            await step();
            steps++;
            ms = performance.now() - t0;
          }
        }
        // Without timed steps, the warm-up bounds the speed from above.
        const stepMs = steps ? ms / steps : warmUp;
        bestStepMs = Math.min(bestStepMs, stepMs);
        results.push({ name, imagesPerSecond: (images * 1000) / stepMs, timed: steps > 0 });
      } finally {
        x.dispose();
        model.dispose();
      }
    } catch (e) {
      results.push({
        name,
        imagesPerSecond: null,
        timed: false,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return results.sort((a, b) => (b.imagesPerSecond ?? -1) - (a.imagesPerSecond ?? -1));
}

/** "Backend probe (images/s of a training step): wasm 63.3, webgl ≤ 3.2 (warm-up only), cpu 1.0 → wasm." */
export function probeText(probe: ProbeResult[]): string {
  const rate = (p: ProbeResult) =>
    p.imagesPerSecond === null
      ? `${p.name} failed${p.error ? ` (${p.error})` : ''}`
      : `${p.name} ${p.timed ? '' : '≤ '}${p.imagesPerSecond.toPrecision(3)}${p.timed ? '' : ' (warm-up only)'}`;
  const best = probe.find((p) => p.imagesPerSecond !== null);
  return `Backend probe (images/s of a training step): ${probe.map(rate).join(', ')}${best ? ` → ${best.name}` : ''}.`;
}
