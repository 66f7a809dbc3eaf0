import { describe, expect, it } from 'vitest';
import { SchedulerSchema, type SchedulerConfig } from '../../src/core/train/config';
import { learningRateAt, schedulePreview } from '../../src/core/train/schedule';

const sched = (s: Partial<SchedulerConfig>): SchedulerConfig => SchedulerSchema.parse(s);

/** Learning rates at the given steps. */
function at(steps: number[], total: number, spe: number, base: number, s: SchedulerConfig): number[] {
  return steps.map((step) => learningRateAt(step, total, spe, base, s));
}

function expectClose(actual: number[], expected: number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a, `value ${i}`).toBeCloseTo(expected[i], digits));
}

describe('learningRateAt', () => {
  it('constant: the base rate everywhere', () => {
    expect(at([0, 7, 999], 1000, 10, 0.003, sched({ name: 'constant' }))).toEqual([0.003, 0.003, 0.003]);
  });

  it('step: multiplies by gamma every step_epochs epochs', () => {
    const s = sched({ name: 'step', gamma: 0.5, step_epochs: 2 });
    // 10 steps per epoch: steps 0..19 are epochs 0-1, 20..39 epochs 2-3, 45 is epoch 4, 60 epoch 6.
    expectClose(at([0, 19, 20, 39, 45, 60], 100, 10, 0.1, s), [0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]);
  });

  it('cosine: linear warm-up, then half a cosine down to min_lr', () => {
    const s = sched({ name: 'cosine', warmup_steps: 10, min_lr: 0.001 });
    // warm-up 0.1 * (step + 1) / 10; then progress = (step - 10) / 100.
    expectClose(
      at([0, 4, 9, 10, 35, 60, 109, 110, 500], 110, 11, 0.1, s),
      [
        0.01, 0.05, 0.1, 0.1,
        // 0.001 + 0.099 * 0.5 * (1 + cos(pi / 4))
        0.0855017856687341, 0.0505,
        // 0.001 + 0.099 * 0.5 * (1 + cos(0.99 pi))
        0.0010244252618962857, 0.001, 0.001,
      ],
    );
  });

  it('cosine without warm-up starts at the base rate', () => {
    const s = sched({ name: 'cosine', warmup_steps: 0, min_lr: 0 });
    expectClose(at([0, 50, 100], 100, 10, 0.2, s), [0.2, 0.1, 0]);
  });

  it('onecycle: the values of PyTorch OneCycleLR (cos, two phases)', () => {
    // Reference: OneCycleLR.get_lr transcribed to Python, max_lr 0.1, 100 steps, defaults otherwise.
    const s = sched({ name: 'onecycle' });
    expectClose(
      at([0, 1, 14, 29, 30, 64, 98, 99], 100, 10, 0.1, s),
      [
        0.0040000000000000036, 0.004281378056590748, 0.04940133238789996, 0.1, 0.09994965352845243, 0.0500002,
        5.07464715475788e-5, 4e-7,
      ],
    );
    // A peak between steps (pct_start * T - 1 = 8.25), other factors.
    const t = sched({ name: 'onecycle', pct_start: 0.25, div_factor: 10, final_div_factor: 100 });
    expectClose(
      at([0, 5, 8, 9, 10, 20, 36], 37, 5, 0.01, t),
      [
        0.0009999999999999992, 0.006971805834928397, 0.009979623651578881, 0.00998200545526992,
        0.009902291046566827, 0.006195101664158709, 1e-5,
      ],
    );
  });

  it('onecycle: rises from base/div to base at round(pct T) - 1, then falls to base/div/final_div', () => {
    const s = sched({ name: 'onecycle', pct_start: 0.3, div_factor: 25, final_div_factor: 1e4 });
    const total = 200;
    const lrs = Array.from({ length: total }, (_, i) => learningRateAt(i, total, 20, 0.5, s));
    const peak = Math.round(0.3 * total) - 1;
    expect(lrs[0]).toBeCloseTo(0.5 / 25, 12);
    expect(lrs.indexOf(Math.max(...lrs))).toBe(peak);
    expect(lrs[peak]).toBeCloseTo(0.5, 12);
    expect(lrs[total - 1]).toBeCloseTo(0.5 / 25 / 1e4, 15);
    for (let i = 1; i < total; i++)
      if (i <= peak) expect(lrs[i]).toBeGreaterThan(lrs[i - 1]);
      else expect(lrs[i]).toBeLessThan(lrs[i - 1]);
  });

  it('onecycle: short runs stay finite (torch divides by zero when pct_start * T = 1)', () => {
    const s = sched({ name: 'onecycle', pct_start: 0.1 });
    expect(at([0, 5, 9], 10, 10, 0.1, s).every(Number.isFinite)).toBe(true);
    expect(learningRateAt(0, 10, 10, 0.1, s)).toBe(0.1);
    expectClose(at([0, 1], 2, 1, 0.1, sched({ name: 'onecycle' })), [0.0811745653949763, 4e-7]);
    expect(learningRateAt(0, 1, 1, 0.1, sched({ name: 'onecycle' }))).toBeCloseTo(4e-7, 15);
  });
});

describe('schedulePreview', () => {
  it('spreads at most `points` steps over the run, first and last included', () => {
    const s = sched({ name: 'cosine', warmup_steps: 100 });
    const p = schedulePreview(1000, 10, 0.1, s, 50);
    expect(p).toHaveLength(50);
    expect(p[0].step).toBe(0);
    expect(p.at(-1)!.step).toBe(999);
    for (let i = 1; i < p.length; i++) expect(p[i].step).toBeGreaterThan(p[i - 1].step);
    for (const q of p) expect(q.lr).toBe(learningRateAt(q.step, 1000, 10, 0.1, s));
  });

  it('gives every step of a short run, and one point for one step', () => {
    const s = sched({ name: 'constant' });
    expect(schedulePreview(5, 1, 0.1, s).map((q) => q.step)).toEqual([0, 1, 2, 3, 4]);
    expect(schedulePreview(1, 1, 0.1, s)).toEqual([{ step: 0, lr: 0.1 }]);
  });
});
