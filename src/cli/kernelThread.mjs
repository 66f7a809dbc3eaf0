// The CLI runs under tsx, whose loader a worker thread does not inherit: register it here, then load the
// TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./kernelThread.ts');
