/** Real `ws` clients and SSE parsing for the server's own tests. */
import { connect } from 'node:net';
import WebSocket from 'ws';
import { toBuffer } from './ws-endpoint';

export interface ClientMessage {
  data: Buffer;
  binary: boolean;
}

/** A connected client that records every message it receives. */
export interface TestClient {
  ws: WebSocket;
  messages: ClientMessage[];
  /** Resolves with the close code and reason the client saw. */
  closed: Promise<{ code: number; reason: string }>;
}

export function connectClient(url: string, protocols: string[] = []): Promise<TestClient> {
  const ws = new WebSocket(url, protocols);
  const messages: ClientMessage[] = [];
  ws.on('message', (data, binary) => messages.push({ data: toBuffer(data), binary }));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('error', reject);
  });
}

/** The HTTP status a WebSocket upgrade was refused with. */
export function upgradeRefusal(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => reject(new Error(`${url} was accepted`)));
    ws.on('error', () => {});
  });
}

/** One block of an event stream (everything up to a blank line) as [field, value] pairs. */
export type StreamBlock = Array<[field: string, value: string]>;

/** Splits a complete `text/event-stream` body into blocks; comment lines keep the field ''. */
export function parseEventStream(body: string): StreamBlock[] {
  return body
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) =>
      block.split('\n').map((line): [string, string] => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')];
      }),
    );
}

export function field(block: StreamBlock, name: string): string | undefined {
  return block.find(([key]) => key === name)?.[1];
}

/** The ids of the blocks that are events. */
export function eventIds(blocks: StreamBlock[]): number[] {
  return blocks.flatMap((block) => {
    const id = field(block, 'id');
    return id === undefined ? [] : [Number(id)];
  });
}

/**
 * GETs `path` over a raw socket and returns the body's HTTP/1.1 chunks as the server wrote
 * them (TCP may merge writes; chunked transfer encoding keeps their boundaries).
 */
export function readHttpChunks(origin: string, path: string): Promise<{ head: string; chunks: Buffer[] }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
    const received: Buffer[] = [];
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(received);
      const headEnd = raw.indexOf('\r\n\r\n');
      const chunks: Buffer[] = [];
      for (let at = headEnd + 4; ; ) {
        const sizeEnd = raw.indexOf('\r\n', at);
        const size = parseInt(raw.subarray(at, sizeEnd).toString(), 16);
        if (!(size > 0)) break;
        chunks.push(raw.subarray(sizeEnd + 2, sizeEnd + 2 + size));
        at = sizeEnd + 2 + size + 2;
      }
      resolve({ head: raw.subarray(0, headEnd).toString(), chunks });
    });
  });
}
