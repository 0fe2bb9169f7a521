/**
 * Every kind of frame a page can make, and a popup: each one's socket is captured, attributed to
 * the frame and document it was opened in, and no two connection ids collide.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreateEvent } from '../../src/shared/protocol';
import { openEventTap, openInNewWindow, openPanel, panelUrl, tabIdOf, until, useEnvironment, type AttributedEvent } from './harness';
import { connections } from './panel-view';

const env = useEnvironment();

/** A document's script: one echo socket named after the frame, and a greeting once it is open. */
function chatScript(name: string): string {
  return `const ws = new WebSocket('${env.server.wsOrigin}/ws/echo?frame=${name}');
    ws.onopen = () => ws.send('hello from ${name}');`;
}

const escapeAttribute = (html: string): string => html.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/**
 * The top document (on 127.0.0.1) and its frames: same-origin, cross-origin (`localhost` is
 * another origin on the same server), srcdoc, about:blank driven by its parent, sandboxed, one
 * added after load; and a popup it opens on demand.
 */
function framesPage(): string {
  const crossOrigin = `http://localhost:${env.server.port}`;
  return `<!doctype html><meta charset="utf-8"><script>${chatScript('top')}</script>
    <iframe src="/child.html?name=same"></iframe>
    <iframe src="${crossOrigin}/child.html?name=cross"></iframe>
    <iframe srcdoc="${escapeAttribute(`<script>${chatScript('srcdoc')}</script>`)}"></iframe>
    <iframe sandbox="allow-scripts" src="/child.html?name=sandboxed"></iframe>
    <script>
      // An about:blank frame has no script of its own: its parent uses the frame's WebSocket.
      const blank = document.createElement('iframe');
      document.body.append(blank);
      const blankSocket = new blank.contentWindow.WebSocket('${env.server.wsOrigin}/ws/echo?frame=blank');
      blankSocket.onopen = () => blankSocket.send('hello from blank');
      addEventListener('load', () => setTimeout(() => {
        const late = document.createElement('iframe');
        late.src = '/child.html?name=late';
        document.body.append(late);
      }, 50));
      window.openPopup = () => { window.popup = window.open('/child.html?name=popup'); };
    </script>`;
}

const childPage = `<!doctype html><meta charset="utf-8"><script>
  const name = new URLSearchParams(location.search).get('name');
  const ws = new WebSocket('${'WS_ORIGIN'}/ws/echo?frame=' + name);
  ws.onopen = () => ws.send('hello from ' + name);
</script>`;

const FRAME_NAMES = ['top', 'same', 'cross', 'srcdoc', 'sandboxed', 'blank', 'late'];

const createsOf = (events: AttributedEvent[]): { origin: AttributedEvent['origin']; event: CreateEvent }[] =>
  events.flatMap(({ origin, event }) => (event.type === 'create' ? [{ origin, event }] : []));
const frameNameOf = (create: CreateEvent): string | null => new URL(create.url).searchParams.get('frame');

/** Waits until the echo of each named frame's greeting came through the tap (on a connection not in `earlier`). */
async function untilGreetingsEchoed(
  events: () => Promise<AttributedEvent[]>,
  names: string[],
  earlier: ReadonlySet<string> = new Set(),
): Promise<AttributedEvent[]> {
  return until(`echoes from ${names.join(', ')}`, async () => {
    const all = await events();
    const echoed = new Set(
      all.flatMap(({ event }) => (event.type === 'frame' && event.dir === 'in' && !earlier.has(event.conn) ? [event.data] : [])),
    );
    return names.every((name) => echoed.has(`hello from ${name}`)) ? all : undefined;
  });
}

