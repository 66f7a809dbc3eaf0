// The in-browser half of the training rows of `npm run bench`: one fresh worker per tfjs backend runs the
// studio's training engine on models A and B (workers/benchTrain.worker.ts), then a worker on the cpu backend
// samples memory over a long run of a tiny model. Results are left on window.__benchTrain.
// Query parameters: steps (timed steps per backend and model, at least), backends and models (comma-separated), memorySteps.
import { proxy, wrap } from 'comlink';
import type {
  BackendResult,
  BenchBackend,
  BenchModel,
  BenchTrainApi,
  BenchTrainResults,
  MemoryResult,
} from './trainTypes';

declare global {
  interface Window {
    __benchTrain?: BenchTrainResults | { error: string };
  }
}

const out = document.getElementById('out')!;
const log = (s: string) => {
  out.textContent += `\n${s}`;
  // scripts/bench-train.mjs echoes the page's console, so a run of many minutes shows its progress.
  console.log(`[bench-train] ${s}`);
};
const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

const params = new URLSearchParams(location.search);
const steps = Math.max(1, Number(params.get('steps') ?? 2) || 2);
// 0: no memory run.
const memorySteps = Math.max(0, Number(params.get('memorySteps') ?? 200) || 0);
const memoryBackend = (params.get('memoryBackend') ?? 'wasm') as BenchBackend;
const backends = (params.get('backends') ?? 'webgpu,webgl,wasm1,wasm,cpu')
  .split(',')
  .filter((b): b is BenchBackend => ['webgpu', 'webgl', 'wasm', 'wasm1', 'cpu'].includes(b));
const models = (params.get('models') ?? 'A,B')
  .split(',')
  .filter((m): m is BenchModel => m === 'A' || m === 'B' || m === 'U');

function startWorker() {
  const worker = new Worker(new URL('../../workers/benchTrain.worker.ts', import.meta.url), {
    type: 'module',
  });
  return { api: wrap<BenchTrainApi>(worker), worker };
}

async function measureBackend(backend: BenchBackend): Promise<BackendResult> {
  // A fresh worker per backend: no compiled shaders, cached textures or tensors carry over.
  const { api, worker } = startWorker();
  const result: BackendResult = { backend, models: [] };
  try {
    result.detail = (await api.start(backend)).detail;
    log(`${backend}: ${result.detail}`);
    for (const model of models) result.models.push(await api.measure(model, steps, proxy(log)));
  } catch (e) {
    result.error = message(e);
    log(`${backend}: ${result.error}`);
  } finally {
    worker.terminate();
  }
  return result;
}

async function measureMemory(): Promise<MemoryResult | { error: string }> {
  const { api, worker } = startWorker();
  try {
    await api.start(memoryBackend);
    return await api.memory(memorySteps, proxy(log));
  } catch (e) {
    return { error: message(e) };
  } finally {
    worker.terminate();
  }
}

async function main() {
  const results: BackendResult[] = [];
  for (const b of backends) results.push(await measureBackend(b));
  const memory = memorySteps > 0 ? await measureMemory() : undefined;
  window.__benchTrain = { steps, backends: results, memory };
  log('done');
}

main().catch((e: unknown) => {
  window.__benchTrain = { error: message(e) };
  log(message(e));
});
