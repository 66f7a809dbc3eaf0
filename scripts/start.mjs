// `npm start`: install what is missing, build, and serve the studio on 127.0.0.1.
import { spawn, execSync } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';

const port = Number(process.env.PORT ?? 4173);
ensureDeps();
console.log('Building the studio…');
execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
const server = spawn(
  'npx',
  ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  {
    stdio: ['inherit', 'pipe', 'inherit'],
  },
);
let announced = false;
server.stdout.on('data', (chunk) => {
  if (!announced && String(chunk).includes(String(port))) {
    announced = true;
    console.log(`\nTilewright is running at http://127.0.0.1:${port}/  (Ctrl+C to stop)\n`);
  }
});
server.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
