/**
 * The trust boundary, attacked from where a compromised renderer would: code running in
 * Frametap's own content-script world of another tab. It tries every port name and message kind
 * the extension uses, with the inspected tab's id, frame, document and connection ids, and must
 * get nothing of that tab, command nothing in it, read nothing of the panel's storage, and put
 * no forged frame into that tab's panel.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PORT_CONTENT, PORT_PANEL, PROTOCOL_VERSION, SOURCE } from '../../src/shared/constants';
import { PAGE_BACKLOG_LIMITS } from '../../src/shared/page-backlog';
import { inContentScriptWorld } from './content-world';
import { hookEvents, openEventTap, openInNewWindow, openPanel, until, useEnvironment } from './harness';
import { rowTexts } from './panel-view';

const env = useEnvironment();

interface Target {
  tabId: number;
  documentId: string;
  conn: string;
}

interface AttackReport {
  /** Everything any port or one-shot message brought back. */
  heard: { channel: string; what: string; value?: unknown }[];
  storageRead: { ok: boolean; keys?: string[]; error?: string };
  storageWrite: { ok: boolean; error?: string };
}

/** Runs in the attacker tab's isolated world: no imports, everything it needs is in `args`. */
async function attack(args: { target: Target; portNames: string[]; source: string; v: number }): Promise<AttackReport> {
  const { target } = args;
  const heard: AttackReport['heard'] = [];
  const envelope = (body: Record<string, unknown>): Record<string, unknown> => ({ source: args.source, v: args.v, ...body });
  const origin = { frameId: 0, documentId: target.documentId };
  const command = (id: number, cmd: Record<string, unknown>) =>
    envelope({ kind: 'command', id, tabId: target.tabId, frameId: 0, documentId: target.documentId, command: { conn: target.conn, ...cmd } });
  const forgedFrame = { type: 'frame', conn: target.conn, seq: 1_000_000, time: Date.now(), dir: 'in', via: 'page', opcode: 'text', size: 12, data: 'forged-frame', truncated: false };
  const dropAll = { id: 'forged', url: null, direction: 'both', match: null, field: 'message', path: [], action: 'drop', replacement: '', deleteField: false, delayMs: 0, passThrough: false };
  const messages = [
    envelope({ kind: 'subscribe', tabId: target.tabId }),
    envelope({ kind: 'ping' }),
    command(1, { op: 'send', opcode: 'text', data: 'forged-send' }),
    command(2, { op: 'inject', opcode: 'text', data: 'forged-inject' }),
    command(3, { op: 'close', code: 4001, reason: 'forged-close' }),
    envelope({ kind: 'batch', json: JSON.stringify(envelope({ events: [forgedFrame] })) }),
    envelope({ kind: 'batch', origin, json: JSON.stringify(envelope({ events: [forgedFrame] })) }),
    envelope({ kind: 'attach', replay: true }),
    envelope({ kind: 'budget', maxBytes: 1 }),
    envelope({ kind: 'command', command: { conn: target.conn, op: 'send', opcode: 'text', data: 'forged-send' } }),
    envelope({ kind: 'hello' }),
    // Rules that would drop every message of the victim, and a network drop.
    envelope({ kind: 'rules', tabId: target.tabId, rules: [dropAll], blocked: [{ text: '/' }] }),
    envelope({ kind: 'rules', rules: [dropAll] }),
    command(4, { op: 'sever' }),
    command(5, { op: 'release', hold: 0, drop: true }),
  ];
  const chromeApi = (globalThis as unknown as { chrome: typeof chrome }).chrome;
  for (const name of [...args.portNames, 'frametap:settings', 'frametap:anything']) {
    const port = chromeApi.runtime.connect({ name });
    port.onMessage.addListener((message: unknown) => heard.push({ channel: name, what: 'message', value: message }));
    for (const message of messages) {
      try {
        port.postMessage(message);
      } catch {
        // Closed by the other end already.
      }
    }
  }
  for (const message of messages) {
    try {
      const reply: unknown = await chromeApi.runtime.sendMessage(message);
      if (reply !== undefined) heard.push({ channel: 'sendMessage', what: String(message.kind), value: reply });
    } catch {
      // Nobody answered.
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
  let storageRead: AttackReport['storageRead'];
  try {
    storageRead = { ok: true, keys: Object.keys(await chromeApi.storage.local.get(null)) };
  } catch (error) {
    storageRead = { ok: false, error: String(error) };
  }
  let storageWrite: AttackReport['storageWrite'];
  try {
    await chromeApi.storage.local.set({ 'frametap:panel-settings': { preserveLog: true } });
    storageWrite = { ok: true };
  } catch (error) {
    storageWrite = { ok: false, error: String(error) };
  }
  return { heard, storageRead, storageWrite };
}

describe('trust boundary', () => {
  let victim: Page;
  let target: Target;

  beforeAll(async () => {
    env.server.addPage(
      '/victim.html',
      `<!doctype html><meta charset="utf-8"><script>
        window.got = [];
        window.ticks = new WebSocket('${env.server.wsOrigin}/ws/ticks?interval=100');
        window.echo = new WebSocket('${env.server.wsOrigin}/ws/echo?victim');
        echo.onmessage = (e) => got.push(e.data);
        echo.onopen = () => echo.send('victim-secret');
      </script>`,
    );
    env.server.addPage('/attacker.html', '<!doctype html><meta charset="utf-8"><p>nothing to see</p>');
    victim = env.session.page;
    await victim.goto(`${env.server.origin}/victim.html`);
    await until('the victim’s echo', () => victim.evaluate(() => (window as unknown as { got: string[] }).got.length > 0));
    const tap = await openEventTap(env.session, victim);
    const events = await until('the victim’s connections', async () => {
      const all = await tap.events();
      return all.some(({ event }) => event.type === 'create' && event.url.includes('echo')) ? all : undefined;
    });
    const echoCreate = hookEvents(events).find((e) => e.type === 'create' && e.url.includes('echo'));
    const origin = events.find(({ event }) => event === echoCreate)?.origin;
    if (!echoCreate || !origin) throw new Error('no echo connection');
    target = { tabId: env.session.pageTabId, documentId: origin.documentId, conn: echoCreate.conn };
    await tap.close();
  });

  it('gives a content script of another tab nothing of the inspected tab, and no way to act on it', async () => {
    const panel = await openPanel(env.session, victim);
    await until('the victim’s ticks in its panel', async () => (await rowTexts(panel)).some((t) => t.includes('tick')));
    const attacker = await openInNewWindow(env.session, `${env.server.origin}/attacker.html`);
    const report = await inContentScriptWorld(attacker, env.session.extensionId, attack, {
      target,
      portNames: [PORT_PANEL, PORT_CONTENT],
      source: SOURCE,
      v: PROTOCOL_VERSION,
    });

    // Nothing came back on any port; the only one-shot answer is about the attacker's own tab.
    expect(report.heard.filter((h) => h.channel !== 'sendMessage')).toEqual([]);
    expect(report.heard).toEqual([{ channel: 'sendMessage', what: 'hello', value: { attached: false, backlogBytes: PAGE_BACKLOG_LIMITS.defaultBytes, rules: [] } }]);
    // The panel's settings, history and snippets are out of reach.
    expect(report.storageRead.ok && report.storageRead.keys?.length).toBeFalsy();
    expect(report.storageWrite.ok).toBe(false);

    // Nothing reached the victim's server, page or connections.
    expect(env.server.received.some((m) => String(m.data).startsWith('forged'))).toBe(false);
    expect(env.server.closes.some((c) => c.code === 4001)).toBe(false);
    const state = await victim.evaluate(() => {
      const w = window as unknown as { got: string[]; echo: WebSocket };
      return { got: w.got, echo: w.echo.readyState };
    });
    expect(state).toEqual({ got: ['victim-secret'], echo: 1 });

    // The victim's panel shows its own traffic, and no forged frame.
    await victim.evaluate(() => (window as unknown as { echo: WebSocket }).echo.send('after-the-attack'));
    await until('the victim’s later message in its panel', async () => (await rowTexts(panel)).some((t) => t.includes('after-the-attack')));
    await env.server.waitFor(() => env.server.received.some((m) => m.data === 'after-the-attack'));
    expect((await rowTexts(panel)).some((t) => t.includes('forged'))).toBe(false);
    const settings = await panel.evaluate(() => chrome.storage.local.get('frametap:panel-settings'));
    expect(settings['frametap:panel-settings']).not.toEqual({ preserveLog: true });
    await attacker.close();
    await panel.close();
  });

  it('gives the page no way to make Frametap resend its backlog: forged pageshow events are ignored', async () => {
    env.server.addPage(
      '/forged-pageshow.html',
      `<!doctype html><meta charset="utf-8"><script>
        window.ws = new WebSocket('${env.server.wsOrigin}/ws/flood?count=200&size=16');
      </script>`,
    );
    const page = env.session.page;
    const tap = await openEventTap(env.session, page);
    await page.goto(`${env.server.origin}/forged-pageshow.html`);
    const floodFrames = async (): Promise<number> => {
      const events = hookEvents(await tap.events());
      const conn = events.find((e) => e.type === 'create' && e.url.includes('/ws/flood'))?.conn;
      return events.filter((e) => e.type === 'frame' && e.conn === conn).length;
    };
    await until('the flood at the tap', async () => (await floodFrames()) >= 201);
    await page.evaluate(() => {
      for (let i = 0; i < 20; i++) dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      for (let i = 0; i < 20; i++) dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    });
    await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('after the forged events'));
    await until('the later message at the tap', async () =>
      hookEvents(await tap.events()).some((e) => e.type === 'frame' && e.data === 'after the forged events'),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The flood's events once each. (The tab's previous page streamed while the tap subscribed:
    // its relay's replay may repeat an event it had just sent live, which panels drop by seq.)
    const events = hookEvents(await tap.events());
    const conn = events.find((e) => e.type === 'create' && e.url.includes('/ws/flood'))?.conn;
    const keys = events.filter((e) => e.conn === conn).map((e) => e.seq);
    expect(keys.length).toBe(new Set(keys).size);
    expect(await floodFrames()).toBe(202);
    await tap.close();
  });
});
