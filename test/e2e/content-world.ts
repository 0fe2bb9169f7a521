/**
 * Code run inside Frametap's content-script world of a page, through CDP: what a compromised
 * renderer could run there, and the one place a test or benchmark can speak as a real content
 * script (the service worker takes content ports from content scripts only).
 */
import type { Page } from 'playwright-core';
import { until } from './harness';

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string };
}

/**
 * Evaluates `fn(arg)` in the isolated world of `page`'s main frame. tsx compiles scripts with
 * esbuild's keepNames, which wraps named inner functions in `__name(…)`: the evaluated code gets
 * a local no-op for it.
 */
export async function inContentScriptWorld<A, R>(page: Page, extensionId: string, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: ExecutionContext[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }: { context: ExecutionContext }) => contexts.push(context));
    await cdp.send('Runtime.enable');
    const world = await until('Frametap’s content-script world', async () =>
      contexts.find((c) => c.auxData?.type === 'isolated' && (c.origin.includes(extensionId) || c.name === 'Frametap')),
    );
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression: `((__name) => (${fn.toString()})(${JSON.stringify(arg)}))((f) => f)`,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(`evaluation failed in the content-script world: ${JSON.stringify(exceptionDetails)}`);
    return result.value as R;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
