/**
 * Firefox runs Frametap's background as an event page, and suspends it when idle (after 30 s by
 * default; here after 1 s, through Firefox's own preference, so that it happens many times in one
 * test). Every port closes with it; the panel reconnects, which wakes it, and the page's frames
 * send their backlogs again. Nothing may be lost or doubled, as across Chrome's worker restarts.
 * And when the add-on goes away under an open page (removed, or reloaded from about:debugging),
 * the page's sockets keep working as if it had never been there.
 */
import { expect, it } from 'vitest';
import { GECKO_ID } from '../../scripts/browser-targets';
import { hookEvents, until } from '../e2e/harness';
import { openEventTap, openPanel, useFirefox } from './harness';

const env = useFirefox({ prefs: { 'extensions.background.idle.timeout': 1000 } });

const BURSTS = 6;
const PER_BURST = 50;
const TOTAL = BURSTS * PER_BURST;

/** Bursts of numbered messages on an echo socket, each after a pause longer than the idle timeout. */
function burstPage(wsOrigin: string): string {
  return `<!doctype html><meta charset="utf-8"><script>
window.progress = { echoed: 0, done: false };
const ws = new WebSocket('${wsOrigin}/ws/echo');
ws.onmessage = () => { if (++progress.echoed === ${TOTAL}) progress.done = true; };
let n = 0;
const burst = () => {
  for (let i = 0; i < ${PER_BURST}; i++) ws.send('n' + String(++n).padStart(4, '0'));
  if (n < ${TOTAL}) setTimeout(burst, 2500);
};
ws.onopen = () => setTimeout(burst, 500);
</script>`;
}

it('loses and doubles nothing while the event page is suspended and woken again and again', async () => {
  const page = env.session.page;
  env.server.addPage('/bursts.html', burstPage(env.server.wsOrigin));
  await page.goto(`${env.server.origin}/bursts.html`);
  const panel = await openPanel(env.session, page);
  const tap = await openEventTap(env.session, page);

  // How often the background was gone when looked for, while the bursts ran.
  let suspendedSeen = 0;
  await until(
    'the bursts to end',
    async () => {
      const contexts = await panel.evaluate(() => chrome.runtime.getContexts({ contextTypes: ['BACKGROUND' as chrome.runtime.ContextType] }).then((found) => found.length));
      if (contexts === 0) suspendedSeen++;
      return page.evaluate(() => (window as unknown as { progress: { done: boolean } }).progress.done);
    },
    40_000,
  );
  expect(suspendedSeen).toBeGreaterThan(0);

  // The panel: every message once, each way, and nothing reported missed.
  const grid = '[role="grid"][aria-label="Messages"]';
  await until('every message in the panel', async () => Number(await panel.$eval(grid, (el) => el.getAttribute('aria-rowcount'))) >= 2 * TOTAL + 1, 20_000);
  expect(Number(await panel.$eval(grid, (el) => el.getAttribute('aria-rowcount')))).toBe(2 * TOTAL + 1);
  expect(await panel.$eval('body', (body) => body.innerText)).not.toMatch(/missed/);

  // The tap: the hook's events, each seq at least once (a replay repeats some), none skipped.
  const events = await until('every echo through the tap', async () => {
    const all = hookEvents(await tap.events());
    return all.filter((e) => e.type === 'frame' && e.dir === 'in').length >= TOTAL ? all : undefined;
  });
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  expect(seqs).toEqual(seqs.map((_, i) => i));
  const sent = [...bySeq.values()].filter((e) => e.type === 'frame' && e.dir === 'out').map((e) => (e.type === 'frame' ? e.data : ''));
  expect(sent).toEqual(Array.from({ length: TOTAL }, (_, i) => `n${String(i + 1).padStart(4, '0')}`));
  await tap.close();
  await panel.close();
});

it('leaves an open page working when the add-on is removed under it', async () => {
  const page = env.session.page;
  env.server.addPage(
    '/removed.html',
    `<!doctype html><meta charset="utf-8"><script>
window.seen = { echoes: [], close: null, errors: [] };
window.addEventListener('error', (e) => seen.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => seen.errors.push(String(e.reason)));
window.ws = new WebSocket('${env.server.wsOrigin}/ws/echo?removed');
ws.onmessage = (e) => seen.echoes.push(e.data);
ws.onclose = (e) => { seen.close = e.code + ' ' + e.reason; };
ws.onopen = () => ws.send('before');
</script>`,
  );
  await page.goto(`${env.server.origin}/removed.html`);
  const panel = await openPanel(env.session, page);
  await until('the first echo', () => page.evaluate(() => (window as unknown as { seen: { echoes: string[] } }).seen.echoes.length === 1));
  await panel.close();
  await env.session.browser.uninstallExtension(GECKO_ID);

  await page.evaluate(() => {
    const ws = (window as unknown as { ws: WebSocket }).ws;
    for (let i = 0; i < 50; i++) ws.send(`after ${i}`);
  });
  await until('every echo after the removal', () => page.evaluate(() => (window as unknown as { seen: { echoes: string[] } }).seen.echoes.length === 51));
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.close(4000, 'done'));
  const seen = await until('the close', () =>
    page.evaluate(() => {
      const state = (window as unknown as { seen: { echoes: string[]; close: string | null; errors: string[] } }).seen;
      return state.close ? state : undefined;
    }),
  );
  expect(seen.echoes).toEqual(['before', ...Array.from({ length: 50 }, (_, i) => `after ${i}`)]);
  expect(seen.close).toBe('4000 done');
  expect(seen.errors).toEqual([]);
  await env.server.waitFor(() => env.server.received.filter((m) => m.path === '/ws/echo' && String(m.data).startsWith('after ')).length === 50);
});
