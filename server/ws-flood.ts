import type { WebSocket } from 'ws';
import { readBoolParam, readIntParam } from './query';
import type { Scope } from './scope';
import type { WsEndpoint } from './ws-endpoint';

const MAX_COUNT = 2_000_000;
const MAX_SIZE = 64 * 1024 * 1024;

/**
 * Messages are handed to `ws` in chunks of about this many bytes (or messages); the flood
 * then waits for the send callback of the chunk's last message, i.e. until the chunk has
 * been written to the socket. That bounds the memory held in `ws`' queue and the kernel's
 * buffer whatever the client's pace, and yields to the event loop between chunks.
 */
const CHUNK_BYTES = 1024 * 1024;
const CHUNK_MESSAGES = 1024;

/** Shortest wait between two paced chunks; timers do not resolve finer than this anyway. */
const MIN_PACING_WAIT_MS = 4;

interface FloodPlan {
  count: number;
  size: number;
  binary: boolean;
  /** Messages per second; 0 = as fast as the client reads. */
  rate: number;
}

/**
 * Sends `count` messages of exactly `size` bytes, then `{"type":"flood-end","count":N}`.
 * Text: `000001|xxxx…`, the 1-based message number zero-padded to at least 6 digits and a
 * `|`, padded with `x` (cut to `size` when `size` is smaller). Binary: the message number as
 * a big-endian uint32 in the first 4 bytes (when `size` ≥ 4), then bytes `i & 0xff`.
 * `count=1&size=16777216` is one 16 MiB frame.
 */
export const floodEndpoint: WsEndpoint = {
  path: '/ws/flood',
  accept(url) {
    const params = url.searchParams;
    const plan: FloodPlan = {
      count: readIntParam(params, 'count', { fallback: 1000, min: 0, max: MAX_COUNT }),
      size: readIntParam(params, 'size', { fallback: 64, min: 0, max: MAX_SIZE }),
      binary: readBoolParam(params, 'binary', false),
      rate: readIntParam(params, 'rate', { fallback: 0, min: 0, max: 10_000_000 }),
    };
    return {
      serve({ ws, scope }) {
        // A rejected send means the client went away mid-flood; its scope is ending anyway.
        flood(ws, scope, plan).catch(() => scope.dispose());
      },
    };
  },
};

async function flood(ws: WebSocket, scope: Scope, plan: FloodPlan): Promise<void> {
  const makeMessage = plan.binary ? binaryMessageMaker(plan.size) : textMessageMaker(plan.size, plan.count);
  const chunkLimit = Math.max(1, Math.min(CHUNK_MESSAGES, Math.floor(CHUNK_BYTES / Math.max(1, plan.size))));
  const startedAt = performance.now();
  let sent = 0;

  while (sent < plan.count) {
    const due = plan.rate > 0 ? Math.min(plan.count, dueByNow(startedAt, plan.rate)) : plan.count;
    if (due <= sent) {
      const nextDueAt = startedAt + (sent * 1000) / plan.rate;
      await scope.delay(Math.max(MIN_PACING_WAIT_MS, nextDueAt - performance.now()));
    } else {
      const chunkEnd = Math.min(due, sent + chunkLimit);
      while (sent < chunkEnd - 1) {
        sent += 1;
        ws.send(makeMessage(sent), { binary: plan.binary });
      }
      sent += 1;
      await sendAndWaitUntilWritten(ws, makeMessage(sent), plan.binary);
    }
    if (scope.disposed) return;
  }
  ws.send(JSON.stringify({ type: 'flood-end', count: plan.count }));
}

/** How many messages a flood paced at `rate` per second should have sent by now (≥ 1). */
function dueByNow(startedAt: number, rate: number): number {
  return Math.floor(((performance.now() - startedAt) * rate) / 1000) + 1;
}

function sendAndWaitUntilWritten(ws: WebSocket, message: Buffer, binary: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.send(message, { binary }, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Each message is a fresh copy of a template: `ws` keeps a reference to a queued buffer
 * until it is written, so one reused buffer would be overwritten while still queued.
 */
function textMessageMaker(size: number, count: number): (n: number) => Buffer {
  const template = Buffer.alloc(size, 'x');
  const digits = Math.max(6, String(count).length);
  return (n) => {
    const message = Buffer.from(template);
    message.write(`${String(n).padStart(digits, '0')}|`, 0, 'latin1');
    return message;
  };
}

function binaryMessageMaker(size: number): (n: number) => Buffer {
  const template = Buffer.alloc(size, Uint8Array.from({ length: 256 }, (_, i) => i));
  return (n) => {
    const message = Buffer.from(template);
    if (size >= 4) message.writeUInt32BE(n, 0);
    return message;
  };
}