describe('frames', () => {
  let page: Page;
  let events: AttributedEvent[];

  beforeAll(async () => {
    env.server.addPage('/child.html', childPage.replace('WS_ORIGIN', env.server.wsOrigin));
    env.server.addPage('/frames.html', framesPage());
    page = env.session.page;
    const tap = await openEventTap(env.session, page);
    await page.goto(`${env.server.origin}/frames.html`);
    events = await untilGreetingsEchoed(tap.events, FRAME_NAMES);
    await tap.close();
  });

  it('captures one connection in every frame', () => {
    const names = createsOf(events).map(({ event }) => frameNameOf(event));
    expect(names.sort()).toEqual([...FRAME_NAMES].sort());
  });

  it('attributes each connection to its frame and document', () => {
    const byName = new Map(createsOf(events).map((c) => [frameNameOf(c.event), c]));
    const crossOrigin = `http://localhost:${env.server.port}`;
    expect(byName.get('top')?.origin.frameId).toBe(0);
    expect(byName.get('top')?.event.frameUrl).toBe(`${env.server.origin}/frames.html`);
    expect(byName.get('same')?.event.frameUrl).toBe(`${env.server.origin}/child.html?name=same`);
    expect(byName.get('cross')?.event.frameUrl).toBe(`${crossOrigin}/child.html?name=cross`);
    expect(byName.get('srcdoc')?.event.frameUrl).toBe('about:srcdoc');
    expect(byName.get('blank')?.event.frameUrl).toBe('about:blank');
    expect(byName.get('sandboxed')?.event.frameUrl).toBe(`${env.server.origin}/child.html?name=sandboxed`);
    expect(byName.get('late')?.event.frameUrl).toBe(`${env.server.origin}/child.html?name=late`);

    // Seven frames, seven frame ids, seven documents.
    const origins = [...byName.values()].map((c) => c.origin);
    expect(new Set(origins.map((o) => o.frameId)).size).toBe(FRAME_NAMES.length);
    expect(new Set(origins.map((o) => o.documentId)).size).toBe(FRAME_NAMES.length);
    expect(origins.every((o) => o.documentId.length > 0)).toBe(true);
    // Every event of a connection comes from the frame that opened it.
    for (const { origin, event } of events) {
      const create = createsOf(events).find((c) => c.event.conn === event.conn);
      expect(origin).toEqual(create?.origin);
    }
  });

  it('gives every connection an id of its own, across frames and documents', async () => {
    const ids = createsOf(events).map(({ event }) => event.conn);
    expect(new Set(ids).size).toBe(ids.length);

    // The same frames again in a new document: new ids, none reused.
    const tap = await openEventTap(env.session, page);
    await page.reload();
    const again = await untilGreetingsEchoed(tap.events, FRAME_NAMES, new Set(ids));
    await tap.close();
    const newIds = createsOf(again)
      .map(({ event }) => event.conn)
      .filter((id) => !ids.includes(id));
    expect(newIds).toHaveLength(FRAME_NAMES.length);
  });

  it('lists every frame’s connection in the panel', async () => {
    const panel = await openPanel(env.session, page);
    for (const name of FRAME_NAMES) {
      await until(`the ${name} connection listed`, async () => (await connections(panel).getByRole('option', { name: new RegExp(`frame=${name}\\b`) }).count()) === 1);
    }
    await panel.close();
  });

  it('shows a popup’s connection in the popup tab’s panel, not the opener’s', async () => {
    const popupOpened = env.session.context.waitForEvent('page', { predicate: (p) => p.url().includes('name=popup') });
    await page.evaluate(() => (window as unknown as { openPopup(): void }).openPopup());
    const popup = await popupOpened;
    await popup.waitForLoadState('domcontentloaded');
    const popupTabId = await tabIdOf(env.session, popup);
    expect(popupTabId).not.toBe(env.session.pageTabId);

    // Both taps replay each tab's backlog: the popup's tab has its connection, the opener's has not.
    const popupTap = await openEventTap(env.session, popup);
    const openerTap = await openEventTap(env.session, page);
    const popupEvents = await untilGreetingsEchoed(popupTap.events, ['popup']);
    expect(createsOf(popupEvents).map(({ event }) => frameNameOf(event))).toEqual(['popup']);
    expect(createsOf(popupEvents)[0]?.origin.frameId).toBe(0);
    // The opener's own connections are still there, and the popup's is not among them.
    const openerEvents = await untilGreetingsEchoed(openerTap.events, FRAME_NAMES);
    expect(createsOf(openerEvents).map(({ event }) => frameNameOf(event))).not.toContain('popup');

    const panel = await openInNewWindow(env.session, panelUrl(env.session, popupTabId));
    await until('the popup connection in its panel', async () =>
      (await connections(panel).getByRole('option').allInnerTexts()).some((t) => t.includes('frame=popup')),
    );
    expect(await connections(panel).getByRole('option', { name: /ws\/echo/ }).count()).toBe(1);
    await Promise.all([panel.close(), popupTap.close(), openerTap.close(), popup.close()]);
  });
});
