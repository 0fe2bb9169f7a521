/**
 * The real thing: Frametap as a panel inside the DevTools window of the inspected tab, showing
 * traffic of connections opened before DevTools was opened and traffic that arrives afterwards.
 */
import { afterAll, expect, it } from 'vitest';
import { openFrametapInDevTools, type DevToolsWindow } from './devtools-window';
import { until, useEnvironment } from './harness';

const env = useEnvironment({ devtools: true });
let devtools: DevToolsWindow | undefined;

afterAll(async () => {
  await devtools?.close();
});

const gridText = `document.querySelector('[role="grid"][aria-label="Messages"]')?.innerText ?? ''`;

it('shows WebSocket and SSE messages in the Frametap panel of a real DevTools window', async () => {
  env.server.addPage(
    '/devtools.html',
    `<!doctype html><meta charset="utf-8"><script>
      window.ws = new WebSocket('${env.server.wsOrigin}/ws/echo');
      window.ws.onopen = () => window.ws.send('before the panel was selected');
      const es = new EventSource('/sse/stream?count=3&interval=20');
      es.addEventListener('price', () => {});
    </script>`,
  );
  const page = env.session.page;
  await page.bringToFront();
  await page.goto(`${env.server.origin}/devtools.html`);
  await env.server.waitFor(() => env.server.received.some((m) => m.data === 'before the panel was selected'));

  devtools = await openFrametapInDevTools(env.session);
  const panel = devtools.panel;
  await until('the backlog in the DevTools panel', async () =>
    (await panel.evaluate<string>(gridText)).includes('before the panel was selected'),
  );
  // A narrow DevTools window shows the connections in a drawer: open it, as a user would.
  await panel.evaluate<void>(`document.querySelector('button[aria-label^="Connections:"][aria-expanded="false"]')?.click()`);
  const options = await until('the connection list', async () =>
    panel.evaluate<string>(
      `[...document.querySelectorAll('[role="listbox"][aria-label="Connections"] [role="option"]')].map((o) => o.textContent).join('\\n')`,
    ),
  );
  expect(options).toMatch(/ws\/echo/);
  expect(options).toMatch(/sse\/stream/);

  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('after the panel was selected'));
  await until('a live message in the DevTools panel', async () =>
    (await panel.evaluate<string>(gridText)).includes('after the panel was selected'),
  );
  // Detach: the same panel, for the same tab, in a window of its own.
  const detached = env.session.context.waitForEvent('page', {
    predicate: (p) => p.url().endsWith(`/src/panel/index.html?tabId=${env.session.pageTabId}`),
    timeout: 15_000,
  });
  await panel.evaluate<void>(`document.querySelector('button[aria-label="More tools"][aria-expanded="false"]')?.click()`);
  await until('the Detach button', () => panel.evaluate<boolean>(`[...document.querySelectorAll('button')].some((b) => b.textContent === 'Detach')`));
  await panel.evaluate<void>(`[...document.querySelectorAll('button')].find((b) => b.textContent === 'Detach').click()`);
  const detachedPanel = await detached;
  await until('the detached panel’s rows', async () => (await detachedPanel.getByRole('row').allInnerTexts()).some((t) => t.includes('after the panel was selected')));
  await detachedPanel.close();

  const screenshot = await devtools.screenshot();
  expect(screenshot.byteLength).toBeGreaterThan(1000);
});
