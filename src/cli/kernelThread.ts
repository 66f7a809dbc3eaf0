// A helper thread of our wasm kernels in Node (the twin of workers/kernelThread.worker.ts): instantiates
// the kernels module over the CLI's shared tfjs-wasm memory, says it is ready, then takes parts of every
// split kernel. Started through kernelThread.mjs.
import { parentPort } from 'node:worker_threads';
import { helperLoop, type HelperInit } from '../kernels/threads';

parentPort!.once('message', (init: HelperInit) => helperLoop(init, () => parentPort!.postMessage('ready')));
