/**
 * Acting on a page's live connections from the panel in Firefox: send, replay, inject, close,
 * through the panel's own controls; and intercept rules (drop, rewrite, block) as a panel sets
 * them. What reached the server is read from its recorder, what reached the page from the page.
 */
import { describe, expect, it } from 'vitest';
import { interceptRule, type InterceptRule } from '../../src/shared/intercept-rules';
import { until } from '../e2e/harness';
import { byRole, clickText, openEventTap, openPanel, rowTexts, textsOf, typeInto, useFirefox } from './harness';

const env = useFirefox();

interface Got {
  data?: string;
  type?: string;
  event?: string;
  code?: number;
  reason?: string;
}

/** One echo socket that writes down all it gets (Blob data as its text), and an EventSource. */
function socketPage(wsOrigin: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><script>
window.got = [];
window.ws = new WebSocket('${wsOrigin}/ws/echo');
ws.onmessage = async (e) => got.push({ data: typeof e.data === 'string' ? e.data : await e.data.text(), type: Object.prototype.toString.call(e.data) });
ws.onclose = (e) => got.push({ event: 'close', code: e.code, reason: e.reason });
window.es = new EventSource('/sse/stream?count=3&interval=50');
es.addEventListener('news', (e) => got.push({ event: 'news', data: e.data }));
ws.onopen = () => { window.done = true; };
</script></head><body></body></html>`;
}

async function openSocketPage(path: string): Promise<void> {
  env.server.addPage(path, socketPage(env.server.wsOrigin));
  await env.session.page.goto(`${env.server.origin}${path}`);
  await until(`${path} ready`, () => env.session.page.evaluate(() => (window as unknown as { done?: boolean }).done === true));
}

const got = (): Promise<Got[]> => env.session.page.evaluate(() => (window as unknown as { got: Got[] }).got);
const receivedOnEcho = (): string[] => env.server.received.filter((m) => m.path === '/ws/echo' && !m.binary).map((m) => m.data as string);
const CONNECTIONS = '[role="listbox"][aria-label="Connections"] [role="option"]';
const ROWS = '[role="grid"][aria-label="Messages"] [role="row"]';

let ruleCount = 0;
const rule = (fields: Partial<InterceptRule>): InterceptRule => interceptRule(`rule-${++ruleCount}`, { url: '/ws/echo', direction: 'out', ...fields });

describe('acting from the panel in Firefox', () => {
  it('sends a composed message, replays one, injects another, and closes with a code and reason', async () => {
    await openSocketPage('/act.html');
    const panel = await openPanel(env.session, env.session.page);
    await until('the echo connection', async () => (await textsOf(panel, CONNECTIONS)).some((t) => t.includes('ws/echo')));
    await clickText(panel, CONNECTIONS, 'ws/echo');

    await typeInto(panel, 'textbox', 'Message', 'hello from the composer');
    await (await byRole(panel, 'button', 'Send')).click();
    await env.server.waitFor(() => receivedOnEcho().includes('hello from the composer'));
    await until('the echo in the page', async () => (await got()).some((g) => g.data === 'hello from the composer'));
    await until('the sent row and its echo', async () => (await rowTexts(panel)).filter((t) => t.includes('hello from the composer')).length === 2);

    // Replay: the sent row, sent again as is.
    await clickText(panel, ROWS, /⇡.*hello from the composer/s);
    await (await byRole(panel, 'button', 'Send again')).click();
    await env.server.waitFor(() => receivedOnEcho().filter((m) => m === 'hello from the composer').length === 2);

    // Inject: reaches the page's handler as a server message would, never the server.
    const before = env.server.received.length;
    await typeInto(panel, 'textbox', 'Message', 'fake from the server');
    await (await byRole(panel, 'button', 'Inject')).click();
    await until('the injected message in the page', async () => (await got()).some((g) => g.data === 'fake from the server' && g.type === '[object String]'));
    expect(env.server.received.length).toBe(before);
    await until('the injected row marked', async () => (await panel.$$('::-p-aria([name="injected by Frametap"][role="gridcell"])')).length === 1);

    await typeInto(panel, 'textbox', 'Close code', '4321');
    await typeInto(panel, 'textbox', 'Close reason', 'closed from Frametap');
    await (await byRole(panel, 'button', 'Close connection')).click();
    await until('the page’s close event', async () => (await got()).some((g) => g.event === 'close'));
    expect((await got()).find((g) => g.event === 'close')).toEqual({ event: 'close', code: 4321, reason: 'closed from Frametap' });
    await env.server.waitFor(() => env.server.closes.some((c) => c.code === 4321 && c.reason === 'closed from Frametap'));
    await panel.close();
  });

  it('drops and rewrites as the rules say, and blocks new connections as Firefox refuses them', async () => {
    const tap = await openEventTap(env.session, env.session.page);
    try {
      await tap.setRules([rule({ match: 'secret' }), rule({ direction: 'in', match: 'plain', action: 'rewrite', replacement: 'REWRITTEN' })]);
      // Rules reach a new document with its hello, before its first message.
      await openSocketPage('/rules.html');
      await env.session.page.evaluate(() => {
        const ws = (window as unknown as { ws: WebSocket }).ws;
        ws.send('my secret');
        ws.send('plain');
      });
      await env.server.waitFor(() => receivedOnEcho().includes('plain'));
      await until('the rewritten echo', async () => (await got()).some((g) => g.data === 'REWRITTEN'));
      expect(receivedOnEcho()).not.toContain('my secret');

      await tap.setRules([rule({ url: 'blocked=1', action: 'block' })]);
      const refused = `new Promise((resolve) => {
        const probe = new WebSocket('${env.server.wsOrigin}/ws/echo?blocked=1');
        probe.onopen = () => { probe.close(); resolve('open'); };
        probe.onclose = (e) => resolve('close ' + e.code);
      })`;
      await until('the connection refused', async () => (await env.session.page.evaluate(refused)) === 'close 1006');
      await tap.setRules([]);
      await until('connections allowed again', async () => (await env.session.page.evaluate(refused)) === 'open');
    } finally {
      await tap.setRules([]);
      await tap.close();
    }
  });
});
