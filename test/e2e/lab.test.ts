/**
 * The demo's real-time lab in the real panel: the same price feed by short polling, long polling,
 * SSE (EventSource and fetch) and WebSocket, each rung a channel of its own in the sidebar, the
 * polled ones found by their rhythm alone.
 */
import { describe, expect, it } from 'vitest';
import { openPanel, until, useEnvironment } from './harness';
import { connections } from './panel-view';

const env = useEnvironment();

describe('the real-time lab', () => {
  it('shows every rung of the ladder as a channel of its own', async () => {
    const page = env.session.page;
    await page.goto(`${env.server.origin}/lab`);
    await page.click('#lab-start');
    const panel = await openPanel(env.session, page);
    const entries = connections(panel).getByRole('option');
    const rungs = [/POLL\s+\/poll\/price/, /POLL\s+\/longpoll\/price/, /SSE\s+\/sse\/price/, /WS\s+\/ws\/price/];
    // The polled URLs show from their third request on, a few seconds in.
    const texts = await until(
      'every rung in the sidebar',
      async () => {
        const all = await entries.allInnerTexts();
        return rungs.every((rung) => all.some((text) => rung.test(text))) ? all : undefined;
      },
      20_000,
    );
    // Two event streams of /sse/price: the EventSource's and the one read through fetch.
    expect(texts.filter((text) => /SSE\s+\/sse\/price/.test(text))).toHaveLength(2);
    await page.click('#lab-stop');
    await panel.close();
  });
});
