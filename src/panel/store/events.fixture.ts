/** Hook events and log entries for the panel's tests, with defaults that say nothing surprising. */
import { WORKER_FRAME_ID, type CloseEvent, type CreateEvent, type ErrorEvent, type FrameEvent, type FrameOrigin, type OpenEvent, type WorkerSource } from '../../shared/protocol';
import type { LogEntry } from './message-log';

export const ORIGIN: FrameOrigin = { frameId: 0, documentId: 'doc-1' };
/** A batch the service worker wrote from what the debugger saw in a worker. */
export const WORKER_ORIGIN: FrameOrigin = { frameId: WORKER_FRAME_ID, documentId: 'worker:target-1' };
export const DEDICATED_WORKER: WorkerSource = {
  kind: 'dedicated',
  url: 'https://example.test/js/feed-worker.js',
  name: 'feed',
  startedBy: 'https://example.test/page.html',
};
const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

export const create = (conn: string, over: Partial<CreateEvent> = {}): CreateEvent => ({
  type: 'create',
  conn,
  seq: 0,
  time: T0,
  kind: 'ws',
  url: `wss://example.test/${conn}`,
  protocols: [],
  withCredentials: false,
  frameUrl: 'https://example.test/page.html',
  ...over,
});

export const open = (conn: string, seq: number, over: Partial<OpenEvent> = {}): OpenEvent => ({
  type: 'open',
  conn,
  seq,
  time: T0 + seq,
  protocol: '',
  extensions: '',
  ...over,
});

export const frame = (conn: string, seq: number, over: Partial<FrameEvent> = {}): FrameEvent => ({
  type: 'frame',
  conn,
  seq,
  time: T0 + seq,
  dir: 'in',
  via: 'page',
  opcode: 'text',
  size: 5,
  data: 'hello',
  truncated: false,
  ...over,
});

export const close = (conn: string, seq: number, over: Partial<CloseEvent> = {}): CloseEvent => ({
  type: 'close',
  conn,
  seq,
  time: T0 + seq,
  code: 1000,
  reason: '',
  wasClean: true,
  initiator: 'server',
  ...over,
});

export const error = (conn: string, seq: number, over: Partial<ErrorEvent> = {}): ErrorEvent => ({
  type: 'error',
  conn,
  seq,
  time: T0 + seq,
  reconnecting: false,
  ...over,
});

/** A received text frame of the log, as the grid reads it back. */
export const logEntry = (over: Partial<LogEntry> = {}): LogEntry => ({
  connIndex: 0,
  seq: 1,
  time: 1000.5,
  kind: 'frame',
  dir: 'in',
  via: 'page',
  opcode: 'text',
  truncated: false,
  size: 5,
  data: 'hello',
  event: undefined,
  lastEventId: undefined,
  ...over,
});
