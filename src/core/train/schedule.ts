// Learning-rate schedules, as a pure function of the optimiser step: resuming from a checkpoint needs
// no scheduler state, and the config form can draw the curve before a run starts.
import type { SchedulerConfig } from './config';

/** The learning rate of optimiser step `step` (0-based) in a run of `totalSteps` steps. */
export function learningRateAt(
  step: number,
  totalSteps: number,
  stepsPerEpoch: number,
  baseLr: number,
  s: SchedulerConfig,
): number {
  switch (s.name) {
    case 'constant':
      return baseLr;
    case 'step': {
      const epoch = Math.floor(step / Math.max(1, stepsPerEpoch));
      return baseLr * s.gamma ** Math.floor(epoch / s.step_epochs);
    }
    case 'cosine':
      return cosine(step, totalSteps, baseLr, s);
    case 'onecycle':
      return oneCycle(step, totalSteps, baseLr, s);
  }
}

/** Linear warm-up to baseLr over warmup_steps, then half a cosine down to min_lr at step totalSteps. */
function cosine(step: number, totalSteps: number, baseLr: number, s: SchedulerConfig): number {
  const warmup = s.warmup_steps;
  if (step < warmup) return (baseLr * (step + 1)) / warmup;
  const progress = Math.min(1, Math.max(0, (step - warmup) / Math.max(1, totalSteps - warmup)));
  return s.min_lr + (baseLr - s.min_lr) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/**
 * torch.optim.lr_scheduler.OneCycleLR(max_lr=baseLr, anneal_strategy='cos', three_phase=False):
 * cosine from baseLr/div_factor up to baseLr at step pct_start·T - 1, then down to
 * baseLr/div_factor/final_div_factor at step T - 1; get_lr() transcribed for step_num = step.
 * Steps past the end keep the last step's rate (torch raises there).
 */
function oneCycle(step: number, totalSteps: number, baseLr: number, s: SchedulerConfig): number {
  const total = Math.max(1, totalSteps);
  const initial = baseLr / s.div_factor;
  const min = initial / s.final_div_factor;
  const peak = s.pct_start * total - 1;
  const stepNum = Math.min(Math.max(0, step), total - 1);
  if (stepNum <= peak) {
    // torch divides by zero when pct_start·T = 1 (a rise of no length): the rise is then over.
    return peak > 0 ? annealCos(initial, baseLr, stepNum / peak) : baseLr;
  }
  return annealCos(baseLr, min, (stepNum - peak) / (total - 1 - peak));
}

const annealCos = (start: number, end: number, pct: number) =>
  end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);

/** At most `points` evenly spread (step, lr) pairs over the run, first and last step included. */
export function schedulePreview(
  totalSteps: number,
  stepsPerEpoch: number,
  baseLr: number,
  s: SchedulerConfig,
  points = 200,
): { step: number; lr: number }[] {
  const total = Math.max(1, Math.floor(totalSteps));
  const n = Math.max(1, Math.min(Math.floor(points), total));
  const steps = Array.from({ length: n }, (_, i) => (n === 1 ? 0 : Math.round((i * (total - 1)) / (n - 1))));
  return steps.map((step) => ({ step, lr: learningRateAt(step, total, stepsPerEpoch, baseLr, s) }));
}
