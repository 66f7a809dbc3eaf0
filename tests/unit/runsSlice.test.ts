import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/train/config';
import type { EpochPoint, StepPoint } from '../../src/core/train/types';
import type { RunRecord, RunSummary, TrainEvent } from '../../src/protocol/runs';
import { MAX_LOG_LINES, applyTrainEvents, newLiveRun } from '../../src/state/runsSlice';

const step = (n: number, loss = 1 / n): StepPoint => ({
  step: n,
  epoch: Math.floor((n - 1) / 10),
  loss,
  lr: 1e-3,
  grad_norm: 1,
  time_ms: n * 10,
});
const epoch = (e: number, valLoss: number): EpochPoint => ({
  epoch: e,
  step: (e + 1) * 10,
  train_loss: valLoss + 0.1,
  metrics: { val_loss: valLoss, val_accuracy: 1 - valLoss },
  time_ms: e * 100,
});

function run(over: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'r1',
    name: 'shapes-cnn-1',
    createdAt: 1,
    updatedAt: 1,
    datasetId: 'd1',
    config: defaultConfig('classification', 'shapes', 1),
    status: 'queued',
    history: { steps: [], epochs: [] },
    checkpoints: [],
    ...over,
  };
}

describe('live run events', () => {
  it('starts from what the record holds, copied', () => {
    const rec = run({ history: { steps: [step(1), step(2)], epochs: [epoch(0, 0.5)] } });
    const live = newLiveRun(rec);
    expect(live.stepCount).toBe(2);
    expect(live.epochs).toHaveLength(1);
    live.steps.push(step(3));
    expect(rec.history.steps).toHaveLength(2);
  });

  it('appends step deltas in place and counts them', () => {
    const live = newLiveRun(run());
    const steps = live.steps;
    const a = applyTrainEvents(live, [{ kind: 'steps', points: [step(1), step(2)] }], false);
    const b = applyTrainEvents(a, [{ kind: 'steps', points: [step(3)] }], false);
    expect(b.stepCount).toBe(3);
    expect(b.steps).toBe(steps); // grown, not copied
    expect(b.steps.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(b).not.toBe(a); // a new object, so subscribers to stepCount see the change
  });

  it('replaces repeated steps and epochs after a resume from an earlier checkpoint', () => {
    const rec = run({
      history: { steps: [1, 2, 3, 4, 5].map((n) => step(n)), epochs: [epoch(0, 0.5), epoch(1, 0.4)] },
    });
    let live = newLiveRun(rec);
    const before = live.steps;
    live = applyTrainEvents(
      live,
      [
        { kind: 'steps', points: [step(4, 9), step(5, 9), step(6, 9)] },
        { kind: 'epoch', point: epoch(1, 0.3) },
      ],
      false,
    );
    expect(live.steps.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(live.steps[3].loss).toBe(9);
    expect(live.steps).not.toBe(before); // a shorter copy was made first
    expect(live.stepCount).toBe(6);
    expect(live.epochs.map((p) => p.metrics.val_loss)).toEqual([0.5, 0.3]);
  });

  it('keeps debug lines only in verbose mode, and at most MAX_LOG_LINES', () => {
    const lines: TrainEvent[] = [
      { kind: 'log', level: 'info', message: 'started' },
      { kind: 'log', level: 'debug', message: 'tensors 12' },
      { kind: 'log', level: 'warn', message: 'slow' },
    ];
    expect(applyTrainEvents(newLiveRun(run()), lines, false).log.map((l) => l.level)).toEqual([
      'info',
      'warn',
    ]);
    expect(applyTrainEvents(newLiveRun(run()), lines, true).log).toHaveLength(3);
    const many: TrainEvent[] = Array.from({ length: MAX_LOG_LINES + 20 }, (_, i) => ({
      kind: 'log',
      level: 'info',
      message: `line ${i}`,
    }));
    const log = applyTrainEvents(newLiveRun(run()), many, false).log;
    expect(log).toHaveLength(MAX_LOG_LINES);
    expect(log.at(-1)?.message).toBe(`line ${MAX_LOG_LINES + 19}`);
  });

  it('takes the set-up, progress, status and checkpoints (a checkpoint replaces one with its key)', () => {
    const summary = { model: 'cnn', backend: 'cpu' } as RunSummary;
    const ckpt = (step: number) => ({
      key: 'r1/last',
      kind: 'last' as const,
      epoch: 1,
      step,
      metric: null,
      bytes: 10,
      createdAt: 1,
    });
    const live = applyTrainEvents(
      newLiveRun(run()),
      [
        { kind: 'setup', summary },
        { kind: 'status', status: 'running' },
        { kind: 'checkpoint', info: ckpt(10) },
        { kind: 'checkpoint', info: { ...ckpt(10), key: 'r1/best', kind: 'best' } },
        { kind: 'checkpoint', info: ckpt(20) },
        {
          kind: 'progress',
          progress: {
            phase: 'training',
            epoch: 1,
            epochs: 3,
            stepInEpoch: 2,
            stepsPerEpoch: 10,
            step: 12,
            totalSteps: 30,
            imagesPerSecond: 40,
            etaSeconds: 5,
          },
        },
      ],
      false,
    );
    expect(live.summary).toBe(summary);
    expect(live.status).toBe('running');
    expect(live.checkpoints.map((c) => [c.kind, c.step])).toEqual([
      ['best', 10],
      ['last', 20],
    ]);
    expect(live.progress?.step).toBe(12);
  });
});
