/**
 * Reading hostile traffic in the panel in Firefox: payloads that are HTML, a 16 MiB frame, a burst
 * of 10,000 messages, a filter, pretty JSON; then the tab exported (as Firefox downloads it) and
 * imported again.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { until } from '../e2e/harness';
import { byRole, clickText, openPanel, rowTexts, textsOf, typeInto, useFirefox } from './harness';

let downloads: string;
beforeAll(async () => {
  downloads = await mkdtemp(join(tmpdir(), 'frametap-downloads-'));
});
afterAll(async () => {
  await rm(downloads, { recursive: true, force: true });
});

// Firefox saves downloads without asking, into a folder the test reads.
const env = useFirefox({
  prefs: {
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    get 'browser.download.dir'() {
      return downloads;
    },
  },
});

const CONNECTIONS = '[role="listbox"][aria-label="Connections"] [role="option"]';
const GRID = '[role="grid"][aria-label="Messages"]';
const DETAILS = '[role="region"][aria-label="Message details"]';
const HTML_PAYLOAD = '<img src=x onerror="window.pwned=1"><b>bold</b>';
const MIB = 1024 * 1024;

/** An echo socket that sends what the test asks, and a flood socket of `count` messages of `size`. */
function hostilePage(wsOrigin: string, count: number, size: number): string {
  return `<!doctype html><meta charset="utf-8"><script>
window.state = { flood: 0, end: false, echoes: 0 };
window.echo = new WebSocket('${wsOrigin}/ws/echo');
echo.onmessage = () => state.echoes++;
echo.onopen = () => {
  echo.send(${JSON.stringify(HTML_PAYLOAD)});
  echo.send(JSON.stringify({ user: { name: 'ada', tags: ['x', 'y'] }, deep: ${'['.repeat(500)}${']'.repeat(500)} }));
};
const flood = new WebSocket('${wsOrigin}/ws/flood?count=${count}&size=${size}&rate=0');
flood.onmessage = (e) => { if (e.data.startsWith('{"type":"flood-end"')) state.end = true; else state.flood++; };
</script>`;
}

async function openHostilePanel(path: string, count: number, size: number): Promise<Page> {
  const page = env.session.page;
  const panel = await openPanel(env.session, page);
  env.server.addPage(path, hostilePage(env.server.wsOrigin, count, size));
  await page.goto(`${env.server.origin}${path}`);
  await until('the flood to end', () => page.evaluate(() => (window as unknown as { state: { end: boolean; echoes: number } }).state.end), 60_000);
  await until('the connections listed', async () => (await textsOf(panel, CONNECTIONS)).filter((t) => /ws\/(echo|flood)/.test(t)).length === 2);
  return panel;
}

const rowCount = async (panel: Page): Promise<number> => Number(await panel.$eval(GRID, (grid) => grid.getAttribute('aria-rowcount')));

