/**
 * HTTP traffic in the real panel: a stream read through fetch listed and read like any channel,
 * acted on from the composer (an injected event reaches the page's own parser; an abort fails the
 * page's reader as a dropped connection would), a polled URL listed as a polling channel, and the
 * URL patterns of Settings stored where every page's content script reads them.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPanel, until, useEnvironment } from './harness';
import { connections, rowTexts } from './panel-view';

const env = useEnvironment();

/**
 * Reads an endless SSE stream over fetch with the page's own little event-stream parser, the
 * way a chat client does; writes down every event and how the stream ended.
 */
const STREAM_PAGE = `<!doctype html><html><head><meta charset="utf-8"><script>
window.events = [];
window.ended = null;
(async () => {
  const response = await fetch('/stream/endless?interval=300');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) { window.ended = 'done'; return; }
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\\n\\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = { type: 'message', data: [] };
        for (const line of block.split('\\n')) {
          if (line.startsWith('event: ')) event.type = line.slice(7);
          else if (line.startsWith('data: ')) event.data.push(line.slice(6));
        }
        if (event.data.length) window.events.push({ type: event.type, data: event.data.join('\\n') });
      }
    }
  } catch (error) {
    window.ended = error.name + ': ' + error.message;
  }
})();
</script></head><body>stream</body></html>`;

async function selectConnection(panel: Page, name: RegExp): Promise<void> {
  const option = connections(panel).getByRole('option', { name });
  await until(`the connection ${name}`, async () => (await option.count()) === 1);
  await option.click();
}

const pageEvents = (page: Page): Promise<{ type: string; data: string }[]> =>
  page.evaluate(() => (window as unknown as { events: { type: string; data: string }[] }).events);

describe('HTTP traffic in the panel', () => {
  it('lists a fetch SSE stream, injects an event its reader parses, and aborts it as a dropped connection', async () => {
    const page = env.session.page;
    env.server.addPage('/panel-stream.html', STREAM_PAGE);
    await page.goto(`${env.server.origin}/panel-stream.html`);
    await until('two events read', async () => (await pageEvents(page)).length >= 2);
    const panel = await openPanel(env.session, page);
    await selectConnection(panel, /stream\/endless/);
    await until('the stream’s events in the grid', async () => (await rowTexts(panel)).filter((t) => t.includes('"n":')).length >= 2);
    const badge = await connections(panel).getByRole('option', { name: /stream\/endless/ }).innerText();
    expect(badge).toContain('SSE');

    await panel.getByRole('textbox', { name: 'Event type' }).fill('injected');
    await panel.getByRole('textbox', { name: 'Message' }).fill('from Frametap');
    await panel.getByRole('button', { name: 'Inject', exact: true }).click();
    await until('the page’s parser got the injected event', async () =>
      (await pageEvents(page)).some((e) => e.type === 'injected' && e.data === 'from Frametap'),
    );
    await until('the injected event in the grid', async () =>
      (await rowTexts(panel)).some((t) => t.includes('⇣') && t.includes('injected') && t.includes('from Frametap')),
    );
    const before = (await pageEvents(page)).length;
    await until('a server event after the injected one', async () => (await pageEvents(page)).length > before);

    await panel.getByRole('button', { name: 'Close connection' }).click();
    const ended = await until('the page’s reader failed', () => page.evaluate(() => (window as unknown as { ended: string | null }).ended));
    expect(ended).toBe('TypeError: network error');
    await until('the response ended at the server', async () => env.server.openResponses('/stream/endless') === 0);
    await until('the close row', async () => (await rowTexts(panel)).some((t) => t.includes('Connection closed by panel')));
    await panel.close();
  });

  it('lists a polled URL as a polling channel, each request and response a row', async () => {
    const page = env.session.page;
    env.server.addPage(
      '/panel-poll.html',
      `<!doctype html><script>setInterval(() => fetch('/poll/price?case=panel&_=' + Date.now()).then((r) => r.json()), 250);</script>`,
    );
    await page.goto(`${env.server.origin}/panel-poll.html`);
    const panel = await openPanel(env.session, page);
    await selectConnection(panel, /poll\/price/);
    const option = await connections(panel).getByRole('option', { name: /poll\/price/ }).innerText();
    expect(option).toContain('POLL');
    expect(option).toMatch(/every 2\d\d ms/);
    await until('requests and responses in the grid', async () => {
      const rows = await rowTexts(panel);
      return rows.some((t) => t.includes('GET')) && rows.some((t) => t.includes('200') && t.includes('ACME'));
    });
    await panel.close();
  });

  it('stores the URL patterns of Settings in synced storage, one a line', async () => {
    const panel = await openPanel(env.session, env.session.page);
    await panel.getByRole('button', { name: 'Settings' }).click();
    const box = panel.getByRole('textbox', { name: 'Also capture these URLs' });
    await until('the patterns read', () => box.isEnabled());
    await box.fill('*/api/updates*\n\n  feed.example.com/poll  \n*/api/updates*');
    await panel.getByRole('button', { name: 'Apply' }).click();
    const stored = await until('the patterns stored', () =>
      panel.evaluate(async () => (await chrome.storage.sync.get('frametap:capture-patterns'))['frametap:capture-patterns'] as string[] | undefined),
    );
    expect(stored).toEqual(['*/api/updates*', 'feed.example.com/poll']);
    await panel.evaluate(() => chrome.storage.sync.remove('frametap:capture-patterns'));
    await panel.close();
  });
});
