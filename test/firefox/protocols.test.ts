/**
 * Sub-protocols decoded in Firefox: the demo page's Socket.IO chat, as socket.io-client makes it
 * (long polling, then the upgrade to a WebSocket), is one sidebar entry whose rows are decoded
 * Engine.IO and Socket.IO packets of both transports, in order across the upgrade.
 */
import { expect, it } from 'vitest';
import { until } from '../e2e/harness';
import { clickText, openPanel, textsOf, useFirefox } from './harness';

const env = useFirefox();

const CONNECTIONS = '[role="listbox"][aria-label="Connections"] [role="option"]';

/** The grid's rows as `<type> | <decoded>`: the type tells the transports apart. */
const typedRows = (panel: Awaited<ReturnType<typeof openPanel>>): Promise<string[]> =>
  panel.$$eval('[role="grid"][aria-label="Messages"] [role="row"]', (rows) =>
    rows.map((row) => `${row.querySelector('.cell-type')?.textContent ?? ''} | ${row.querySelector('.cell-decoded')?.textContent ?? ''}`),
  );

it('decodes a Socket.IO session whole, from its first poll to the upgrade and the join’s ack over the WebSocket', async () => {
  const page = env.session.page;
  await page.goto(`${env.server.origin}/`);
  const panel = await openPanel(env.session, page);
  await page.click('#sio-connect-default');
  await until('the page upgraded to a WebSocket', async () => (await page.$eval('#sio-status', (el) => el.textContent ?? '')).endsWith('· websocket'));
  await page.type('#sio-room', 'kitchen');
  await page.click('#sio-join');

  const sessions = await until('one Socket.IO session in the sidebar', async () => {
    const found = (await textsOf(panel, CONNECTIONS)).filter((t) => /Socket\.IO session/.test(t));
    return found.length === 1 ? found : undefined;
  });
  expect(sessions[0]).toMatch(/^POLL→WS\s+Socket\.IO session/);
  await clickText(panel, CONNECTIONS, 'Socket.IO session');
  const rows = await until('the session from its open packet to the join’s ack over the WebSocket', async () => {
    const texts = await typedRows(panel);
    return texts.some((t) => /^text \| ACK \/chat ack \d+/.test(t)) ? texts : undefined;
  });
  const at = (pattern: RegExp): number => rows.findIndex((row) => pattern.test(row));
  expect(at(/^200 \| open sid \S+ Engine\.IO v4/)).toBeGreaterThanOrEqual(0);
  expect(at(/^POST \| CONNECT \/chat/)).toBeGreaterThan(at(/^200 \| open sid/));
  expect(at(/^text \| upgrade probe: ping/)).toBeGreaterThan(at(/^POST \| CONNECT \/chat/));
  expect(at(/^text \| upgrade probe: pong/)).toBeGreaterThan(at(/^text \| upgrade probe: ping/));
  expect(at(/^text \| ACK \/chat ack \d+/)).toBeGreaterThan(at(/^text \| upgrade probe: pong/));
  await panel.close();
});
