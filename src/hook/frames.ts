/** Records a frame's payload on its connection, synchronously or, for a Blob, once it is read. */
import type { Direction, FrameVia } from '../shared/protocol';
import { record, reserve, type Connection, type EventBody } from './connection';
import { captureBlob, type CapturedPayload } from './payload';

function frameBody(dir: Direction, via: FrameVia, payload: CapturedPayload): EventBody {
  return { type: 'frame', dir, via, ...payload };
}

export function recordFrame(connection: Connection, dir: Direction, via: FrameVia, payload: CapturedPayload): void {
  record(connection, frameBody(dir, via, payload));
}

/** The frame keeps the sequence number it gets now; the connection's later events wait for it. */
export function recordBlobFrame(connection: Connection, dir: Direction, via: FrameVia, blob: Blob): void {
  const complete = reserve(connection);
  captureBlob(blob, (payload) => complete(frameBody(dir, via, payload)));
}
