/** `npm run demo`: the demo server on PORT (default 8787) and HOST (default 127.0.0.1). */
import { startDemoServer } from './demo-server';

const DEFAULT_PORT = 8787;

const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}

const server = await startDemoServer({ port, host: process.env.HOST || '127.0.0.1' });
console.log(`Frametap demo: ${server.origin}/`);
console.log('Build the extension (npm run build), load dist/ unpacked in chrome://extensions');
console.log('(Developer mode → Load unpacked), then open the demo page and DevTools → Frametap.');

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  // A second Ctrl+C means "now".
  if (stopping) process.exit(130);
  stopping = true;
  console.log(`\n${signal}: closing the demo server…`);
  server.close().then(
    () => console.log('Closed.'),
    (error: unknown) => {
      console.error('Could not close cleanly:', error);
      process.exitCode = 1;
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
