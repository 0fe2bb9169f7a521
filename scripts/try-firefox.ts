/**
 * `npm run try:firefox`: a Firefox window with Frametap installed (as a temporary add-on, like
 * about:debugging's "Load Temporary Add-on"), the demo page open and its DevTools toolbox open,
 * so that a newcomer sees Frametap working in Firefox without a single manual step.
 *
 * Firefox ESR (Debian's firefox-esr, or FIREFOX_PATH) is driven by puppeteer-core over WebDriver
 * BiDi, as the Firefox tests do; nothing is downloaded.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { startDemoServer } from '../server/demo-server';

const CANDIDATES = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'];

function findFirefox(): string {
  const found = CANDIDATES.find((path): path is string => !!path && existsSync(path));
  if (!found) throw new Error('No Firefox found. Install Firefox ESR (Debian: apt-get install firefox-esr) or set FIREFOX_PATH.');
  return found;
}

async function main(): Promise<void> {
  const dist = resolve('dist-firefox');
  const server = await startDemoServer({ port: Number(process.env.PORT ?? 8787) });
  const demoUrl = `${server.origin}/`;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: false,
    defaultViewport: null,
    userDataDir: await mkdtemp(join(tmpdir(), 'frametap-try-firefox-')),
    args: ['--devtools'],
    extraPrefsFirefox: { 'devtools.toolbox.host': 'bottom' },
  });
  await browser.installExtension(dist);
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.goto(demoUrl);
  console.log(`Frametap is installed from ${dist} (a temporary add-on: it goes when Firefox closes)`);
  console.log(`Demo page: ${demoUrl} — in the toolbox, open the "Frametap" panel (it may sit behind the » menu).`);
  console.log('Close the browser window to stop.');
  browser.on('disconnected', () => {
    void server.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
