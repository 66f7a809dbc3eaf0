// The report half of `npm run bench` (bench-report.html): the evaluation page's report computation,
// on the page's thread where it runs in the app, for 100,000 predictions of 45 classes. Leaves the
// result on window.__benchReport.
import { evaluationMetrics } from '../core/evaluate/evaluationMetrics';
import { sampleRows } from '../core/evaluate/sampleRows';

export interface ReportBench {
  samples: number;
  classes: number;
  /** Seconds of sampleRows + evaluationMetrics (classification report, kappa, MCC, top-k, log loss, calibration); median of runs. */
  seconds: number;
  /** Of which sampleRows (argmax and confidence per sample). */
  rowsSeconds: number;
  runs: number;
  error?: string;
}

declare global {
  interface Window {
    __benchReport?: ReportBench;
  }
}

/** A seeded uniform generator (mulberry32), so every run scores the same predictions. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n samples over C classes, right about 60% of the time, with softmax-like probabilities. */
function predictions(n: number, C: number) {
  const r = random(45);
  const targets = new Array<number>(n);
  const probs = new Float32Array(n * C);
  for (let i = 0; i < n; i++) {
    const t = Math.floor(r() * C);
    targets[i] = t;
    const winner = r() < 0.6 ? t : Math.floor(r() * C);
    let sum = 0;
    for (let c = 0; c < C; c++) {
      const v = Math.exp(3 * r() + (c === winner ? 3 : 0));
      probs[i * C + c] = v;
      sum += v;
    }
    for (let c = 0; c < C; c++) probs[i * C + c] /= sum;
  }
  return {
    keys: targets.map((_, i) => i),
    names: targets.map((_, i) => `${i}.png`),
    targets,
    probs,
    losses: new Float32Array(n),
  };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function run(): ReportBench {
  const n = 100_000;
  const C = 45;
  const classes = Array.from({ length: C }, (_, c) => `class ${c}`);
  const scored = predictions(n, C);
  const totals: number[] = [];
  const rowTimes: number[] = [];
  const runs = 5;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    const rows = sampleRows(scored, C, false, 0.5);
    const t1 = performance.now();
    evaluationMetrics(rows, scored.probs, classes, false);
    totals.push((performance.now() - t0) / 1000);
    rowTimes.push((t1 - t0) / 1000);
  }
  return { samples: n, classes: C, seconds: median(totals), rowsSeconds: median(rowTimes), runs };
}

const out = document.getElementById('out')!;
// After a frame, so the page has painted before the thread is busy.
requestAnimationFrame(() =>
  setTimeout(() => {
    try {
      window.__benchReport = run();
    } catch (e) {
      window.__benchReport = {
        samples: 0,
        classes: 0,
        seconds: NaN,
        rowsSeconds: NaN,
        runs: 0,
        error: String(e),
      };
    }
    out.textContent = JSON.stringify(window.__benchReport, null, 2);
  }, 0),
);
