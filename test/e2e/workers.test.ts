/**
 * Worker traffic through Chrome's debugger: every kind of worker's sockets reach the panel with
 * their worker named, and the workers (and the page) observe exactly what they do without the
 * extension, their errors included, with worker capture on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateEvent, FrameEvent, HookEvent, WorkerKind } from '../../src/shared/protocol';
import { WORKER_FRAME_ID } from '../../src/shared/protocol';
import { addHostileWorkerPage, addShadowingWorkerPage, addWorkerPages, type WorkerPaths } from '../fixtures/worker-pages';
import { interceptRule } from '../../src/shared/intercept-rules';
import { currentServiceWorker, launch, openEventTap, until, useDemoServer, type AttributedEvent, type EventTap, type Session } from './harness';

const demo = useDemoServer();
let paths: WorkerPaths;

beforeAll(() => {
  paths = addWorkerPages(demo.server, `${demo.server.wsOrigin}/ws/echo`);
});

type Report = Record<string, unknown>;

/** The page's report, with each blob: URL's random part blanked (it differs from run to run). */
async function pageReport(session: Session, path: string): Promise<Report> {
  await session.page.goto(`${demo.server.origin}${path}`);
  const report = await session.page.evaluate(() => (window as unknown as { workerReports: Promise<Report> }).workerReports);
  return JSON.parse(JSON.stringify(report).replace(/(blob:[^"/\s]+\/\/[^"/\s]+\/)[0-9a-f-]{36}/g, '$1<uuid>')) as Report;
}

const creates = (events: AttributedEvent[]): { origin: AttributedEvent['origin']; event: CreateEvent }[] =>
  events.filter((e): e is { origin: AttributedEvent['origin']; event: CreateEvent } => e.event.type === 'create');

const framesOf = (events: AttributedEvent[], conn: string): FrameEvent[] =>
  events.map((e) => e.event).filter((e: HookEvent): e is FrameEvent => e.type === 'frame' && e.conn === conn);

