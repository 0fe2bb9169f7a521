/**
 * `npx tsx scripts/screenshot-firefox.ts`: docs/panel-firefox.png and docs/panel-firefox-dark.png,
 * the Frametap panel inside Firefox's own toolbox, docked at the bottom of a window showing a
 * page with live traffic (after `npm run build:firefox`).
 *
 * Firefox's toolbox is browser chrome, not a page: neither headless Firefox nor WebDriver BiDi can
 * draw or drive it. So Firefox runs in a window on a virtual X display (Xvfb), the toolbox is
 * opened with F12 and the Frametap tab clicked with xdotool, and ImageMagick's `import` takes the
 * screen. The clicks are placed for a 1280 × 800 window with Firefox's default tools. Needs
 * `apt-get install xvfb xdotool imagemagick` (not needed by the tests or CI).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { startDemoServer, type DemoServer } from '../server/demo-server';

const DISPLAY = ':97';
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/**
 * Where the toolbox's Frametap tab, the panel's first connection and one of its rows sit in a
 * 1280 × 800 window, with the toolbox 330 px tall and only the tools Firefox will not hide beside
 * Frametap (Inspector, Console, Debugger).
 */
const FRAMETAP_TAB = { x: 360, y: 483 };
const FIRST_CONNECTION = { x: 150, y: 600 };
const A_ROW = { x: 600, y: 705 };
const HIDDEN_TOOLS = ['styleeditor', 'performance', 'memory', 'netmonitor', 'storage', 'accessibility', 'application', 'dom'];

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const x11 = (command: string, args: string[]): void => {
  execFileSync(command, args, { env: { ...process.env, DISPLAY } });
};
const click = ({ x, y }: { x: number; y: number }): void => x11('xdotool', ['mousemove', String(x), String(y), 'click', '1']);

function requireTools(): void {
  for (const tool of ['Xvfb', 'xdotool', 'import']) {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: apt-get install xvfb xdotool imagemagick`);
    }
  }
}

function livePage(server: DemoServer): string {
  return `<!doctype html><title>Live chat</title><body style="font:16px sans-serif;padding:20px"><h2>Live chat</h2>
<p>Chat messages over a WebSocket, a price feed over Server-Sent Events.</p><script>
const ws = new WebSocket('${server.wsOrigin}/ws/echo');
const users = ['ada', 'grace', 'linus'];
ws.onopen = () => { let n = 0; setInterval(() => { n++; ws.send(JSON.stringify({ type: 'chat', n, user: users[n % 3], text: 'message ' + n })); }, 400); };
new EventSource('/sse/stream?count=200&interval=700');
</script>`;
}

async function shoot(server: DemoServer, theme: 'light' | 'dark', file: string): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'frametap-firefox-shot-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: false,
    defaultViewport: null,
    userDataDir: profile,
    env: { ...process.env, DISPLAY },
    args: ['--width=1280', '--height=800'],
    extraPrefsFirefox: {
      'devtools.toolbox.host': 'bottom',
      'devtools.toolbox.footer.height': 330,
      'devtools.theme': theme,
      'ui.systemUsesDarkTheme': theme === 'dark' ? 1 : 0,
      ...Object.fromEntries(HIDDEN_TOOLS.map((tool) => [`devtools.${tool}.enabled`, false])),
    },
  });
  try {
    await browser.installExtension(resolve('dist-firefox'));
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.goto(`${server.origin}/firefox-shot.html`);
    await sleep(1500);
    x11('xdotool', ['search', '--sync', '--onlyvisible', '--class', 'firefox', 'windowfocus', '--sync']);
    x11('xdotool', ['key', 'F12']);
    await sleep(4000);
    click(FRAMETAP_TAB);
    await sleep(3000);
    click(FIRST_CONNECTION);
    await sleep(1000);
    click(A_ROW);
    await sleep(1000);
    x11('import', ['-window', 'root', resolve('docs', file)]);
    console.log(`docs/${file}`);
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  requireTools();
  const xvfb: ChildProcess = spawn('Xvfb', [DISPLAY, '-screen', '0', '1280x800x24'], { stdio: 'ignore' });
  const server = await startDemoServer({ port: 0 });
  try {
    await sleep(1000);
    server.addPage('/firefox-shot.html', livePage(server));
    await shoot(server, 'light', 'panel-firefox.png');
    await shoot(server, 'dark', 'panel-firefox-dark.png');
  } finally {
    await server.close();
    xvfb.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
