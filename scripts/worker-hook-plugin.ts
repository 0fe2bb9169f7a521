/**
 * `virtual:frametap-worker-hook`: the worker hook (src/hook/worker-hook.ts) bundled into one
 * script, as a string, for the service worker to evaluate inside workers through the debugger.
 *
 * The bundle is an IIFE whose value is the hook's bridge function: `Runtime.evaluate` returns the
 * completion value of the script's last statement, and so hands the bridge to the debugger alone.
 * Vite writes a named IIFE as `var Name = (function…)()`, which would also declare a global in the
 * worker: the declaration is cut off, leaving the bare expression.
 */
import { build, type Plugin } from 'vite';

const ID = 'virtual:frametap-worker-hook';
const RESOLVED = `\0${ID}`;
const ENTRY = 'src/hook/worker-hook.ts';
const NAME = 'FrametapWorkerHook';

async function bundle(root: string): Promise<string> {
  const result = await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'chrome116',
      minify: true,
      sourcemap: false,
      lib: { entry: ENTRY, formats: ['iife'], name: NAME, fileName: () => 'worker-hook.js' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs.flatMap((o) => ('output' in o ? o.output : [])).find((c) => c.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('worker hook: no bundle');
  const declaration = new RegExp(`^(\\s*"use strict";)?\\s*var ${NAME}\\s*=\\s*`);
  if (!declaration.test(chunk.code)) throw new Error(`worker hook: the bundle does not start with \`var ${NAME} =\``);
  return chunk.code.replace(declaration, '$1');
}

export function workerHook(): Plugin {
  let root = process.cwd();
  return {
    name: 'frametap-worker-hook',
    configResolved(config) {
      root = config.root;
    },
    resolveId: (id) => (id === ID ? RESOLVED : null),
    async load(id) {
      if (id !== RESOLVED) return null;
      return `export default ${JSON.stringify(await bundle(root))};`;
    },
  };
}
