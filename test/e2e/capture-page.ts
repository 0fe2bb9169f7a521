/**
 * What the hook-level capture suites share: a page whose first <head> script runs a case, and the
 * events of the one connection it makes, read raw from an event tap.
 */
import type { CreateEvent, FrameEvent, HookEvent } from '../../src/shared/protocol';
import { hookEvents, until, type Environment, type EventTap } from './harness';

/** Serves a page whose first <head> script is `script`, opens it, and waits for `window.done`. */
export async function runPage(env: Environment, path: string, script: string, timeoutMs?: number): Promise<void> {
  env.server.addPage(path, `<!doctype html><html><head><meta charset="utf-8"><script>${script}</script></head><body></body></html>`);
  await env.session.page.goto(`${env.server.origin}${path}`);
  await until(`${path} done`, () => env.session.page.evaluate(() => (window as unknown as { done?: boolean }).done === true), timeoutMs);
}

/** The events of the one connection whose URL `matches`, in arrival order, once `ready` says so. */
export function connectionEvents(tap: EventTap, what: string, matches: (url: string) => boolean, ready: (events: HookEvent[]) => boolean): Promise<HookEvent[]> {
  return until(`events of ${what}`, async () => {
    const all = hookEvents(await tap.events());
    const created = all.filter((e): e is CreateEvent => e.type === 'create' && matches(e.url));
    if (created.length !== 1) return undefined;
    const events = all.filter((e) => e.conn === (created[0] as CreateEvent).conn);
    return ready(events) ? events : undefined;
  });
}

export const closed = (events: HookEvent[]): boolean => events.some((e) => e.type === 'close');
export const framesOf = (events: HookEvent[], dir: 'in' | 'out'): FrameEvent[] =>
  events.filter((e): e is FrameEvent => e.type === 'frame' && e.dir === dir);