describe('worker capture', () => {
  let session: Session;
  let tap: EventTap;

  beforeAll(async () => {
    session = await launch({ grantOptionalPermissions: true });
    tap = await openEventTap(session, session.page);
    await tap.setWorkerCapture(true);
    await session.page.goto(`${demo.server.origin}${paths.page}`);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  /** The worker connection whose hello (or, joined late, whose tick) the server echoed back. */
  async function echoedSocket(label: string): Promise<{ create: CreateEvent; frames: FrameEvent[] }> {
    return until(`the ${label} worker's socket, echoed`, async () => {
      const events = await tap.events();
      for (const { origin, event } of creates(events)) {
        if (origin.frameId !== WORKER_FRAME_ID || event.kind !== 'ws') continue;
        const frames = framesOf(events, event.conn);
        const echoed = frames.some((f) => f.dir === 'in' && (f.data === `hello ${label}` || f.data.startsWith(`tick ${label} `)));
        if (echoed) return { create: event, frames };
      }
      return undefined;
    });
  }

  it.each([
    ['dedicated', 'dedicated', '/w/dedicated.js', 'ticker', '/w/index.html'],
    ['nested', 'dedicated', '/w/nested.js', 'inner', '/w/dedicated.js'],
    ['module', 'dedicated', '/w/module.js', '', '/w/index.html'],
  ] as const)('lists the %s worker’s socket with its frames, its worker and who started it', async (label, kind, script, name, starter) => {
    const { create, frames } = await echoedSocket(label);
    expect(create.worker).toEqual({ kind, url: `${demo.server.origin}${script}`, name, startedBy: `${demo.server.origin}${starter}` });
    expect(create.url).toBe(`${demo.server.wsOrigin}/ws/echo?from=${label}`);
    // Attached before its script ran: nothing is missed, from the first message on, in order.
    const sent = frames.filter((f) => f.dir === 'out').map((f) => f.data);
    expect(sent[0]).toBe(`hello ${label}`);
    expect(frames.filter((f) => f.dir === 'out').map((f) => f.totalMessages)).toEqual(sent.map((_, i) => i + 1));
  });

  it.each([
    ['blob', 'blob:'],
    ['data', 'data:text/javascript,'],
  ] as const)('lists a socket of a worker started from a %s URL', async (label, scheme) => {
    const { create } = await echoedSocket(label);
    expect(create.worker?.kind).toBe('dedicated');
    expect(create.worker?.url.startsWith(scheme)).toBe(true);
  });

  it.each([
    ['shared', 'shared', '/w/shared.js', 'hub'],
    ['service', 'service', '/w/service.js', ''],
  ] as const)('lists the %s worker’s socket, attributed to its kind, script and name', async (label, kind: WorkerKind, script, name) => {
    const { create } = await echoedSocket(label);
    expect(create.worker).toMatchObject({ kind, url: `${demo.server.origin}${script}`, name, startedBy: '', readOnly: true });
  });

  it('names the documents connected to a shared worker, as their hooks saw them connect', async () => {
    const client = await until('the page’s connection to the shared worker', async () =>
      (await tap.events()).map((e) => e.event).find((e) => e.type === 'worker-client'),
    );
    expect(client).toMatchObject({ url: `${demo.server.origin}/w/shared.js`, name: 'hub', frameUrl: `${demo.server.origin}${paths.page}` });
  });

  it('lists the dedicated worker’s EventSource with its events', async () => {
    const source = await until('the worker’s EventSource with an event', async () => {
      const events = await tap.events();
      const create = creates(events).find((c) => c.event.kind === 'sse' && c.event.worker?.url.endsWith('/w/dedicated.js'));
      return create && framesOf(events, create.event.conn).length > 0 ? framesOf(events, create.event.conn) : undefined;
    });
    expect(source[0]).toMatchObject({ dir: 'in', opcode: 'text', event: expect.any(String) });
  });

  it('reads a worker’s fetch stream, message by message', async () => {
    const records = await until('the worker’s NDJSON records', async () => {
      const events = await tap.events();
      const create = creates(events).find((c) => c.event.kind === 'stream' && c.event.worker?.url.endsWith('/w/dedicated.js'));
      const frames = create ? framesOf(events, create.event.conn) : [];
      return frames.length === 3 ? frames : undefined;
    });
    expect(records.map((f) => JSON.parse(f.data) as unknown)).toEqual([expect.objectContaining({ n: 1 }), expect.objectContaining({ n: 2 }), expect.objectContaining({ n: 3 })]);
  });

  it('sends, injects and closes on a hooked worker’s socket, as on a page’s', async () => {
    const { create } = await echoedSocket('dedicated');
    const origin = (await tap.events()).find((e) => e.event === create || e.event.conn === create.conn)!.origin;
    expect(await tap.command(origin, { op: 'send', conn: create.conn, opcode: 'text', data: 'from the panel' })).toEqual({ ok: true });
    await demo.server.waitFor(() => demo.server.received.some((m) => m.data === 'from the panel'));
    expect(await tap.command(origin, { op: 'inject', conn: create.conn, opcode: 'text', data: 'injected into the worker' })).toEqual({ ok: true });
    const saw = () => session.page.evaluate(() => (window as unknown as { workerSaw: string[] }).workerSaw);
    await until('the worker’s socket hearing the echo and the injected message', async () => {
      const heard = await saw();
      return heard.includes('from the panel') && heard.includes('injected into the worker');
    });
    const frames = framesOf(await tap.events(), create.conn);
    expect(frames.filter((f) => f.via === 'panel').map((f) => f.data)).toEqual(['from the panel']);
    expect(frames.filter((f) => f.via === 'inject').map((f) => f.data)).toEqual(['injected into the worker']);
    // A shared worker's socket is only watched: the command is refused, and says why.
    const shared = await echoedSocket('shared');
    const sharedOrigin = (await tap.events()).find((e) => e.event.conn === shared.create.conn)!.origin;
    const refused = await tap.command(sharedOrigin, { op: 'send', conn: shared.create.conn, opcode: 'text', data: 'x' });
    expect(refused.ok).toBe(false);
  });

  it('applies intercept rules inside a hooked worker, and lets go of them when capture stops', async () => {
    const { create } = await echoedSocket('nested');
    await tap.setRules([interceptRule('drop-nested-ticks', { url: '?from=nested', direction: 'out', match: 'tick nested', action: 'drop' })]);
    const dropped = await until('a nested tick dropped by the rule', async () =>
      framesOf(await tap.events(), create.conn).find((f) => f.action === 'drop' && f.data.startsWith('tick nested')),
    );
    expect(demo.server.received.some((m) => m.data === dropped.data)).toBe(false);
    await tap.setRules([]);
  });

  it('tells the panel when a hooked worker ends, with the connections it had open', async () => {
    const { create } = await echoedSocket('nested');
    const origin = (await tap.events()).find((e) => e.event.conn === create.conn)!.origin;
    // Ending the dedicated worker ends the nested one it started.
    await session.page.evaluate(() => (window as unknown as { stopDedicated(): void }).stopDedicated());
    await until('the nested worker’s end', async () =>
      (await tap.notices()).some((n) => n.kind === 'worker-ended' && n.documentId === origin.documentId),
    );
  });

  it('stops when asked, and the sockets of the page’s workers stop arriving', async () => {
    await tap.setWorkerCapture(false);
    const count = (await tap.events()).length;
    await new Promise((r) => setTimeout(r, 1000));
    const later = (await tap.events()).slice(count).filter((e) => e.origin.frameId === WORKER_FRAME_ID);
    // What was on its way when capture stopped may still arrive; the ticks (every 250 ms) do not.
    expect(later.filter((e) => e.event.type === 'frame').length).toBeLessThan(6);
  });
});

describe('a hooked worker whose debugger session ends unannounced', () => {
  it('detaches itself and lets go of what its rules held', async () => {
    const session = await launch({ grantOptionalPermissions: true });
    try {
      const tap = await openEventTap(session, session.page);
      await tap.setWorkerCapture(true);
      await tap.setRules([interceptRule('hold-a-tick', { url: '?from=dedicated', direction: 'out', match: 'tick dedicated', action: 'pause' })]);
      await session.page.goto(`${demo.server.origin}${paths.page}`);
      const held = await until('a tick held by the rule', async () =>
        (await tap.events()).map((e) => e.event).find((e): e is FrameEvent => e.type === 'frame' && e.action === 'pause'),
      );
      // The first session's workers sent the same ticks: count, rather than look for, this one.
      const sent = (): number => demo.server.received.filter((m) => m.data === held.data).length;
      const before = sent();
      // What a crash of Frametap, or Chrome's bar closed, leaves: the session gone, nobody to say so.
      const serviceWorker = await currentServiceWorker(session);
      await serviceWorker.evaluate((tabId) => chrome.debugger.detach({ tabId }), session.pageTabId);
      await demo.server.waitFor(() => sent() === before + 1, 20_000);
    } finally {
      await session.close();
    }
  }, 60_000);
});

describe('a hooked worker that fights back', () => {
  it('observes the same with and without Frametap, and its conversation is captured whole', async () => {
    const path = addHostileWorkerPage(demo.server, `${demo.server.wsOrigin}/ws/echo`);
    const run = async (extension: boolean): Promise<{ report: Report; captured: FrameEvent[] }> => {
      const session = await launch(extension ? { grantOptionalPermissions: true } : { extension: false });
      try {
        const tap = extension ? await openEventTap(session, session.page) : null;
        await tap?.setWorkerCapture(true);
        await session.page.goto(`${demo.server.origin}${path}`);
        const report = await session.page.evaluate(() => (window as unknown as { workerReport: Promise<Report> }).workerReport);
        if (!tap) return { report, captured: [] };
        const frames = await until('the hostile worker’s frames', async () => {
          const events = await tap.events();
          const socket = creates(events).find((c) => c.event.url.endsWith('?page=hostile-worker') && c.event.kind === 'ws');
          const found = socket ? framesOf(events, socket.event.conn) : [];
          return found.length === 6 ? found : undefined;
        });
        return { report, captured: frames };
      } finally {
        await session.close();
      }
    };
    const without = await run(false);
    const withExtension = await run(true);
    expect(withExtension.report).toEqual(without.report);
    expect(withExtension.captured.map((f) => `${f.dir} ${f.opcode} ${f.size}`)).toEqual([
      'out text 12', 'out binary 4', 'out binary 12', 'in text 12', 'in binary 4', 'in binary 12',
    ]);
  }, 120_000);
});

describe('a worker whose script shadows a name the hook reads', () => {
  it('works as without Frametap, and is hooked all the same', async () => {
    const path = addShadowingWorkerPage(demo.server, `${demo.server.wsOrigin}/ws/echo`);
    const session = await launch({ grantOptionalPermissions: true });
    try {
      const tap = await openEventTap(session, session.page);
      await tap.setWorkerCapture(true);
      await session.page.goto(`${demo.server.origin}${path}`);
      expect(await session.page.evaluate(() => (window as unknown as { workerReport: Promise<string> }).workerReport)).toBe('mine shadowing hello');
      const socket = await until('the watched worker’s socket, echoed', async () => {
        const events = await tap.events();
        const create = creates(events).find((c) => c.event.url.endsWith('?page=shadowing'));
        return create && framesOf(events, create.event.conn).length === 2 ? create.event : undefined;
      });
      expect(socket.worker).toEqual({ kind: 'dedicated', url: `${demo.server.origin}/w/shadowing-worker.js`, name: '', startedBy: `${demo.server.origin}${path}` });
    } finally {
      await session.close();
    }
  }, 60_000);
});

describe('worker fidelity with worker capture on', () => {
  const run = async (extension: boolean, path: string): Promise<Report> => {
    const session = await launch(extension ? { grantOptionalPermissions: true } : { extension: false });
    try {
      if (extension) await (await openEventTap(session, session.page)).setWorkerCapture(true);
      return await pageReport(session, path);
    } finally {
      await session.close();
    }
  };

  it('gives every kind of worker the same observations as without the extension', async () => {
    const without = await run(false, paths.page);
    const withExtension = await run(true, paths.page);
    expect(Object.keys(without.reports as Report).sort()).toEqual(['blob', 'data', 'dedicated', 'module']);
    expect(withExtension).toEqual(without);
  }, 120_000);

  it('keeps a page working whose CSP refuses blob: and data: workers, refusing the same ones', async () => {
    const without = await run(false, paths.strictPage);
    const withExtension = await run(true, paths.strictPage);
    expect(Object.keys(without.reports as Report).sort()).toEqual(['dedicated', 'module']);
    expect(withExtension).toEqual(without);
  }, 120_000);
});
