/**
 * Worker traffic in the panel: the sidebar's switch asks for the debugger permission and turns
 * capture on; a dedicated worker's socket is listed with its worker, its frames in the grid,
 * `is:worker` finds them; a worker started under the debugger takes the composer's messages, one
 * that was running before is only watched and the composer says so.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPanel, until, useEnvironment } from './harness';
import { connectionTotals, connections, details, grid, rowTexts } from './panel-view';

const env = useEnvironment({ grantOptionalPermissions: true });

/** A named dedicated worker that says hello on the echo socket, then ticks; the page has a socket of its own. */
function addWorkerPage(): string {
  env.server.addPage(
    '/feed-worker.js',
    `const ws = new WebSocket('${env.server.wsOrigin}/ws/echo?from=worker');
     let ticks = 0;
     ws.onopen = () => {
       ws.send('hello worker');
       setInterval(() => ws.send('tick worker ' + ++ticks), 200);
     };`,
    { 'Content-Type': 'text/javascript' },
  );
  env.server.addPage(
    '/worker-panel.html',
    `<!doctype html><meta charset="utf-8"><script>
      new Worker('/feed-worker.js', { name: 'feed' });
      const ws = new WebSocket('${env.server.wsOrigin}/ws/echo?from=page');
      ws.onopen = () => ws.send('page hello');
    </script><body>worker page</body>`,
  );
  return `${env.server.origin}/worker-panel.html`;
}

const workerOption = (panel: Page) => connections(panel).getByRole('option', { name: /from=worker/ });
const workerSwitch = (panel: Page) => panel.getByRole('group', { name: 'Worker traffic' });

describe('worker traffic in the panel', () => {
  it('turns on from the sidebar, lists the worker’s socket with its badge and frames, filters by it, and acts on it once hooked', async () => {
    const page = env.session.page;
    const url = addWorkerPage();
    await page.goto(url);
    const panel = await openPanel(env.session, page);
    await connections(panel).getByRole('option', { name: /from=page/ }).waitFor();

    await workerSwitch(panel).getByRole('button', { name: 'Show worker traffic' }).click();
    await workerSwitch(panel).getByRole('button', { name: 'Stop' }).waitFor();
    expect(await workerSwitch(panel).innerText()).toContain('Chrome’s debugger');

    // The worker was running before: its socket joins late, watched only. A reload starts it under the debugger.
    const late = connections(panel).getByRole('option').filter({ hasText: 'joined late' });
    await late.waitFor();
    await late.click();
    expect(await panel.getByRole('region', { name: 'Composer' }).innerText()).toContain('Read-only: this worker was running before Frametap attached');
    await page.reload();
    const option = workerOption(panel);
    await option.waitFor();
    const text = await option.innerText();
    expect(text).toContain('Dedicated worker');
    expect(text).toContain('feed-worker.js');
    expect(text).not.toContain('joined late');
    const title = await option.getAttribute('title');
    expect(title).toContain(`Dedicated worker: ${env.server.origin}/feed-worker.js`);
    expect(title).toContain('Name: feed');
    expect(title).toContain(`Started by: ${url}`);
    // The page's own socket is no worker's.
    expect(await connections(panel).getByRole('option', { name: /from=page/ }).innerText()).not.toContain('worker');

    await option.click();
    await until('the worker’s hello and its echo, then its ticks', async () => {
      const texts = await rowTexts(panel);
      return texts.filter((t) => t.includes('hello worker')).length === 2 && texts.some((t) => t.includes('tick worker'));
    });
    // Hooked inside the worker: the composer's message leaves from the worker's socket, and comes back.
    const composer = panel.getByRole('region', { name: 'Composer' });
    await composer.getByRole('textbox', { name: 'Message' }).fill('from the panel');
    await composer.getByRole('button', { name: 'Send', exact: true }).click();
    await until('the panel’s message and its echo', async () => (await rowTexts(panel)).filter((t) => t.includes('from the panel')).length === 2);
    await grid(panel).getByRole('row').filter({ hasText: 'hello worker' }).first().click();
    expect(await details(panel).innerText()).toContain('Dedicated worker');

    // All connections, through is:worker and -is:worker: the worker's messages, then the page's.
    await connections(panel).getByRole('option', { name: 'All connections' }).click();
    const filter = panel.getByRole('searchbox', { name: 'Filter' });
    await filter.fill('is:worker');
    await until('the worker’s rows only', async () => {
      const texts = await rowTexts(panel);
      return texts.some((t) => t.includes('tick worker')) && !texts.some((t) => t.includes('page hello'));
    });
    await filter.fill('-is:worker');
    await until('the page’s rows only', async () => {
      const texts = await rowTexts(panel);
      return texts.filter((t) => t.includes('page hello')).length === 2 && !texts.some((t) => t.includes('worker'));
    });
    await filter.fill('worker:feed');
    await until('the worker found by its name', async () => (await rowTexts(panel)).some((t) => t.includes('tick worker')));

    await workerSwitch(panel).getByRole('button', { name: 'Stop' }).click();
    await workerSwitch(panel).getByRole('button', { name: 'Show worker traffic' }).waitFor();
    await panel.close();
  });

  it('keeps a page’s quiet socket whole while a worker floods, and the worker’s totals true', async () => {
    const page = env.session.page;
    env.server.addPage('/flood-worker.js', `new WebSocket('${env.server.wsOrigin}/ws/flood?count=5000&size=64');`, { 'Content-Type': 'text/javascript' });
    env.server.addPage(
      '/worker-flood.html',
      `<!doctype html><meta charset="utf-8"><script>
        const quiet = new WebSocket('${env.server.wsOrigin}/ws/echo?quiet');
        quiet.onopen = () => { for (let i = 1; i <= 5; i++) quiet.send('quiet ' + i); };
        new Worker('/flood-worker.js');
      </script>`,
    );
    await page.goto(`${env.server.origin}/worker-panel.html`);
    const panel = await openPanel(env.session, page);
    await panel.getByRole('button', { name: 'Settings' }).click();
    await panel.getByRole('spinbutton', { name: 'Message budget' }).fill('100');
    await panel.getByRole('button', { name: 'Apply' }).click();
    await workerSwitch(panel).getByRole('button', { name: 'Show worker traffic' }).click();
    await workerSwitch(panel).getByRole('button', { name: 'Stop' }).waitFor();

    await page.goto(`${env.server.origin}/worker-flood.html`);
    const loud = /ws\/flood/;
    await until('the worker’s flood, all of it counted', async () => (await connectionTotals(panel, loud))[1]?.startsWith('Received: 5,001 messages'));
    const quiet = connections(panel).getByRole('option', { name: /ws\/echo\?quiet/ });
    await quiet.click();
    await until('the quiet socket whole', async () => (await rowTexts(panel)).filter((t) => /quiet \d/.test(t)).length === 10);
    expect(await quiet.locator('.connection-kept').count()).toBe(0);
    const kept = await connections(panel).getByRole('option', { name: loud }).locator('.connection-kept').innerText();
    expect(kept).toMatch(/^\d+ of 5,001 kept$/);
    expect(Number(kept.split(' ')[0])).toBeLessThan(100);
    await workerSwitch(panel).getByRole('button', { name: 'Stop' }).click();
    await panel.evaluate(() => chrome.storage.local.remove('frametap:panel-settings'));
    await panel.close();
  });
});
