/**
 * `virtual:frametap-worker-hook`: the worker hook (src/hook/worker-hook.ts) bundled into one
 * script, as a string, for the service worker to evaluate inside workers through the debugger.
 *
 * The bundle is an IIFE whose value is the hook's bridge function: `Runtime.evaluate` returns the
 * completion value of the script's last statement, and so hands the bridge to the debugger alone.
 * Vite writes a named IIFE as `var Name = (function…)()`, which would also declare a global in the
 * worker: the declaration is cut off, leaving the bare expression.
 *
 * A worker script's top-level `const`, `let` and `class` names share one scope with every script of
 * the worker, and exist, uninitialized, before its first line runs: a worker declaring `const
 * location` would make the hook's first read of `location` throw, and one declaring `let fetch`
 * would hand the hook its own. So the bundle is wrapped in a function that takes every global it
 * names from `globalThis` (properties, which no declaration shadows) into local constants first.
 * The global names are those TypeScript's own lib files declare.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'vite';

const ID = 'virtual:frametap-worker-hook';
const RESOLVED = `\0${ID}`;
const ENTRY = 'src/hook/worker-hook.ts';
const NAME = 'FrametapWorkerHook';

/** Names a local constant cannot, or should not, take. */
const NOT_TAKEN = new Set(['undefined', 'NaN', 'Infinity', 'eval', 'arguments', 'globalThis']);

async function globalNames(): Promise<Set<string>> {
  const libDir = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.d.ts'));
  const libs = (await readdir(libDir)).filter((file) => /^lib\..*\.d\.ts$/.test(file));
  const names = new Set<string>();
  for (const lib of libs) {
    const text = await readFile(join(libDir, lib), 'utf8');
    for (const [, name] of text.matchAll(/^declare (?:var|function|const) ([A-Za-z_$][\w$]*)/gm)) if (!NOT_TAKEN.has(name as string)) names.add(name as string);
  }
  return names;
}

/** The bundle, with every global it names read from `globalThis` before it runs. */
async function takingGlobals(iife: string): Promise<string> {
  const globals = await globalNames();
  const used = [...new Set(iife.match(/[A-Za-z_$][\w$]*/g) ?? [])].filter((word) => globals.has(word)).sort();
  const expression = iife.trim().replace(/;$/, '');
  return `(function () { "use strict"; const { ${used.join(', ')} } = globalThis; return ${expression}; })();`;
}

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
  return takingGlobals(chunk.code.replace(declaration, ''));
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
