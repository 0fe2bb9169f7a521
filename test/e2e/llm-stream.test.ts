/**
 * LLM token streams read as text: a page reads OpenAI, Anthropic and Responses API streams over
 * EventSource, and the details pane's Stream tab shows each response assembled up to the
 * selected chunk, that chunk highlighted, with its timing, finish reason, model and usage.
 * The demo server's /llm/* endpoints stream the three formats; a small server of the test's own
 * streams what they do not: Claude's thinking and tool calls, and hostile input.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPanel, until, useEnvironment } from './harness';
import { details, grid } from './panel-view';

const env = useEnvironment();

type Sse = readonly [event: string | null, data: string];
const THINKING = ['The user wants ', 'a pangram.'];
const TOOL_INPUT = ['{"city":', ' "Paris"}'];
const json = (value: unknown): string => JSON.stringify(value);

/** The words of `text`, each with the space before it, as a model streams them. */
const tokensOf = (text: string): string[] => text.split(/(?= )/);

const STREAMS: Record<string, (tokens: string[]) => Sse[]> = {
  /** Thinking first, then the answer, then a tool call, as Claude streams them. */
  claude: (tokens) => {
    const delta = (index: number, d: object): Sse => ['content_block_delta', json({ type: 'content_block_delta', index, delta: d })];
    const start = (index: number, block: object): Sse => ['content_block_start', json({ type: 'content_block_start', index, content_block: block })];
    const stop = (index: number): Sse => ['content_block_stop', json({ type: 'content_block_stop', index })];
    return [
      ['message_start', json({ type: 'message_start', message: { model: 'claude-sonnet-4-5', usage: { input_tokens: 21, output_tokens: 1 } } })],
      start(0, { type: 'thinking', thinking: '' }),
      ['ping', json({ type: 'ping' })],
      ...THINKING.map((t) => delta(0, { type: 'thinking_delta', thinking: t })),
      stop(0),
      start(1, { type: 'text', text: '' }),
      ...tokens.map((t) => delta(1, { type: 'text_delta', text: t })),
      stop(1),
      start(2, { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: {} }),
      ...TOOL_INPUT.map((t) => delta(2, { type: 'input_json_delta', partial_json: t })),
      stop(2),
      ['message_delta', json({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: tokens.length } })],
      ['message_stop', json({ type: 'message_stop' })],
    ];
  },
  /** Invalid JSON between valid chunks, HTML in the text, and one delta of 2 MB. */
  hostile: (tokens) => [
    [null, json({ delta: '<img src=x onerror="document.title=1">' })],
    [null, '{"delta": "broken'],
    ...tokens.map((t): Sse => [null, json({ delta: t })]),
    [null, json({ delta: 'z'.repeat(2 * 1024 * 1024) })],
    [null, json({ delta: 'after', finish_reason: 'length' })],
  ],
};

/** `GET /<stream>?text=…&interval=ms`: the stream, one event per `interval`, with CORS for the page's origin. */
function startStreamServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const make = STREAMS[url.pathname.slice(1)];
    if (!make) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
    // No reconnection while the test looks: the page closes the stream at its end anyway.
    response.write('retry: 600000\n\n');
    const events = make(tokensOf(url.searchParams.get('text') ?? 'Hello'));
    const interval = Number(url.searchParams.get('interval') ?? 30);
    let next = 0;
    const timer = setInterval(() => {
      const item = events[next++];
      if (!item) {
        clearInterval(timer);
        return;
      }
      const [event, data] = item;
      response.write(`${event ? `event: ${event}\n` : ''}data: ${data}\n\n`);
    }, interval);
    request.on('close', () => clearInterval(timer));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let streams: Server;
