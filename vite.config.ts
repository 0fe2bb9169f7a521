import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };
import { workerHook } from './scripts/worker-hook-plugin';

export default defineConfig({
  plugins: [preact(), crx({ manifest }), workerHook()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The panel is named by no manifest key (the DevTools page creates it at run time), so it
    // must be a build input of its own; crxjs keeps the src/ path in dist/.
    rollupOptions: { input: { panel: 'src/panel/index.html' } },
    target: 'chrome116',
    sourcemap: true,
  },
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
});
