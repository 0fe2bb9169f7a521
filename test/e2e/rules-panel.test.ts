/**
 * The Rules pane and the paused-message bar, end to end: rules written in the real panel page,
 * applied by the real hook in the page, what reached the demo server read from its recorder.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openPanel, until, useEnvironment } from './harness';
import { connections, details, grid, rowTexts } from './panel-view';

// Block connection rules need the optional permission the user grants when first picking one.
const env = useEnvironment({ grantOptionalPermissions: true });

/** One echo socket; `say` sends on it from the page. */
const echoPage = (wsOrigin: string): string => `<!doctype html><meta charset="utf-8"><script>
  window.ws = new WebSocket('${wsOrigin}/ws/echo');
  window.say = (text) => ws.send(text);
  ws.onopen = () => { window.ready = true; };
</script><body>rules</body>`;

async function openEcho(path: string): Promise<Page> {
  const page = env.session.page;
  env.server.addPage(path, echoPage(env.server.wsOrigin));
  await page.goto(`${env.server.origin}${path}`);
  await until('the socket', () => page.evaluate(() => (window as unknown as { ready?: boolean }).ready === true));
  const panel = await openPanel(env.session, page);
  const option = connections(panel).getByRole('option', { name: /ws\/echo/ });
  await until('the echo connection', async () => (await option.count()) === 1);
  await option.click();
  return panel;
}

const say = (text: string): Promise<void> => env.session.page.evaluate((t) => (window as unknown as { say(t: string): void }).say(t), text);
const receivedOnEcho = (): string[] => env.server.received.filter((m) => m.path === '/ws/echo' && !m.binary).map((m) => m.data as string);
const rulesPane = (panel: Page): Locator => panel.getByRole('region', { name: 'Rules' });
const activeNotice = (panel: Page): Locator => panel.getByRole('toolbar', { name: 'Frametap' }).getByText(/rules? active/);

async function openRules(panel: Page): Promise<void> {
  await panel.getByRole('button', { name: 'Rules', exact: true }).click();
  // Its origin's rules are read before a rule can be added.
  await until('the rules of the page’s origin', async () => rulesPane(panel).getByText(env.server.origin, { exact: true }).isVisible());
}

/** A new rule on the echo socket's sent messages, written field by field as a user does. */
async function addRule(panel: Page, match: string, action: string): Promise<Locator> {
  const before = await rulesPane(panel).getByRole('article').count();
  await rulesPane(panel).getByRole('button', { name: 'Add rule' }).click();
  const rule = rulesPane(panel).getByRole('article', { name: `Rule ${before + 1}` });
  // The selected connection is where the rule starts.
  await expect(rule.getByRole('textbox', { name: 'Connection' }).inputValue()).resolves.toBe(`${env.server.wsOrigin}/ws/echo`);
  await rule.getByRole('textbox', { name: 'Connection' }).fill('/ws/echo');
  await rule.getByRole('combobox', { name: 'Direction' }).selectOption({ label: 'Sent' });
  await rule.getByRole('textbox', { name: 'Match' }).fill(match);
  await rule.getByRole('combobox', { name: 'Action' }).selectOption({ label: action });
  return rule;
}

/**
 * A message sent from the composer goes the way the rules went, behind them: once the server has
 * it, the page's hook has the rules.
 */
async function barrier(panel: Page, text: string): Promise<void> {
  await panel.getByRole('textbox', { name: 'Message' }).fill(text);
  await panel.getByRole('button', { name: 'Send', exact: true }).click();
  await env.server.waitFor(() => receivedOnEcho().includes(text));
}

const rowWith = async (panel: Page, text: string): Promise<string | undefined> => (await rowTexts(panel)).find((t) => t.includes(text));

