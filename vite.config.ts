import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };
import { buildFor, targetOfMode } from './scripts/browser-targets';
import { workerHook } from './scripts/worker-hook-plugin';

// `vite build` builds dist/ for Chrome, `vite build --mode firefox` dist-firefox/ for Firefox.
export default defineConfig(({ mode }) => {
  const target = buildFor(targetOfMode(mode), manifest);
  return {
    plugins: [preact(), crx({ manifest: target.manifest, browser: target.browser }), workerHook()],
    resolve: { alias: target.aliases },
    build: {
      outDir: target.outDir,
      emptyOutDir: true,
      // The panel is named by no manifest key (the DevTools page creates it at run time), so it
      // must be a build input of its own; crxjs keeps the src/ path in the output.
      rollupOptions: { input: { panel: 'src/panel/index.html' } },
      target: target.esTarget,
      sourcemap: true,
    },
    server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
  };
});
