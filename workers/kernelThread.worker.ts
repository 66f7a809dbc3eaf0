// A helper thread of our wasm kernels (src/kernels/threads.ts): instantiates the kernels module over
// the training worker's shared memory, says it is ready, then takes parts of every split kernel. It
// imports the thread loop alone: the kernels' index would bring all of tfjs into every helper.
import { helperLoop, type HelperInit } from '../src/kernels/threads';

self.onmessage = (e: MessageEvent<HelperInit>) => helperLoop(e.data, () => postMessage('ready'));