describe('the panel in Firefox', () => {
  it('shows HTML payloads as text, and deep JSON pretty, without running or rendering either', async () => {
    const panel = await openHostilePanel('/hostile-html.html', 3, 64);
    await clickText(panel, CONNECTIONS, 'ws/echo');
    await until('the HTML payload as a row', async () => (await rowTexts(panel)).filter((t) => t.includes(HTML_PAYLOAD)).length === 2);
    expect(await panel.$$eval(`${GRID} img, ${GRID} b`, (found) => found.length)).toBe(0);
    expect(await panel.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    await clickText(panel, `${GRID} [role="row"]`, /↑.*"ada"/s);
    await until('the row selected', async () => (await panel.$$(`${GRID} [role="row"][aria-selected="true"]`)).length === 1);
    await until('the JSON tree', async () => (await textsOf(panel, DETAILS)).some((t) => t.includes('user: {…} 2 keys')));
    await (await byRole(panel, 'button', 'Expand all')).click();
    const details = await until('the JSON in the details', async () => {
      const text = await panel.$eval(DETAILS, (region) => (region as HTMLElement).innerText);
      return text.includes('ada') ? text : undefined;
    });
    expect(details).toMatch(/name: "ada"/);
    expect(details).toMatch(/tags: Array\(2\)/);

    // The filter keeps the rows that match.
    await typeInto(panel, 'searchbox', 'Filter', 'ada');
    await until('only the JSON rows', async () => {
      const rows = await rowTexts(panel);
      return rows.length === 2 && rows.every((t) => t.includes('ada'));
    });
    await typeInto(panel, 'searchbox', 'Filter', '');
    await panel.close();
  });

  it('carries a 16 MiB frame whole and 10,000 messages in a burst, each one in order', async () => {
    const panel = await openHostilePanel('/hostile-huge.html', 1, 16 * MIB);
    await clickText(panel, CONNECTIONS, 'ws/flood');
    const row = await until('the huge row', async () => (await rowTexts(panel)).find((t) => t.includes('000001|')));
    expect(row).toContain('16.8 MB');
    await clickText(panel, `${GRID} [role="row"]`, '000001|');
    const details = await panel.$eval(DETAILS, (region) => (region as HTMLElement).innerText);
    expect(details.replace(/[,\s]/g, '')).toContain('16777216bytes');
    expect(details).not.toMatch(/truncated/i);
    await panel.close();

    const burst = await openHostilePanel('/hostile-burst.html', 10_000, 64);
    await clickText(burst, CONNECTIONS, 'ws/flood');
    // open, 10,000 messages, the end marker.
    await until('every message of the burst', async () => (await rowCount(burst)) === 10_002, 30_000);
    // The grid is virtual: the last rows show once scrolled to.
    await burst.$eval(GRID, (grid) => grid.scrollTo(0, grid.scrollHeight));
    const last = await until('the last rows', async () => (await rowTexts(burst)).find((t) => t.includes('010000|')));
    expect(last).toBeDefined();
    expect(await burst.$eval('body', (body) => body.innerText)).not.toMatch(/missed/);
    await burst.close();
  });

  it('says how much the page backlog could not keep from before the panel opened', async () => {
    const page = env.session.page;
    const size = 16 * MIB;
    // A frame bigger than the page backlog's whole budget, before anyone inspects the page.
    env.server.addPage('/budget.html', hostilePage(env.server.wsOrigin, 1, size));
    await page.goto(`${env.server.origin}/budget.html`);
    await until('the flood to end', () => page.evaluate(() => (window as unknown as { state: { end: boolean } }).state.end), 60_000);
    const panel = await openPanel(env.session, page);
    const listed = await until('the flood’s kept count', async () => {
      const texts = await textsOf(panel, CONNECTIONS);
      return texts.some((t) => t.includes('ws/flood') && t.includes('kept')) ? texts : undefined;
    });
    expect(listed.find((t) => t.includes('ws/flood'))).toMatch(/\n1 of 2 kept$/);
    // The quiet socket beside it lost nothing to it.
    expect(listed.find((t) => t.includes('ws/echo'))).not.toMatch(/kept/);
    await panel.close();
  });

  it('exports the tab as NDJSON and HAR, as Firefox downloads them, and imports each again', async () => {
    const panel = await openHostilePanel('/export.html', 3, 64);
    for (const format of ['NDJSON', 'HAR']) {
      const before = new Set(await readdir(downloads));
      await (await byRole(panel, 'button', 'Export')).click();
      await (await byRole(panel, 'menuitem', `${format}: whole tab`)).click();
      const file = await until(`the ${format} download`, async () => (await readdir(downloads)).find((name) => !before.has(name) && !name.endsWith('.part')));
      const text = await until(`the ${format} file written`, async () => {
        const content = await readFile(join(downloads, file), 'utf8');
        return content.includes('ws/flood') ? content : undefined;
      });
      expect(text).toContain(format === 'HAR' ? '_webSocketMessages' : 'ws/echo');

      const input = await panel.$('input[type="file"][aria-label="Import file"]');
      if (!input) throw new Error('no Import file input');
      await (input as ElementHandle<HTMLInputElement>).uploadFile(join(downloads, file));
      await until(`the ${format} import reported`, async () => (await textsOf(panel, '[role="status"]')).some((t) => t.includes(`from ${file}`)));
      await until(`the ${format} copies listed`, async () => (await textsOf(panel, CONNECTIONS)).filter((t) => t.includes('ws/flood')).length >= 2);
    }
    await panel.close();
  });
});
