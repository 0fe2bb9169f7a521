/** Runs benchmark code inside a page, where only the browser's own APIs exist. */
import type { Page } from 'playwright-core';

/**
 * Evaluates `fn(arg)` in `page`. tsx compiles this script with esbuild's keepNames, which wraps
 * named inner functions in `__name(…)`; the page gets a local no-op for it, not a global.
 */
export function inPage<A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  return page.evaluate(`((__name) => (${fn.toString()})(${JSON.stringify(arg)}))((f) => f)`) as Promise<R>;
}
