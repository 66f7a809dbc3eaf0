// tfjs-wasm's threaded build in Node, which it cannot start by itself (tfjs issue 3830): the Node half of
// the coupling to tfjs-wasm internals (src/kernels/tfjsWasm.ts has the rest), for the pinned 4.22.0.
// tfjs hands Emscripten its pthread worker script as a blob: URL, which node:worker_threads refuses
// (ERR_WORKER_PATH), and each worker then imports the factory from a Blob of the factory's source, whose
// text in tfjs's Node bundle refers to names of that bundle. Here the worker script is written to a file
// and tfjs is handed that file's path instead of the blob URL; the file ends by pointing the worker's
// import at the package's own factory file. Only a Blob of exactly the worker script's size and type is
// redirected. We need the threaded build for its shared memory: our kernels' helper threads work on it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as tf from '@tensorflow/tfjs';

const OUT = '@tensorflow/tfjs-backend-wasm/wasm-out/';
const FACTORY = `${OUT}tfjs-backend-wasm-threaded-simd.js`;
const WORKER = `${OUT}tfjs-backend-wasm-threaded-simd.worker.js`;
/** What the two files must contain for the recipe to hold (else: one thread, said so). */
const FACTORY_HEAD = 'var WasmBackendModuleThreadedSimd = ';
const WORKER_IMPORT = 'importScripts(';

/** Why the threaded build cannot start here, or null once it can (the redirect is installed). */
export function enableThreadedWasm(env: tf.Environment): string | null {
  const require = createRequire(import.meta.url);
  let factoryFile: string;
  let contents: unknown;
  try {
    factoryFile = require.resolve(FACTORY);
    contents = (require(WORKER) as { wasmWorkerContents?: unknown }).wasmWorkerContents;
  } catch (e) {
    return `tfjs-wasm's threaded build is missing (${e instanceof Error ? e.message : String(e)})`;
  }
  if (typeof contents !== 'string' || !contents.includes(WORKER_IMPORT))
    return `${WORKER} changed: no worker script to start threads from`;
  if (!fs.readFileSync(factoryFile, 'utf8').includes(FACTORY_HEAD))
    return `${FACTORY} changed: the threads cannot load it`;
  // tfjs escapes the newlines when it makes its Blob; the file holds the same text.
  const script = contents.replace(/\n/g, '\\n');
  const redirect = `\nURL.createObjectURL=()=>${JSON.stringify(factoryFile)};URL.revokeObjectURL=()=>{};\n`;
  const text = script + redirect;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  // Named by its content: every process of this install shares one file, written once.
  const file = path.join(os.tmpdir(), `tilewright-tfjs-wasm-thread-${hash}.cjs`);
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, text);
    fs.renameSync(partial, file);
  }
  const bytes = Buffer.byteLength(script);
  const native = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob: Blob) =>
    blob.type === 'application/javascript' && blob.size === bytes ? file : native(blob);
  // tfjs's own check answers no whenever it runs in Node.
  env.set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  return null;
}

interface ThreadedModule {
  PThread?: { runningWorkers?: { unref?: () => void }[] };
}

/**
 * Lets the process exit while Emscripten's threads (XNNPACK's thread pool) idle: they are Node workers,
 * which keep a process alive until unreferenced.
 */
export function releaseWasmThreads(backend: unknown): void {
  const wasm = (backend as { wasm?: ThreadedModule }).wasm;
  for (const worker of wasm?.PThread?.runningWorkers ?? []) worker.unref?.();
}
