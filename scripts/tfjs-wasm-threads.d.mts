import type { Plugin } from 'vite';
export function tfjsWasmThreads(): Plugin;
