/**
 * `npm run screenshots`: renders the README's pictures from a real run — the demo page's traffic
 * in the Frametap panel of a real DevTools window, and the standalone panel in light and dark
 * with a JSON message (panel-<scheme>.png) and a binary message (panel-binary-<scheme>.png) selected,
 * then at the sizes of a DevTools docked at the bottom and at the side (panel-<dock>-<scheme>.png);
 * an LLM token stream read through fetch, its Stream tab open (panel-llm-<dock>-<scheme>.png); the
 * Rules pane with a dropped message and a paused one (panel-rules-<dock>-<scheme>.png); a dedicated
 * worker's socket with worker traffic on (panel-workers-<dock>-<scheme>.png); and the real-time lab
 * page (lab.png). Needs a built dist/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../server/demo-server';
import { openFrametapInDevTools } from '../test/e2e/devtools-window';
import { launch, openPanel, until } from '../test/e2e/harness';

const OUT = 'docs';

const trafficPage = (wsOrigin: string): string => `<!doctype html><meta charset="utf-8"><title>Frametap demo traffic</title>
<script>
  const ws = new WebSocket('${wsOrigin}/ws/echo', ['chat']);
  ws.onopen = () => {
    ws.send('hello, server');
    ws.send(JSON.stringify({ type: 'order', id: 42, side: 'buy', symbol: 'ACME', qty: 100, price: 123.45, fills: [{ qty: 60, price: 123.4 }, { qty: 40, price: 123.5 }] }));
    ws.send(new Uint8Array([0x01, 0x02, 0x03, 0xfe, 0xff, 0x46, 0x54]));
  };
  new WebSocket('${wsOrigin}/ws/ticks?interval=200&count=5');
  const es = new EventSource('/sse/stream?count=5&interval=100');
  es.addEventListener('price', () => {});
  es.addEventListener('news', () => {});
</script><body>Frametap demo traffic</body>`;

type Docked = readonly (readonly ['bottom' | 'side', { width: number; height: number }])[];
/** The sizes of a DevTools docked at the bottom and at the side, as most pictures are taken. */
const DOCKED: Docked = [
  ['bottom', { width: 1280, height: 260 }],
  ['side', { width: 480, height: 720 }],
];

/**
 * `docs/<name>-<dock>-<scheme>.png` at each size, light and dark; `arrange` runs at each size
 * before its pictures (a row to select once the grid has its height).
 */
async function shootDocked(panel: Page, name: string, sizes: Docked = DOCKED, arrange?: () => Promise<void>): Promise<void> {
  for (const [dock, size] of sizes) {
    await panel.setViewportSize(size);
    if (arrange) {
      await new Promise((r) => setTimeout(r, 300));
      await arrange();
    }
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme: scheme });
      await new Promise((r) => setTimeout(r, 300));
      await writeFile(`${OUT}/${name}-${dock}-${scheme}.png`, await panel.screenshot());
    }
  }
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const server = await startDemoServer({ port: 0 });
  server.addPage('/shots.html', trafficPage(server.wsOrigin));

  const withDevTools = await launch({ devtools: true });
  try {
    await withDevTools.page.goto(`${server.origin}/shots.html`);
    await server.waitFor(() => server.received.length >= 3);
    const devtools = await openFrametapInDevTools(withDevTools);
    await until('rows in the panel', () =>
      devtools.panel.evaluate<boolean>(`document.querySelectorAll('[role="grid"] [role="row"]').length > 5`),
    );
    await new Promise((r) => setTimeout(r, 1500));
    await writeFile(`${OUT}/frametap-devtools.png`, await devtools.screenshot());
    await devtools.close();
  } finally {
    await withDevTools.close();
  }

  const standalone = await launch();
  try {
    await standalone.page.goto(`${server.origin}/shots.html`);
    await server.waitFor(() => server.received.length >= 6);
    const panel = await openPanel(standalone, standalone.page);
    await panel.setViewportSize({ width: 1200, height: 800 });
    await until('rows in the panel', async () => (await panel.getByRole('row').count()) > 5);
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme: scheme });
      // A JSON message, its tree expanded.
      await panel.getByRole('row').filter({ hasText: '"order"' }).first().click();
      await panel.getByRole('button', { name: 'Expand all' }).click();
      await writeFile(`${OUT}/panel-${scheme}.png`, await panel.screenshot());
      // A binary message, as a hex dump.
      await panel.getByRole('row').filter({ hasText: '01 02 03 fe ff' }).first().click();
      await writeFile(`${OUT}/panel-binary-${scheme}.png`, await panel.screenshot());
    }
    // Where DevTools is docked: at the bottom (wide and short) and at the side (narrow and tall).
    await panel.getByRole('row').filter({ hasText: '"order"' }).first().click();
    await shootDocked(panel, 'panel');
  } finally {
    await standalone.close();
  }

  await llmShots(server.origin);
  await rulesShots(server);
  await workersShots(server);
  await labShot(server.origin);
  await server.close();
  console.log(`screenshots written to ${OUT}/`);
}

