/**
 * One real-time channel of the inspected tab, as the sidebar shows it: a WebSocket, an
 * EventSource, a stream read through fetch or XHR, or a polling channel.
 */
import type { CloseInitiator, ConnId, ConnKind, Framing, HttpApi, WorkerSource } from '../../shared/protocol';

/** What a `stream` or `poll` connection is made of. */
export interface HttpDetails {
  api: HttpApi;
  method: string;
  framing: Framing;
  /** A polling channel found by its rhythm: the interval between its requests. */
  intervalMs?: number;
  /** A stream's response status. */
  status?: number;
}

export type ConnState =
  | { phase: 'connecting'; reconnecting: boolean }
  | { phase: 'open' }
  | { phase: 'closed'; code: number; reason: string; wasClean: boolean; initiator: CloseInitiator }
  | { phase: 'error' };

/** Immutable: the reducer replaces a connection (once per batch) when it changes. */
export interface Connection {
  id: ConnId;
  /** Small integer the message log stores instead of the id string. */
  index: number;
  /** 'unknown' until an event tells: the `create` event never reached the panel. */
  kind: ConnKind | 'unknown';
  url: string;
  /** URL of the frame (document) that opened it. */
  frameUrl: string;
  frameId: number;
  documentId: string;
  /** WebSocket: requested sub-protocols, then the negotiated one and extensions. */
  requestedProtocols: readonly string[];
  protocol: string;
  extensions: string;
  state: ConnState;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Messages (both ways) the connection had when the user last cleared the log: those are gone on purpose. */
  messagesCleared: number;
  /** Epoch ms of the first event the panel saw (the `create` event, normally). */
  startTime: number;
  /** Epoch ms of the final close or failure; null while alive. */
  endTime: number | null;
  /** Its document is gone: the tab navigated since (kept only with Preserve log on). */
  previousPage: boolean;
  /** `stream` and `poll` connections only. */
  http?: HttpDetails;
  /**
   * The worker it was opened in, reached through Chrome's debugger (read-only when it is only
   * watched). Taken only from the service worker's own batches (WORKER_FRAME_ID), never from a page's.
   */
  worker?: WorkerSource;
}

/** Messages the panel should hold for this connection, had no budget dropped any. */
export const expectedMessages = (c: Connection): number => c.messagesIn + c.messagesOut - c.messagesCleared;

/** Closed and failed connections go on a Clear; live ones stay. */
export function isFinished(c: Connection): boolean {
  return c.endTime !== null || c.previousPage;
}
