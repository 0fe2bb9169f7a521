/**
 * The trust boundary in Firefox, as far as a test can drive it there: a panel hears its own tab
 * only, a command reaches only the document that owns the connection (never the page that came
 * after it), and a command for a connection no document owns is refused. (The attack from
 * Frametap's own content-script world of another tab runs in Chromium, test/e2e/trust.test.ts,
 * where CDP reaches that world; the background's checks are the same code, and the unit tests
 * feed them Firefox's senders.)
 */
import { expect, it } from 'vitest';
import type { CreateEvent } from '../../src/shared/protocol';
import { hookEvents, until } from '../e2e/harness';
import { openEventTap, useFirefox } from './harness';

const env = useFirefox();

function echoPage(wsOrigin: string, name: string): string {
  return `<!doctype html><meta charset="utf-8"><script>
window.got = [];
window.ws = new WebSocket('${wsOrigin}/ws/echo?tab=${name}');
ws.onmessage = (e) => got.push(e.data);
ws.onopen = () => { ws.send('${name} says hi'); window.done = true; };
</script>`;
}

it('tells each tab’s subscriber that tab’s traffic only, and commands only the document that owns a connection', async () => {
  const { browser, page } = env.session;
  env.server.addPage('/tab-a.html', echoPage(env.server.wsOrigin, 'a'));
  env.server.addPage('/tab-b.html', echoPage(env.server.wsOrigin, 'b'));
  env.server.addPage('/after.html', echoPage(env.server.wsOrigin, 'after'));
  await page.goto(`${env.server.origin}/tab-a.html`);
  const other = await browser.newPage({ type: 'window' });
  await other.goto(`${env.server.origin}/tab-b.html`);
  const tapA = await openEventTap(env.session, page);
  const tapB = await openEventTap(env.session, other);
  try {
    const createdOn = async (tap: typeof tapA): Promise<string[]> =>
      hookEvents(await tap.events())
        .filter((e): e is CreateEvent => e.type === 'create')
        .map((e) => e.url);
    await until('both tabs’ sockets', async () => (await createdOn(tapA)).length > 0 && (await createdOn(tapB)).length > 0);
    expect(await createdOn(tapA)).toEqual([`${env.server.wsOrigin}/ws/echo?tab=a`]);
    expect(await createdOn(tapB)).toEqual([`${env.server.wsOrigin}/ws/echo?tab=b`]);

    // A command for tab A's socket, addressed to its document, works; after a navigation the same
    // address reaches nothing, and the new page's socket of the same frame is untouched.
    const [create] = (await tapA.events()).filter(({ event }) => event.type === 'create');
    if (!create) throw new Error('no create event');
    const { origin, event } = create;
    await expect(tapA.command(origin, { conn: event.conn, op: 'send', opcode: 'text', data: 'from the panel' })).resolves.toEqual({ ok: true });
    await env.server.waitFor(() => env.server.received.some((m) => m.data === 'from the panel'));

    await page.goto(`${env.server.origin}/after.html`);
    await until('the new page’s socket', () => page.evaluate(() => (window as unknown as { done?: boolean }).done === true));
    const stale = await tapA.command(origin, { conn: event.conn, op: 'send', opcode: 'text', data: 'to a page that is gone' });
    expect(stale.ok).toBe(false);
    const stranger = await tapB.command({ frameId: 0, documentId: 'not-a-document' }, { conn: event.conn, op: 'send', opcode: 'text', data: 'to nobody' });
    expect(stranger.ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(env.server.received.some((m) => m.data === 'to a page that is gone' || m.data === 'to nobody')).toBe(false);
    expect(await other.evaluate(() => (window as unknown as { got: string[] }).got)).toEqual(['b says hi']);
  } finally {
    await tapA.close();
    await tapB.close();
    await other.close();
  }
});