describe('rules pane', () => {
  it('drops the sent messages a rule matches: the server never gets them, the row says Dropped', async () => {
    const panel = await openEcho('/rules/drop.html');
    await openRules(panel);
    const rule = await addRule(panel, 'secret', 'Drop');
    await until('the toolbar counts the rule', async () => (await activeNotice(panel).textContent()) === '1 rule active');
    await barrier(panel, 'after the drop rule');

    await say('my secret');
    await say('plain words');
    await env.server.waitFor(() => receivedOnEcho().includes('plain words'));
    expect(receivedOnEcho()).not.toContain('my secret');
    const row = await until('the dropped row', () => rowWith(panel, 'my secret'));
    expect(row).toContain('Dropped');
    await until('the match count', async () => (await rule.innerText()).includes('matched 1 time'));

    await grid(panel).getByRole('row').filter({ hasText: 'my secret' }).click();
    await panel.getByRole('button', { name: 'Rules', exact: true }).click();
    await until('what the rule did, in the details', async () => (await details(panel).innerText()).includes('Dropped it: the server never got it'));
    expect(await details(panel).innerText()).toContain('Drop sent messages matching “secret” on /ws/echo');

    // The filter finds what the rules did.
    await panel.getByRole('searchbox', { name: 'Filter' }).fill('action:drop');
    await until('only the dropped row', async () => {
      const rows = await rowTexts(panel);
      return rows.length === 1 && rows[0]!.includes('my secret');
    });
    await panel.getByRole('searchbox', { name: 'Filter' }).fill('');
    await panel.close();
  });

  it('keeps the rules of the origin, and a rule with a problem says so and does nothing', async () => {
    const panel = await openEcho('/rules/kept.html');
    await openRules(panel);
    const kept = rulesPane(panel).getByRole('article', { name: 'Rule 1' });
    await expect(kept.getByRole('textbox', { name: 'Match' }).inputValue()).resolves.toBe('secret');
    await until('the kept rule counts', async () => (await activeNotice(panel).textContent()) === '1 rule active');

    await kept.getByRole('textbox', { name: 'Match' }).fill('/(secret/');
    await until('the problem beside the rule', async () => /Invalid regular expression/.test(await kept.innerText()));
    await until('no rule active', async () => (await activeNotice(panel).count()) === 0);
    await barrier(panel, 'after the broken rule');
    await say('a secret again');
    await env.server.waitFor(() => receivedOnEcho().includes('a secret again'));

    await kept.getByRole('button', { name: 'Delete rule' }).click();
    await expect(rulesPane(panel).getByRole('article').count()).resolves.toBe(0);
    // Keyboard-first: a deleted rule leaves the focus on Add rule, Esc closes back to the toolbar.
    await expect(rulesPane(panel).getByRole('button', { name: 'Add rule' }).evaluate((b) => b === document.activeElement)).resolves.toBe(true);
    await panel.keyboard.press('Escape');
    await expect(rulesPane(panel).count()).resolves.toBe(0);
    await expect(panel.getByRole('button', { name: 'Rules', exact: true }).evaluate((b) => b === document.activeElement)).resolves.toBe(true);
    await panel.close();
  });

  it('pauses a matched message until Continue, which sends it as edited; Continue all lets the queue go in order', async () => {
    const panel = await openEcho('/rules/pause.html');
    await openRules(panel);
    await addRule(panel, 'hold', 'Pause');
    await until('the toolbar counts the rule', async () => (await activeNotice(panel).textContent()) === '1 rule active');
    await barrier(panel, 'after the pause rule');

    await say('hold this one');
    const paused = panel.getByRole('region', { name: 'Paused message' });
    await until('the paused message', () => paused.isVisible());
    const text = paused.getByRole('textbox', { name: 'Paused message' });
    await expect(text.inputValue()).resolves.toBe('hold this one');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receivedOnEcho()).not.toContain('hold this one');
    await text.fill('edited by the breakpoint');
    await paused.getByRole('button', { name: 'Continue', exact: true }).click();
    await env.server.waitFor(() => receivedOnEcho().includes('edited by the breakpoint'));
    expect(receivedOnEcho()).not.toContain('hold this one');
    await until('the bar goes', async () => (await paused.count()) === 0);
    await until('the row says how it went', async () => (await rowWith(panel, 'hold this one'))?.includes('Paused → Edited'));

    await say('hold 1');
    await say('hold 2');
    await say('hold 3');
    await until('three queued', async () => (await paused.count()) === 1 && (await paused.innerText()).includes('1 of 3 paused'));
    await expect(text.inputValue()).resolves.toBe('hold 1');
    await paused.getByRole('button', { name: 'Drop', exact: true }).click();
    await until('two left', async () => (await paused.innerText()).includes('1 of 2 paused'));
    await paused.getByRole('button', { name: 'Continue all' }).click();
    await env.server.waitFor(() => receivedOnEcho().includes('hold 3'));
    const released = receivedOnEcho().filter((m) => m.startsWith('hold '));
    expect(released).toEqual(['hold 2', 'hold 3']);
    await until('the bar goes', async () => (await paused.count()) === 0);

    await rulesPane(panel).getByRole('button', { name: 'Delete rule' }).click();
    await panel.close();
  });

  it('rewrites a sent message: the server gets the new text, the details show both', async () => {
    const panel = await openEcho('/rules/rewrite.html');
    await openRules(panel);
    const rule = await addRule(panel, '/cat(s?)/', 'Rewrite');
    await rule.getByRole('textbox', { name: 'Replace with' }).fill('dog$1');
    await barrier(panel, 'after the rewrite rule');
    await say('two cats here');
    await env.server.waitFor(() => receivedOnEcho().includes('two dogs here'));
    expect(receivedOnEcho()).not.toContain('two cats here');
    const sent = grid(panel).getByRole('row').filter({ hasText: 'Rewritten' });
    await until('the rewritten row', async () => (await sent.count()) === 1);
    await sent.click();
    await panel.getByRole('button', { name: 'Rules', exact: true }).click();
    const text = await until('both texts in the details', async () => {
      const shown = await details(panel).innerText();
      return shown.includes('Delivered instead') ? shown : undefined;
    });
    expect(text.indexOf('two dogs here')).toBeLessThan(text.indexOf('As the page sent it'));
    expect(text.indexOf('As the page sent it')).toBeLessThan(text.indexOf('two cats here'));
    await panel.getByRole('button', { name: 'Rules', exact: true }).click();
    await rule.getByRole('button', { name: 'Delete rule' }).click();
    await panel.close();
  });

  it('blocks new connections to a URL: the browser refuses them, and the sidebar says a rule did', async () => {
    const panel = await openEcho('/rules/block.html');
    await openRules(panel);
    await rulesPane(panel).getByRole('button', { name: 'Add rule' }).click();
    const rule = rulesPane(panel).getByRole('article', { name: 'Rule 1' });
    await rule.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Block connection' });
    await expect(rule.getByRole('combobox', { name: 'Direction' }).count()).resolves.toBe(0);
    await rule.getByRole('textbox', { name: 'Connection' }).fill('/ws/echo?blocked');
    await until('the toolbar counts the rule', async () => (await activeNotice(panel).textContent()) === '1 rule active');
    // The browser's own rules take a moment to apply: the page tries until one socket is refused.
    const page = env.session.page;
    await until('a refused socket', () =>
      page.evaluate(
        (url) =>
          new Promise<boolean>((resolve) => {
            const ws = new WebSocket(url);
            ws.onopen = () => {
              ws.close();
              resolve(false);
            };
            ws.onclose = (event) => resolve(event.code === 1006);
          }),
        `${env.server.wsOrigin}/ws/echo?blocked`,
      ),
    );
    await until('the sidebar’s mark', async () => (await connections(panel).getByText('Blocked by rule').count()) > 0);
    await rule.getByRole('button', { name: 'Delete rule' }).click();
    await panel.close();
  });

  it('simulates a network drop on a WebSocket: the page sees it close abnormally', async () => {
    const panel = await openEcho('/rules/sever.html');
    await panel.getByRole('button', { name: 'Simulate drop' }).click();
    const option = connections(panel).getByRole('option', { name: /ws\/echo/ });
    await until('the connection closed with 1006', async () => /closed 1006/.test(await option.innerText()));
    await panel.close();
  });
});