/** A chat client streaming a reply over fetch, as AI products do: the Stream tab assembles it. */
async function llmShots(origin: string): Promise<void> {
  const session = await launch();
  try {
    await session.page.goto(`${origin}/`);
    await session.page.evaluate(async () => {
      const response = await fetch('/llm/anthropic?tokens=40&interval=25', { method: 'POST', body: JSON.stringify({ prompt: 'What is a token stream?' }) });
      const reader = response.body!.getReader();
      while (!(await reader.read()).done);
    });
    const panel = await openPanel(session, session.page);
    const stop = panel.getByRole('row').filter({ hasText: 'message_stop' });
    await until('the whole stream in the panel', async () => (await stop.count()) === 1);
    const llmSizes: Docked = [
      ['bottom', { width: 1280, height: 300 }],
      ['side', { width: 500, height: 800 }],
    ];
    await shootDocked(panel, 'panel-llm', llmSizes, () => panel.getByRole('row').filter({ hasText: 'content_block_delta' }).nth(20).click());
  } finally {
    await session.close();
  }
}

/** Two rules on a chat socket: one dropped a message, the other holds one at its breakpoint. */
async function rulesShots(server: DemoServer): Promise<void> {
  server.addPage(
    '/rules-shots.html',
    `<!doctype html><meta charset="utf-8"><title>Frametap rules</title><script>
      window.ws = new WebSocket('${server.wsOrigin}/ws/echo');
      ws.onopen = () => { ws.send(JSON.stringify({ type: 'join', room: 'lobby' })); window.ready = true; };
    </script>`,
  );
  const session = await launch();
  try {
    await session.page.goto(`${server.origin}/rules-shots.html`);
    await until('the socket', () => session.page.evaluate(() => (window as unknown as { ready?: boolean }).ready === true));
    const panel = await openPanel(session, session.page);
    await panel.setViewportSize({ width: 1200, height: 320 });
    const option = panel.getByRole('option', { name: /ws\/echo/ });
    await until('the connection', async () => (await option.count()) === 1);
    await option.click();
    await panel.getByRole('button', { name: 'Rules', exact: true }).click();
    const pane = panel.getByRole('region', { name: 'Rules' });
    await until('the origin’s rules', () => pane.getByRole('button', { name: 'Add rule' }).isEnabled());
    const rules: [match: string, action: string][] = [
      ['/"type":"typing"/', 'Drop'],
      ['hello', 'Pause'],
    ];
    for (const [i, [match, action]] of rules.entries()) {
      await pane.getByRole('button', { name: 'Add rule' }).click();
      const rule = pane.getByRole('article', { name: `Rule ${i + 1}` });
      await rule.getByRole('textbox', { name: 'Connection' }).fill('/ws/echo');
      await rule.getByRole('combobox', { name: 'Direction' }).selectOption({ label: 'Sent' });
      await rule.getByRole('textbox', { name: 'Match' }).fill(match);
      await rule.getByRole('combobox', { name: 'Action' }).selectOption({ label: action });
    }
    // The rules reach the page's hook in a moment; a message sent afterwards meets them.
    await new Promise((r) => setTimeout(r, 500));
    await session.page.evaluate(() => {
      const ws = (window as unknown as { ws: WebSocket }).ws;
      ws.send(JSON.stringify({ type: 'typing', user: 'ada' }));
      ws.send(JSON.stringify({ type: 'message', text: 'hello, everyone' }));
    });
    await until('the paused message', () => panel.getByRole('region', { name: 'Paused message' }).isVisible());
    const rulesSizes: Docked = [
      ['bottom', { width: 1200, height: 320 }],
      ['side', { width: 500, height: 800 }],
    ];
    await shootDocked(panel, 'panel-rules', rulesSizes);
  } finally {
    await session.close();
  }
}

/** A named dedicated worker's price feed, hooked once worker traffic is on and the page reloaded. */
async function workersShots(server: DemoServer): Promise<void> {
  server.addPage(
    '/feed-worker.js',
    `const ws = new WebSocket('${server.wsOrigin}/ws/echo?from=worker');
    let n = 0;
    ws.onopen = () => {
      ws.send(JSON.stringify({ action: 'join', channel: 'prices' }));
      setInterval(() => ws.send(JSON.stringify({ symbol: 'ACME', n: ++n, bid: 123.4 + n / 100 })), 300);
    };`,
    { 'Content-Type': 'text/javascript' },
  );
  server.addPage(
    '/workers-shots.html',
    `<!doctype html><meta charset="utf-8"><title>Frametap workers</title><script>
      new Worker('/feed-worker.js', { name: 'feed' });
      const ws = new WebSocket('${server.wsOrigin}/ws/echo?from=page');
      ws.onopen = () => ws.send('page hello');
    </script>`,
  );
  const session = await launch({ grantOptionalPermissions: true });
  try {
    await session.page.goto(`${server.origin}/workers-shots.html`);
    const panel = await openPanel(session, session.page);
    await panel.getByRole('option', { name: /from=page/ }).waitFor();
    await panel.getByRole('button', { name: 'Show worker traffic' }).click();
    await panel.getByRole('button', { name: 'Stop' }).waitFor();
    await session.page.reload();
    const worker = panel.getByRole('option', { name: /from=worker/ });
    await worker.waitFor();
    await worker.click();
    await until('a few ticks', async () => (await panel.getByRole('row').count()) > 8);
    await panel.getByRole('row').filter({ hasText: 'join' }).first().click();
    await shootDocked(panel, 'panel-workers');
  } finally {
    await session.close();
  }
}

/** The lab after a few seconds of the same feed on every rung. */
async function labShot(origin: string): Promise<void> {
  const session = await launch({ extension: false });
  try {
    await session.page.setViewportSize({ width: 1280, height: 720 });
    await session.page.goto(`${origin}/lab`);
    await session.page.click('#lab-start');
    await new Promise((r) => setTimeout(r, 6000));
    await writeFile(`${OUT}/lab.png`, await session.page.screenshot());
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