let streamOrigin = '';
beforeAll(async () => {
  streams = await startStreamServer();
  streamOrigin = `http://127.0.0.1:${(streams.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => streams.close(() => resolve())));

const ANSWER = 'The quick brown fox jumps over the lazy dog again and again.';

/** Named events the page listens to: an EventSource's capture sees the types its page listens to. */
const EVENT_TYPES = [
  'message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
  'response.created', 'response.output_text.delta', 'response.completed',
];

/** A stream's URL: `/llm/…` of the demo server, or a stream of the test's own server. */
const llm = (path: string, text = ANSWER, interval = 30): string =>
  `${path.startsWith('/llm/') ? '' : streamOrigin}${path}?interval=${interval}&text=${encodeURIComponent(text)}`;

/** A page that reads each stream over EventSource and closes it at its end, as a chat app would. */
function chatPage(urls: readonly string[], plainSse: boolean): string {
  // With `plainSse`, an ordinary SSE stream beside them, which must not read as one.
  return `<!doctype html><meta charset="utf-8"><script>
    ${plainSse ? "new EventSource('/sse/stream?count=4&interval=20').addEventListener('price', () => {});" : ''}
    window.done = 0;
    for (const url of ${json(urls)}) {
      const es = new EventSource(url);
      const end = () => { es.close(); window.done++; };
      es.onmessage = (e) => { if (e.data === '[DONE]' || e.data.includes('"finish_reason":"length"')) end(); };
      for (const type of ${json(EVENT_TYPES)}) es.addEventListener(type, () => {});
      es.addEventListener('message_stop', end);
      es.addEventListener('response.completed', end);
    }
  </script><body>chat</body>`;
}

async function openChat(path: string, urls: readonly string[], { waitForEnd = true, plainSse = false } = {}): Promise<Page> {
  env.server.addPage(path, chatPage(urls, plainSse));
  // The panel first: a page's backlog keeps a finished connection's newest frame only.
  const panel = await openPanel(env.session, env.session.page);
  await env.session.page.goto(`${env.server.origin}${path}`);
  if (waitForEnd) await until('every stream read to its end', () => env.session.page.evaluate((n) => (window as unknown as { done: number }).done === n, urls.length));
  return panel;
}

const stream = (panel: Page) => details(panel).getByRole('region', { name: 'LLM stream' });
const assembled = (panel: Page) => stream(panel).getByLabel('Text, assembled');
const stat = (panel: Page, label: string) =>
  stream(panel)
    .locator('.llm-stat')
    .filter({ has: panel.locator('dt', { hasText: new RegExp(`^${label}`) }) })
    .locator('dd');
/** The rows of an Anthropic stream's answer. */
const textRows = (panel: Page) => grid(panel).getByRole('row').filter({ hasText: '"text_delta"' });
const deltaRows = (panel: Page, type: string) => grid(panel).getByRole('row').filter({ has: panel.locator('.cell-type', { hasText: new RegExp(`^${type}$`) }) });

describe('LLM stream view', () => {
  let panel: Page;
  const tokens = tokensOf(ANSWER);

  beforeAll(async () => {
    panel = await openChat('/llm-anthropic.html', [llm('/llm/anthropic')]);
    await until('every delta in the grid', async () => (await textRows(panel).count()) === tokens.length);
  });

  it('assembles an Anthropic stream up to the selected chunk and highlights that chunk', async () => {
    await textRows(panel).nth(3).click();
    await expect(details(panel).getByRole('button', { name: 'Stream', exact: true }).getAttribute('aria-pressed')).resolves.toBe('true');
    await until('the text up to the fourth token', async () => (await assembled(panel).innerText()) === tokens.slice(0, 4).join(''));
    await expect(assembled(panel).locator('mark').innerText()).resolves.toBe(tokens[3]);
    await expect(stream(panel).locator('.llm-format').innerText()).resolves.toBe('Anthropic Messages');
    await expect(stream(panel).locator('.llm-model').innerText()).resolves.toBe('demo-1');
    await expect(stream(panel).locator('.llm-status').innerText()).resolves.toBe('complete');
    await expect(stat(panel, 'Finish').innerText()).resolves.toBe('end_turn');
    // A GET has no prompt: no input tokens.
    await expect(stat(panel, 'Usage').innerText()).resolves.toBe(`0 in · ${tokens.length} out`);
    await expect(stat(panel, 'Chunks').innerText()).resolves.toMatch(new RegExp(`^${tokens.length} in \\d`));
    await expect(stat(panel, 'First token').innerText()).resolves.toMatch(/^\d+(\.\d+)? (µs|ms|s)$/);
    // Paced 30 ms apart.
    const rate = parseFloat(await stat(panel, 'Rate').innerText());
    expect(rate).toBeGreaterThan(5);
    expect(rate).toBeLessThan(40);
    expect(parseFloat(await stat(panel, 'Longest gap').innerText())).toBeGreaterThanOrEqual(25);
    // Nothing to warn of in a whole, well-formed stream.
    expect(await stream(panel).getByRole('note').count()).toBe(0);
  });

  it('moves through the chunks from the keyboard, and shows the whole stream on request', async () => {
    await textRows(panel).nth(3).click();
    await grid(panel).focus();
    await panel.keyboard.press('ArrowDown');
    await until('the fifth token highlighted', async () => (await assembled(panel).locator('mark').innerText()) === tokens[4]);
    expect(await assembled(panel).innerText()).toBe(tokens.slice(0, 5).join(''));

    const whole = stream(panel).getByRole('button', { name: 'Whole stream' });
    await whole.focus();
    await panel.keyboard.press('Enter');
    await until('the whole answer', async () => (await assembled(panel).innerText()) === ANSWER);
    await expect(assembled(panel).locator('mark').innerText()).resolves.toBe(tokens[4]);
    await stream(panel).getByRole('button', { name: 'Up to this chunk' }).click();

    // The longest gap's Go selects the chunk after it.
    await stream(panel).getByRole('button', { name: 'Go' }).click();
    await until('a delta selected', async () => (await assembled(panel).locator('mark').count()) === 1);

    // The message itself is a tab away.
    await details(panel).getByRole('button', { name: 'Message', exact: true }).click();
    await until('the message facts', async () => (await details(panel).innerText()).includes('Last event ID'));
    await details(panel).getByRole('button', { name: 'Stream', exact: true }).click();
    await stream(panel).waitFor();
  });

  it('shows the text so far at a frame of the stream that adds none', async () => {
    await deltaRows(panel, 'message_stop').click();
    await until('the whole text at message_stop', async () => (await assembled(panel).innerText()) === ANSWER);
    expect(await assembled(panel).locator('mark').count()).toBe(0);
    await panel.close();
  });

  it('grows the whole stream live while it streams, then says it is complete', async () => {
    const live = await openChat('/llm-live.html', ['/llm/anthropic?tokens=30&interval=100'], { waitForEnd: false });
    await until('the first words', async () => (await textRows(live).count()) >= 2);
    await textRows(live).first().click();
    await stream(live).getByRole('button', { name: 'Whole stream' }).click();
    await expect(stream(live).locator('.llm-status').innerText()).resolves.toBe('streaming…');
    const before = (await assembled(live).innerText()).length;
    await until('more text, with the selection unchanged', async () => (await assembled(live).innerText()).length > before + 10);
    await until('the end of the stream', async () => (await stream(live).locator('.llm-status').innerText()) === 'complete', 10_000);
    await expect(stat(live, 'Chunks').innerText()).resolves.toMatch(/^30 in /);
    await stream(live).getByRole('button', { name: 'Up to this chunk' }).click();
    await live.close();
  });

  it('reads a stream the page reads through fetch() the same way, timed from the request', async () => {
    env.server.addPage(
      '/llm-fetch.html',
      `<!doctype html><meta charset="utf-8"><script>
        window.done = 0;
        (async () => {
          const body = JSON.stringify({ prompt: 'Say something nice' });
          const response = await fetch(${json(llm('/llm/anthropic'))}, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
          const reader = response.body.getReader();
          while (!(await reader.read()).done);
          window.done = 1;
        })();
      </script>`,
    );
    const fetched = await openPanel(env.session, env.session.page);
    await env.session.page.goto(`${env.server.origin}/llm-fetch.html`);
    await until('the reply read', () => env.session.page.evaluate(() => (window as unknown as { done: number }).done === 1));
    await until('every delta in the grid', async () => (await textRows(fetched).count()) === tokens.length);
    await textRows(fetched).last().click();
    await until('the whole answer', async () => (await assembled(fetched).innerText()) === ANSWER);
    await expect(stat(fetched, 'Usage').innerText()).resolves.toBe(`3 in · ${tokens.length} out`);
    await expect(stat(fetched, 'First token').innerText()).resolves.toMatch(/^\d+(\.\d+)? (µs|ms|s)$/);
    await fetched.close();
  });

  it('reads OpenAI Chat Completions and Responses streams side by side, and leaves other SSE alone', async () => {
    const text = 'Two streams, one page.';
    const both = await openChat('/llm-openai.html', [llm('/llm/openai', text), llm('/llm/responses', text)], { plainSse: true });
    const words = tokensOf(text);
    await until('both streams in the grid', async () => (await deltaRows(both, 'response.output_text.delta').count()) === words.length);
    await deltaRows(both, 'response.output_text.delta').last().click();
    await until('the Responses text', async () => (await assembled(both).innerText()) === text);
    await expect(stat(both, 'Finish').innerText()).resolves.toBe('completed');
    await expect(stat(both, 'Usage').innerText()).resolves.toBe(`0 in · ${words.length} out · ${words.length} total`);
    await expect(both.locator('.llm-format').innerText()).resolves.toBe('OpenAI Responses');

    // The first chunk only says the role; the second brings the first word.
    const chat = grid(both).getByRole('row').filter({ hasText: 'chat.completion.chunk' });
    await chat.nth(2).click();
    await until('the chat text up to its second word', async () => (await assembled(both).innerText()) === words.slice(0, 2).join(''));
    await expect(both.locator('.llm-format').innerText()).resolves.toBe('OpenAI Chat Completions');
    await expect(stat(both, 'Finish').innerText()).resolves.toBe('stop');
    await expect(stat(both, 'Usage').count()).resolves.toBe(0);
    await expect(both.locator('.llm-model').innerText()).resolves.toBe('demo-1');

    await deltaRows(both, 'price').first().click();
    await until('the plain SSE message', async () => (await details(both).innerText()).includes('Last event ID'));
    expect(await details(both).getByRole('button', { name: 'Stream', exact: true }).count()).toBe(0);
    await both.close();
  });

  it('shows Claude’s thinking and tool calls, and looks right docked at the bottom and at the side, light and dark', async () => {
    const claude = await openChat('/llm-claude.html', [llm('/claude')]);
    await until('every delta in the grid', async () => (await textRows(claude).count()) === tokens.length);
    await textRows(claude).nth(3).click();
    await until('the text up to the fourth token', async () => (await assembled(claude).innerText()) === tokens.slice(0, 4).join(''));
    await expect(stream(claude).getByLabel('Thinking, assembled').innerText()).resolves.toBe(THINKING.join(''));
    // The tool call comes after this chunk: not shown yet.
    expect(await stream(claude).getByText(/^Tool call/).count()).toBe(0);
    await expect(stat(claude, 'Finish').innerText()).resolves.toBe('tool_use');
    await expect(stat(claude, 'Chunks').innerText()).resolves.toMatch(new RegExp(`^${tokens.length + THINKING.length + TOOL_INPUT.length} in \\d`));
    // Three events 30 ms apart before the first thinking delta.
    expect(parseFloat(await stat(claude, 'First token').innerText())).toBeGreaterThan(60);

    const toolRows = grid(claude).getByRole('row').filter({ hasText: '"input_json_delta"' });
    await toolRows.last().click();
    const tool = stream(claude).getByLabel('Tool call: get_weather · toolu_01, assembled');
    await until('the whole tool input', async () => (await tool.innerText()) === TOOL_INPUT.join(''));
    await expect(tool.locator('mark').innerText()).resolves.toBe(TOOL_INPUT[1]);
    await expect(assembled(claude).innerText()).resolves.toBe(ANSWER);

    for (const scheme of ['light', 'dark'] as const) {
      await claude.emulateMedia({ colorScheme: scheme });
      await until('the theme', () => claude.evaluate((s) => document.documentElement.dataset.theme === s, scheme));
      for (const [name, size, layout] of [
        ['bottom', { width: 1280, height: 300 }, 'beside'],
        ['side', { width: 500, height: 800 }, 'below'],
      ] as const) {
        await claude.setViewportSize(size);
        await until('the layout for this size', () => claude.evaluate((d) => document.querySelector(`.panel[data-details="${d}"]`) !== null, layout));
        // Selected at this size: the pane scrolls to the chunk, in the tool call below the text.
        // Clicked again if the virtual grid moved its rows under the pointer.
        await until('the first word selected', async () => {
          await textRows(claude).first().click();
          const mark = assembled(claude).locator('mark');
          return (await mark.count()) === 1 && (await mark.innerText()) === tokens[0];
        });
        await until('the last tool chunk selected', async () => {
          await toolRows.last().click();
          return (await tool.locator('mark').count()) === 1;
        });
        await until('the tool input in sight', async () => {
          const [pane, box] = await Promise.all([details(claude).boundingBox(), tool.boundingBox()]);
          return pane && box && box.y + box.height <= pane.y + pane.height + 1;
        });
        if (process.env.LLM_SCREENSHOTS) await claude.screenshot({ path: `${process.env.LLM_SCREENSHOTS}/llm-${name}-${scheme}.png` });
      }
    }
    await claude.close();
  });

  it('renders hostile text as text, counts invalid frames, and caps a 2 MB delta with an honest note', async () => {
    const hostile = await openChat('/llm-hostile.html', [llm('/hostile', 'ok then')]);
    const rows = grid(hostile).getByRole('row').filter({ hasText: '"finish_reason":"length"' });
    await until('the last frame', async () => (await rows.count()) === 1);
    await rows.click();
    await until('the stream view', async () => (await assembled(hostile).count()) === 1);
    const text = await assembled(hostile).evaluate((el) => (el.textContent ?? '').slice(0, 200));
    expect(text.startsWith('<img src=x onerror="document.title=1">ok then')).toBe(true);
    expect(await assembled(hostile).locator('img').count()).toBe(0);
    await expect(stream(hostile).getByRole('note').first().innerText()).resolves.toMatch(/1 frame of this stream did not read as stream events/);
    await expect(stream(hostile).getByText(/more characters, not kept \(the panel keeps the first 500,000\)/).count()).resolves.toBe(1);
    await expect(stat(hostile, 'Finish').innerText()).resolves.toBe('length');
    await hostile.close();
  });
});
