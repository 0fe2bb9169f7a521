/**
 * `npm run try`: a Chromium window with Frametap loaded, the demo page open and DevTools open on
 * it, so that a newcomer sees Frametap working without a single manual step.
 *
 * Chromium and Chrome for Testing load an unpacked extension with --load-extension. Branded
 * Google Chrome 137+ ignores that flag; there the extension is loaded through CDP's
 * Extensions.loadUnpacked, which needs --enable-unsafe-extension-debugging and a pipe connection
 * (playwright-core always connects over a pipe).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../server/demo-server';

const CANDIDATES = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function findBrowser(): string {
  const found = CANDIDATES.find((path): path is string => !!path && existsSync(path));
  if (!found) {
    throw new Error('No Chromium found. Install Chromium (Debian: apt-get install chromium) or set CHROME_PATH.');
  }
  return found;
}

function isBrandedChrome(executable: string): boolean {
  try {
    const version = execFileSync(executable, ['--version'], { encoding: 'utf8' });
    return /^Google Chrome \d/.test(version.trim());
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const dist = resolve('dist');
  const executable = findBrowser();
  const branded = isBrandedChrome(executable);
  const server = await startDemoServer({ port: Number(process.env.PORT ?? 8787) });
  const demoUrl = `${server.origin}/`;

  const args = ['--auto-open-devtools-for-tabs', '--no-first-run', '--disable-sync'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (branded) args.push('--enable-unsafe-extension-debugging');
  else args.push(`--disable-extensions-except=${dist}`, `--load-extension=${dist}`);

  const context = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'frametap-try-')), {
    executablePath: executable,
    headless: false,
    viewport: null,
    args,
  });
  if (branded) {
    const cdp = await context.browser()?.newBrowserCDPSession();
    await cdp?.send('Extensions.loadUnpacked', { path: dist });
  }
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(demoUrl);
  console.log(`Frametap is loaded from ${dist}`);
  console.log(`Demo page: ${demoUrl} — in DevTools, open the "Frametap" panel (it may sit behind the » menu).`);
  console.log('Close the browser window to stop.');
  context.on('close', () => {
    void server.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
