/**
 * Protocols, export and import in a real browser: the demo page's Socket.IO chat (socket.io-client
 * against the demo's socket.io server) decoded in the panel, an ack correlated with its event,
 * a HAR exported by Frametap imported back identically, and a HAR saved by Chrome DevTools opened.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chatInKitchen } from '../fixtures/demo-chat';
import { openPanel, until, useEnvironment } from './harness';
import { connections, details, grid, rowTexts } from './panel-view';

const env = useEnvironment();
let panel: Page;

beforeAll(async () => {
  await env.session.page.goto(`${env.server.origin}/`);
  panel = await openPanel(env.session, env.session.page);
});


/** Rows of the selected connection, once `ready` accepts them. */
function rowsWhen(what: string, ready: (rows: string[]) => boolean): Promise<string[]> {
  return until(what, async () => {
    const rows = await rowTexts(panel);
    return ready(rows) ? rows : undefined;
  });
}

describe('protocols in the panel', () => {
  it('decodes the demo page’s Socket.IO room traffic and pairs an event with its ack', async () => {
    const page = env.session.page;
    await chatInKitchen(page);

    await connections(panel).getByRole('option', { name: /socket\.io/ }).click();
    const rows = await rowsWhen('the chat message, its broadcast and its ack', (texts) =>
      texts.some((t) => t.includes('↑') && /EVENT chat:message \/chat ack \d+/.test(t)) &&
      texts.some((t) => t.includes('↓') && /EVENT chat:message \/chat(?! ack)/.test(t)) &&
      texts.some((t) => /ACK \/chat ack \d+/.test(t)),
    );
    expect(rows.some((t) => /EVENT room:join \/chat ack \d+/.test(t))).toBe(true);
    expect(rows.some((t) => t.includes('CONNECT /chat'))).toBe(true);
    await expect(panel.getByRole('combobox', { name: 'Protocol' }).inputValue()).resolves.toBe('auto');
    await expect(panel.getByRole('combobox', { name: 'Protocol' }).locator('option[value="auto"]').textContent()).resolves.toBe('Auto (Socket.IO)');

    // The event the page sent with an ack: its details name the ack and the latency.
    const sent = grid(panel).getByRole('row').filter({ hasText: /↑.*EVENT chat:message \/chat ack/s });
    const ackId = /ack (\d+)/.exec((await sent.innerText()) ?? '')?.[1];
    await sent.click();
    const decoded = details(panel).getByRole('region', { name: 'Decoded' });
    await until('the decoded event', async () => (await decoded.innerText()).includes('chat:message'));
    const text = await decoded.innerText();
    expect(text).toContain('Socket.IO (detected by url)');
    expect(text).toContain('/chat');
    expect(text).toContain('tea, anyone?');
    expect(text).toMatch(new RegExp(`Response: ACK /chat ack ${ackId} · [\\d.]+ (µs|ms|s) later`));

    await decoded.getByRole('button', { name: 'Go to response' }).click();
    const selected = grid(panel).getByRole('row', { selected: true });
    await until('the ack selected', async () => new RegExp(`ACK /chat ack ${ackId}`).test(await selected.innerText()));
    await until('the ack pointing back', async () => (await details(panel).getByRole('region', { name: 'Decoded' }).innerText()).includes('Request: EVENT chat:message'));
    await details(panel).getByRole('button', { name: 'Go to request' }).click();
    await until('the event selected again', async () => /EVENT chat:message \/chat ack/.test(await selected.innerText()));
  });

  it('filters on decoded fields', async () => {
    const filter = panel.getByRole('searchbox', { name: 'Filter' });
    // Only the decoded summary says "ACK": the frames themselves read `43/chat,1[…]`.
    await filter.fill('ACK /chat');
    const rows = await rowsWhen('only the acks', (texts) => texts.length > 0 && texts.every((t) => t.includes('ACK /chat ack')));
    expect(rows).toHaveLength(2);
    await filter.fill('');
  });

  it('exports a connection as HAR and imports it back with the same messages', async () => {
    await env.session.page.click('#sio-disconnect');
    const original = await rowsWhen('the closed Socket.IO connection', (texts) => texts.some((t) => t.includes('Connection closed')));

    await panel.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('menuitem', { name: 'HAR: selected connection' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^frametap-connection-.*\.har$/);
    const har = await readFile(await download.path(), 'utf8');
    expect(JSON.parse(har)).toMatchObject({ log: { version: '1.2', entries: [{ _resourceType: 'websocket', _webSocketMessages: expect.any(Array) }] } });

    await panel.getByLabel('Import file').setInputFiles({ name: 'roundtrip.har', mimeType: 'application/json', buffer: Buffer.from(har) });
    await until('the import reported', async () => (await panel.getByRole('status').allInnerTexts()).some((t) => t.includes('from roundtrip.har')));
    await until('the imported connection selected', async () => (await panel.getByRole('toolbar').innerText()).includes('imported: roundtrip.har'));
    const imported = await rowsWhen('the imported rows', (texts) => texts.length === original.length);
    expect(imported).toEqual(original);
  });

  it('opens a HAR saved by Chrome DevTools', async () => {
    const fixture = new URL('../../src/export/fixtures/chrome-websocket.har', import.meta.url);
    await panel.getByLabel('Import file').setInputFiles({ name: 'chrome.har', mimeType: 'application/json', buffer: await readFile(fixture) });
    await until('the Chrome HAR imported', async () => (await panel.getByRole('toolbar').innerText()).includes('imported: chrome.har'));
    const rows = await rowsWhen('the Chrome HAR rows', (texts) => texts.some((t) => t.includes('héllo 🌍')));
    expect(rows.filter((t) => t.includes('{"type":"hello","name":"Ann"}'))).toHaveLength(2);
    expect(rows.filter((t) => /00 01 02 ff/i.test(t))).toHaveLength(2);
    await expect(connections(panel).getByRole('option', { name: /echo\?room=lobby/ }).count()).resolves.toBe(1);
  });
});
