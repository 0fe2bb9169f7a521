/**
 * MQTT packets reassembled across WebSocket frames, in a real browser: MQTT.js (the demo server's
 * /mqtt.min.js) against the demo's aedes broker at /mqtt, which writes every packet in pieces,
 * each its own frame. The panel must decode the broker's packets whole, with the frames they came
 * from, show each piece as part of its packet, and pair SUBACK with SUBSCRIBE and PUBACK and
 * PUBREC with their PUBLISH.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPanel, until, useEnvironment } from './harness';
import { connections, details, grid, rowTexts } from './panel-view';

const env = useEnvironment();
let panel: Page;

/** Subscribes, then publishes at QoS 1 and 2 to its own subscription; `done` once every flow ends. */
function mqttPage(wsOrigin: string): string {
  return `<!doctype html><meta charset="utf-8"><title>MQTT</title>
    <script src="/mqtt.min.js"></script>
    <script>
      window.done = false;
      const client = mqtt.connect('${wsOrigin}/mqtt', { protocolVersion: 4, clientId: 'frametap-e2e', reconnectPeriod: 0 });
      const received = [];
      client.on('message', (topic) => received.push(topic));
      client.on('connect', async () => {
        await client.subscribeAsync('demo/#', { qos: 2 });
        await client.publishAsync('demo/q1', 'one', { qos: 1 });
        await client.publishAsync('demo/q2', 'two', { qos: 2 });
        const wait = () => (received.length >= 2 ? (window.done = true) : setTimeout(wait, 20));
        wait();
      });
    </script>`;
}

beforeAll(async () => {
  env.server.addPage('/mqtt.html', mqttPage(env.server.wsOrigin));
  const page = env.session.page;
  await page.goto(`${env.server.origin}/mqtt.html`);
  await until('the MQTT session', () => page.evaluate(() => (window as unknown as { done: boolean }).done));
  panel = await openPanel(env.session, page);
  await connections(panel).getByRole('option', { name: /\/mqtt/ }).click();
});

afterAll(async () => {
  await panel?.close();
});

/** The rows, once every packet the session ends with has been decoded. */
function sessionRows(): Promise<string[]> {
  return until('the broker’s packets decoded', async () => {
    const rows = await rowTexts(panel);
    return rows.some((t) => t.includes('PUBCOMP')) && rows.filter((t) => /PUBLISH demo\/q2/.test(t)).length >= 2 ? rows : undefined;
  });
}

/** The one row whose text matches. */
const row = (text: RegExp) => grid(panel).getByRole('row').filter({ hasText: text });
const decodedPane = () => details(panel).getByRole('region', { name: 'Decoded' });

/**
 * Selects the first row matching `rowText` until the decoded pane says `paneText`: the grid moves
 * rows under the pointer while it follows new messages, so a click may land on another row.
 */
async function selectUntil(what: string, rowText: RegExp, paneText: RegExp): Promise<void> {
  await until(what, async () => {
    await row(rowText).first().click({ timeout: 2_000 });
    return paneText.test(await decodedPane().innerText({ timeout: 2_000 }));
  });
}

describe('MQTT over WebSocket, packets split across frames', () => {
  it('decodes the broker’s packets whole, each piece a part of its packet', async () => {
    const rows = await sessionRows();
    const broker = rows.filter((t) => t.includes('↓'));
    // aedes writes no packet in one frame: every one is reassembled.
    for (const kind of ['CONNACK accepted', 'SUBACK #\\d+ codes 2', 'PUBACK #\\d+', 'PUBREC #\\d+', 'PUBCOMP #\\d+', 'PUBLISH demo/q1 qos1', 'PUBLISH demo/q2 qos2']) {
      expect(broker.some((t) => new RegExp(`${kind}.*\\(from \\d+ frames\\)`).test(t))).toBe(true);
    }
    expect(broker.some((t) => /part 1\/\d+ of SUBACK #\d+ codes 2/.test(t))).toBe(true);
    for (const t of rows) expect(t).not.toMatch(/reserved|continues past this frame|incomplete length|malformed/);
  });

  it('pairs SUBACK with SUBSCRIBE and PUBACK and PUBREC with their PUBLISH', async () => {
    await sessionRows();
    await selectUntil('the SUBACK as the response', /↑.*SUBSCRIBE demo\/#/s, /Response: SUBACK #\d+ codes 2/);
    await selectUntil('the PUBACK as the response', /↑.*PUBLISH demo\/q1 qos1/s, /Response: PUBACK #\d+/);
    await decodedPane().getByRole('button', { name: 'Go to response' }).click();
    const selected = grid(panel).getByRole('row', { selected: true });
    await until('the PUBACK selected', async () => /PUBACK #\d+ \(from \d+ frames\)/.test(await selected.innerText()));
    const pane = await decodedPane().innerText();
    expect(pane).toMatch(/Reassembled from frames #\d+, #\d+/);
    expect(pane).toMatch(/Request: PUBLISH demo\/q1 qos1/);

    await selectUntil('the PUBREC as the response', /↑.*PUBLISH demo\/q2 qos2/s, /Response: PUBREC #\d+/);
  });

  it('leads from a part to its packet and back to the first part', async () => {
    await sessionRows();
    await selectUntil('the part described', /part 1\/\d+ of SUBACK/, /Part 1 of \d+ of SUBACK, 1 byte here, completed in frame #\d+: SUBACK #\d+ codes 2/);
    await decodedPane().getByRole('button', { name: 'Go to message' }).click();
    const selected = grid(panel).getByRole('row', { selected: true });
    await until('the SUBACK selected', async () => /SUBACK #\d+ codes 2 \(from \d+ frames\)/.test(await selected.innerText()));
    await decodedPane().getByRole('button', { name: 'Go to first part' }).click();
    await until('the first part selected again', async () => /part 1\/\d+ of SUBACK/.test(await selected.innerText()));
  });
});
