// Timed training steps for the bench, as PyTorch's reference is timed (bench/train_torch.py: one
// warm-up step, then steps for at least 2 seconds): after the warm-up, at least `steps` steps and, on
// backends fast enough, more until 2 seconds have passed (a few steps alone would time code V8 has not
// yet optimised). Losses are kept for the first steps + 1 steps only, so every backend reports the same
// steps' losses.
import type { LoopEvent } from '../src/core/train/loop';

/** Steps at most (warm-up included): enough data is made for this many. */
export const MAX_STEPS = 40;
const MIN_TIMED_MS = 2000;

export function timedSteps(steps: number, onStep: (step: number, seconds: number, loss: number) => void) {
  const times: number[] = [];
  const losses: number[] = [];
  const gradNorms: number[] = [];
  const controller = new AbortController();
  return {
    signal: controller.signal,
    losses,
    gradNorms,
    onEvent(e: LoopEvent) {
      if (e.kind !== 'step') return;
      times.push(e.point.time_ms);
      if (losses.length <= steps) {
        losses.push(e.point.loss);
        gradNorms.push(e.point.grad_norm);
      }
      onStep(e.point.step, (times.at(-1)! - (times.at(-2) ?? 0)) / 1000, e.point.loss);
      const timed = times.length - 1;
      if (timed >= steps && times[timed] - times[0] >= MIN_TIMED_MS) controller.abort();
    },
    /** Steps timed after the warm-up. */
    get timed() {
      return Math.max(0, times.length - 1);
    },
    /** Images per second over the timed steps. */
    rate(batch: number): number {
      const timed = times.length - 1;
      return timed > 0 ? (timed * batch) / ((times[timed] - times[0]) / 1000) : NaN;
    },
    firstStepS: () => (times[0] ?? NaN) / 1000,
  };
}
