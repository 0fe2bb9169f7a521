import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelope, type PanelRequest } from '../shared/protocol';
import { ORIGIN, create } from './store/events.fixture';
import { createPanelTransport, PING_INTERVAL_MS, type LinkStatus, type PortLike } from './transport';

/** A runtime port the test drives from the service worker's side. */
function fakePort() {
  const messageListeners: ((m: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  const port = {
    sent: [] as PanelRequest[],
    disconnected: false,
    postMessage(message: PanelRequest) {
      if (port.disconnected) throw new Error('Attempting to use a disconnected port object');
      port.sent.push(message);
    },
    disconnect() {
      port.disconnected = true;
    },
    onMessage: { addListener: (l: (m: unknown) => void) => messageListeners.push(l) },
    onDisconnect: { addListener: (l: () => void) => disconnectListeners.push(l) },
    deliver: (m: unknown) => messageListeners.forEach((l) => l(m)),
    /** The service worker went away. */
    drop() {
      port.disconnected = true;
      disconnectListeners.forEach((l) => l());
    },
  };
  return port satisfies PortLike;
}

describe('panel transport', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    const ports: ReturnType<typeof fakePort>[] = [];
    const transport = createPanelTransport({
      tabId: 42,
      connect: () => {
        const port = fakePort();
        ports.push(port);
        return port;
      },
    });
    const statuses: LinkStatus[] = [];
    transport.onStatus((s) => statuses.push(s));
    return { transport, ports, statuses };
  };

  it('subscribes to the tab and pings to keep the service worker alive', () => {
    const { transport, ports } = setup();
    transport.start();
    expect(ports[0]!.sent).toEqual([envelope({ kind: 'subscribe', tabId: 42 }), envelope({ kind: 'rules', tabId: 42, rules: [], blocked: [] })]);
    vi.advanceTimersByTime(PING_INTERVAL_MS * 2);
    expect(ports[0]!.sent.slice(2)).toEqual([envelope({ kind: 'ping' }), envelope({ kind: 'ping' })]);
    transport.stop();
  });

  it('passes on only what is a panel message, with the valid events of its batch', () => {
    const { transport, ports } = setup();
    const received: unknown[] = [];
    const unsubscribe = transport.onMessage((m) => received.push(m));
    transport.start();
    const batch = (events: unknown[]) => envelope({ kind: 'batch', origin: ORIGIN, json: JSON.stringify(envelope({ events })) });
    ports[0]!.deliver(batch([create('a'), { type: 'frame', conn: 'a' }]));
    ports[0]!.deliver(batch([{ type: 'frame', conn: 'a' }]));
    ports[0]!.deliver(envelope({ kind: 'batch', origin: ORIGIN, json: '{"events":[' }));
    ports[0]!.deliver({ kind: 'batch', json: '{}' });
    ports[0]!.deliver('<script>');
    expect(received).toEqual([{ origin: ORIGIN, events: [create('a')] }]);
    unsubscribe();
    ports[0]!.deliver(batch([create('b')]));
    expect(received).toHaveLength(1);
    transport.stop();
  });

  it('posts the intercept rules when they change and again after every subscribe, which a restarted worker needs', () => {
    const { transport, ports } = setup();
    const problems: string[] = [];
    transport.onRulesProblem((error) => problems.push(error));
    const rules = envelope({ kind: 'rules', tabId: 42, rules: [], blocked: [{ text: 'ads' }] });
    transport.setRules([], [{ text: 'ads' }]);
    transport.start();
    expect(ports[0]!.sent).toEqual([envelope({ kind: 'subscribe', tabId: 42 }), rules]);
    transport.setRules([], []);
    expect(ports[0]!.sent.at(-1)).toEqual(envelope({ kind: 'rules', tabId: 42, rules: [], blocked: [] }));
    transport.setRules([], [{ text: 'ads' }]);
    ports[0]!.drop();
    vi.advanceTimersByTime(100);
    expect(ports[1]!.sent).toEqual([envelope({ kind: 'subscribe', tabId: 42 }), rules]);
    ports[1]!.deliver(envelope({ kind: 'rules-problem', error: 'Too many rules' }));
    expect(problems).toEqual(['Too many rules']);
    transport.stop();
  });

  it('asks for worker capture when the user turns it on and again after every subscribe, until the service worker stops it with an error', () => {
    const { transport, ports } = setup();
    const states: unknown[] = [];
    transport.onWorkersState((state) => states.push(state));
    const subscribe = [envelope({ kind: 'subscribe', tabId: 42 }), envelope({ kind: 'rules', tabId: 42, rules: [], blocked: [] })];
    transport.start();
    expect(ports[0]!.sent).toEqual(subscribe);
    transport.setWorkerCapture(true);
    expect(ports[0]!.sent.at(-1)).toEqual(envelope({ kind: 'workers', tabId: 42, on: true }));
    ports[0]!.deliver(envelope({ kind: 'workers-state', on: true }));
    ports[0]!.deliver({ kind: 'workers-state', on: 'yes' });

    ports[0]!.drop();
    vi.runOnlyPendingTimers();
    expect(ports[1]!.sent).toEqual([...subscribe, envelope({ kind: 'workers', tabId: 42, on: true })]);
    // What a restarted service worker says on subscribe, before it has read the request.
    ports[1]!.deliver(envelope({ kind: 'workers-state', on: false }));
    ports[1]!.deliver(envelope({ kind: 'workers-state', on: false, error: 'Debugging was cancelled' }));
    expect(states).toEqual([{ on: true }, { on: false }, { on: false, error: 'Debugging was cancelled' }]);

    ports[1]!.drop();
    vi.runOnlyPendingTimers();
    expect(ports[2]!.sent).toEqual(subscribe);
    transport.setWorkerCapture(true);
    transport.setWorkerCapture(false);
    expect(ports[2]!.sent.slice(2)).toEqual([envelope({ kind: 'workers', tabId: 42, on: true }), envelope({ kind: 'workers', tabId: 42, on: false })]);
    ports[2]!.drop();
    vi.runOnlyPendingTimers();
    expect(ports[3]!.sent).toEqual(subscribe);
    transport.stop();
  });

  it('reconnects and subscribes again when the service worker goes away', () => {
    const { transport, ports, statuses } = setup();
    transport.start();
    ports[0]!.drop();
    expect(statuses).toEqual(['connected', 'reconnecting']);
    vi.runOnlyPendingTimers();
    expect(ports).toHaveLength(2);
    expect(ports[1]!.sent[0]).toEqual(envelope({ kind: 'subscribe', tabId: 42 }));
    expect(statuses.at(-1)).toBe('connected');
    // A port that died before its disconnect event: the next ping notices.
    ports[1]!.disconnected = true;
    vi.advanceTimersByTime(PING_INTERVAL_MS);
    vi.runOnlyPendingTimers();
    expect(ports).toHaveLength(3);
    transport.stop();
    expect(statuses.at(-1)).toBe('stopped');
  });

  it('stops for good when the extension context is gone', () => {
    const transport = createPanelTransport({
      tabId: 1,
      connect: () => {
        throw new Error('Extension context invalidated.');
      },
    });
    const statuses: LinkStatus[] = [];
    transport.onStatus((s) => statuses.push(s));
    transport.start();
    vi.runAllTimers();
    expect(statuses).toEqual(['stopped']);
  });
});
