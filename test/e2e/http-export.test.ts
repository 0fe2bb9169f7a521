/**
 * Export and import of HTTP connections in a real browser: an event stream read through fetch()
 * with a POST body, an NDJSON stream read through XHR and a URL polled on an interval, captured
 * from a page, exported from the panel as HAR and NDJSON, and imported back into the panel with
 * the same rows.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPanel, until, useEnvironment } from './harness';
import { connections, rowTexts } from './panel-view';

const env = useEnvironment();
let panel: Page;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><script>
window.done = { sse: false, ndjson: false };
fetch('/stream/sse?count=3&interval=20', { method: 'POST', body: '{"prompt":"héllo"}' })
  .then((r) => r.text()).then(() => { window.done.sse = true; });
const xhr = new XMLHttpRequest();
xhr.open('GET', '/stream/ndjson?count=3&interval=20');
xhr.onloadend = () => { window.done.ndjson = true; };
xhr.send();
window.pending = 0;
window.timer = setInterval(() => {
  window.pending++;
  fetch('/poll/price?case=export&_=' + Date.now()).then((r) => r.json()).finally(() => { window.pending--; });
}, 300);
</script></head><body>http export</body></html>`;

const CONNECTIONS = [/stream\/sse/, /stream\/ndjson/, /poll\/price/];

/** The rows of the connection listed `nth` (0: the captured one, 1: its import) under `name`. */
async function rowsOf(name: RegExp, nth: number): Promise<string[]> {
  await connections(panel).getByRole('option', { name }).nth(nth).click();
  return until(`the rows of ${name} #${nth}`, async () => {
    const rows = await rowTexts(panel);
    return rows.length > 0 ? rows : undefined;
  });
}

async function exported(menuItem: string): Promise<string> {
  await panel.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('menuitem', { name: menuItem }).click()]);
  return readFile(await download.path(), 'utf8');
}

beforeAll(async () => {
  const page = env.session.page;
  env.server.addPage('/http-export.html', PAGE);
  await page.goto(`${env.server.origin}/http-export.html`);
  panel = await openPanel(env.session, page);
  await until('both streams read', () => page.evaluate(() => Object.values((window as unknown as { done: Record<string, boolean> }).done).every(Boolean)));
  for (const name of CONNECTIONS) await until(`${name} listed`, async () => (await connections(panel).getByRole('option', { name }).count()) === 1);
  // Polling stops, and its last response comes, before anything is exported: the rows stay put.
  await page.evaluate(() => clearInterval((window as unknown as { timer: number }).timer));
  await until('the last poll answered', () => page.evaluate(() => (window as unknown as { pending: number }).pending === 0));
  // Its events reach the panel a moment later: the rows are final once two reads apart agree.
  let previous = '';
  await until('the poll’s rows settled', async () => {
    const rows = (await rowsOf(CONNECTIONS[2]!, 0)).join('\n');
    const settled = rows === previous;
    previous = rows;
    if (!settled) await new Promise((resolve) => setTimeout(resolve, 300));
    return settled;
  });
});

describe('HTTP connections exported and imported back', () => {
  it('exports streams and polls as HAR entries a HAR reader understands', async () => {
    const har = JSON.parse(await exported('HAR: whole tab')) as { log: { entries: Record<string, unknown>[] } };
    const entry = (url: string) => har.log.entries.find((e) => (e.request as { url: string }).url.includes(url));
    expect(entry('/stream/sse')).toMatchObject({
      _resourceType: 'fetch',
      request: { method: 'POST', postData: { text: '{"prompt":"héllo"}' }, bodySize: 19 },
      response: { status: 200, content: { mimeType: 'text/event-stream' } },
      _frametap: { kind: 'stream', api: 'fetch', framing: 'sse' },
    });
    expect(entry('/stream/sse')?._streamMessages).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'receive', event: 'request', id: '0', data: '{"prompt":"héllo"}' })]));
    expect(entry('/stream/ndjson')).toMatchObject({ _resourceType: 'xhr', request: { method: 'GET' }, _frametap: { kind: 'stream', api: 'xhr', framing: 'ndjson' } });
    const poll = entry('/poll/price') as { _pollMessages: { type: string; method?: string; status?: number }[] };
    expect(poll).toMatchObject({ _resourceType: 'fetch', _frametap: { kind: 'poll', api: 'fetch' } });
    expect(poll._pollMessages.filter((m) => m.type === 'send').every((m) => m.method === 'GET')).toBe(true);
    expect(poll._pollMessages.filter((m) => m.type === 'receive').every((m) => m.status === 200)).toBe(true);
  });

  // The HAR round lists a copy after each original. The NDJSON round exports the whole tab, those
  // copies too, and imports a copy of each after them: its copy of the original is the 3rd of 4.
  const rounds = [
    { format: 'HAR', listed: 2, copy: 1 },
    { format: 'NDJSON', listed: 4, copy: 2 },
  ] as const;
  for (const { format, listed, copy } of rounds) {
    it(`imports the tab’s ${format} back with the same rows, methods and statuses`, async () => {
      const originals: string[][] = [];
      for (const name of CONNECTIONS) originals.push(await rowsOf(name, 0));
      // The stream's request body is a row with its method; a poll's rows say a request's method
      // and a response's status.
      expect(originals[0]?.some((row) => row.includes('POST') && row.includes('héllo'))).toBe(true);
      expect(originals[2]?.some((row) => row.includes('GET'))).toBe(true);
      expect(originals[2]?.some((row) => row.includes('200'))).toBe(true);
      const text = await exported(`${format}: whole tab`);
      const name = `tab.${format.toLowerCase()}`;
      await panel.getByLabel('Import file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
      await until('the import reported', async () => (await panel.getByRole('status').allInnerTexts()).some((t) => t.includes(`from ${name}`)));
      for (const [i, connection] of CONNECTIONS.entries()) {
        await until(`${connection} imported`, async () => (await connections(panel).getByRole('option', { name: connection }).count()) === listed);
        await expect(rowsOf(connection, copy)).resolves.toEqual(originals[i]);
        await until('the import named', async () => (await panel.getByRole('toolbar').innerText()).includes(`imported: ${name}`));
      }
    });
  }
});
