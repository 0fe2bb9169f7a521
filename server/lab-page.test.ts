import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

const RUNGS = ['short-poll', 'long-poll', 'sse', 'sse-fetch', 'ws'];

describe('/lab', () => {
  it('serves the lab page: start and stop buttons, and one column per rung with its four stats', async () => {
    const response = await fetch(`${server.origin}/lab`);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    for (const id of ['lab-start', 'lab-stop', 'lab-status']) expect(html).toContain(`id="${id}"`);
    for (const rung of RUNGS) {
      const column = html.slice(html.indexOf(`id="lab-${rung}"`), html.indexOf('</section>', html.indexOf(`id="lab-${rung}"`)));
      for (const stat of ['price', 'requests', 'bytes', 'latency']) expect(column, `${rung} ${stat}`).toContain(`data-stat="${stat}"`);
    }
    expect(html).toContain('<script src="/lab.js" defer></script>');
  });

  it('serves its script, which reaches every price endpoint and renders text only', async () => {
    const script = await (await fetch(`${server.origin}/lab.js`)).text();
    for (const path of ['/poll/price', '/longpoll/price', '/sse/price', '/ws/price']) expect(script).toContain(path);
    // The script's rungs are keyed by the column names the page's ids end with.
    for (const rung of RUNGS) expect(script).toMatch(new RegExp(`^  '?${rung}'?: `, 'm'));
    expect(script).not.toContain('innerHTML');
  });

  it('is linked from the demo page', async () => {
    expect(await (await fetch(`${server.origin}/`)).text()).toContain('href="/lab"');
  });
});
