/**
 * Frametap's boundaries: what it cannot see (sockets inside workers, where no content script
 * runs), and what it never does (reach the network, ask for more than it needs).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import { controlServiceWorker } from '../fixtures/extension-lifecycle';
import { DIST, currentServiceWorker, openEventTap, openPanel, until, useEnvironment, hookEvents } from './harness';
import { grid } from './panel-view';

const env = useEnvironment();
/** Every request the browser made, from pages, extension pages and service workers alike. */
const requests: Request[] = [];

beforeAll(async () => {
  env.session.context.on('request', (request) => requests.push(request));
});

describe('workers', () => {
  it('does not see a dedicated worker’s socket until asked to, and the worker’s socket works as without Frametap', async () => {
    const workerCode = `
      const ws = new WebSocket('${env.server.wsOrigin}/ws/echo?from=worker');
      ws.onopen = () => ws.send('from the worker');
      ws.onmessage = (e) => postMessage('worker got: ' + e.data);`;
    env.server.addPage(
      '/worker.html',
      `<!doctype html><meta charset="utf-8"><script>
        window.got = [];
        const worker = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(workerCode)}], { type: 'text/javascript' })));
        worker.onmessage = (e) => window.got.push(e.data);
        const ws = new WebSocket('${env.server.wsOrigin}/ws/echo?from=page');
        ws.onopen = () => ws.send('from the page');
        ws.onmessage = (e) => window.got.push('page got: ' + e.data);
      </script>`,
    );
    const page = env.session.page;
    const tap = await openEventTap(env.session, page);
    await page.goto(`${env.server.origin}/worker.html`);
    await until('both echoes', () => page.evaluate(() => (window as unknown as { got: string[] }).got.length === 2));
    expect((await page.evaluate(() => (window as unknown as { got: string[] }).got)).sort()).toEqual([
      'page got: from the page',
      'worker got: from the worker',
    ]);

    const events = await until('the page’s echo captured', async () => {
      const all = hookEvents(await tap.events());
      return all.some((e) => e.type === 'frame' && e.dir === 'in') ? all : undefined;
    });
    const urls = events.flatMap((e) => (e.type === 'create' ? [e.url] : []));
    expect(urls).toEqual([`${env.server.wsOrigin}/ws/echo?from=page`]);
    expect(JSON.stringify(events)).not.toContain('from the worker');
    await tap.close();
    // The panel offers to show them (through Chrome's debugger: test/e2e/workers.test.ts).
    const panel = await openPanel(env.session, page);
    await panel.getByRole('group', { name: 'Worker traffic' }).getByRole('button', { name: 'Show worker traffic' }).waitFor();
    await panel.close();
  });
});

describe('no data leaves the machine', () => {
  it('makes no network request of its own, through a whole session', async () => {
    env.server.addPage(
      '/busy.html',
      `<!doctype html><meta charset="utf-8"><script>
        const ws = new WebSocket('${env.server.wsOrigin}/ws/echo');
        ws.onopen = () => { ws.send('text'); ws.send(new Uint8Array([1, 2, 3])); ws.send(new Blob(['blob'])); };
        new EventSource('/sse/stream?count=3&interval=20');
      </script>`,
    );
    const page = env.session.page;
    await page.goto(`${env.server.origin}/busy.html`);
    const panel = await openPanel(env.session, page);
    await until('the traffic in the panel', async () => Number(await grid(panel).getAttribute('aria-rowcount')) >= 8);
    // A restarted service worker too: whatever it does when it starts.
    const worker = await controlServiceWorker(env.session);
    await worker.stop();
    await until('the worker restarted', async () => worker.restarts() === 1);
    await worker.close();
    await page.evaluate(() => location.reload());
    await until('the traffic again', async () => Number(await grid(panel).getAttribute('aria-rowcount')) >= 8);
    // Controls: a request the test makes from the panel and one from the service worker, to show
    // that requests from both are seen and told apart from the page's.
    const controls = [`${env.server.origin}/favicon.ico?control=panel`, `${env.server.origin}/favicon.ico?control=worker`];
    await panel.evaluate((url) => fetch(url).then(() => undefined), controls[0]!);
    await (await currentServiceWorker(env.session)).evaluate((url) => fetch(url).then(() => undefined), controls[1]!);
    await panel.close();

    const extensionOrigin = `chrome-extension://${env.session.extensionId}/`;
    const madeByExtension = requests.filter((request) => {
      const worker = request.serviceWorker();
      if (worker) return worker.url().startsWith(extensionOrigin);
      const frameUrl = request.frame().url();
      return frameUrl.startsWith(extensionOrigin);
    });
    // Its own pages load their own files, and nothing else.
    expect(madeByExtension.map((r) => r.url()).filter((url) => !url.startsWith(extensionOrigin))).toEqual(controls);
    // The page's requests are the page's own: the demo server, nothing added.
    const fromPages = requests.filter((r) => !madeByExtension.includes(r)).map((r) => new URL(r.url()).origin);
    expect(fromPages).toContain(env.server.origin);
    expect([...new Set(fromPages)].filter((origin) => origin !== env.server.origin && origin !== 'null')).toEqual([]);
  });

  it('asks for no permission beyond storage, for blocking and the debugger only when the user needs them; loads no remote code, and keeps a strict CSP', async () => {
    const manifest = JSON.parse(await readFile(join(DIST, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.permissions).toEqual(['storage']);
    // declarativeNetRequest: asked for when the user first picks Block connection (while held, Chrome
    // proxies every request and WebSocket). debugger: asked for by Show worker traffic.
    expect(manifest.optional_permissions).toEqual(['declarativeNetRequest', 'debugger']);
    for (const key of ['host_permissions', 'optional_host_permissions', 'externally_connectable', 'web_accessible_resources']) {
      expect(manifest[key], key).toBeUndefined();
    }
    expect(manifest.content_security_policy).toEqual({ extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'" });
    // Every script of every extension page is one of its own files.
    for (const html of ['src/panel/index.html', 'src/devtools/index.html']) {
      const source = await readFile(join(DIST, html), 'utf8');
      const scripts = [...source.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length, html).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, html).toMatch(/src="\/(assets|src)\/[^"]+\.js"/);
    }
  });
});
