/** Records a frame's payload on its connection. */
import type { Direction, FrameVia } from '../shared/protocol';
import { record, type Connection } from './connection';
import type { CapturedPayload } from './payload';

export function recordFrame(connection: Connection, dir: Direction, via: FrameVia, payload: CapturedPayload): void {
  record(connection, { type: 'frame', dir, via, ...payload });
}
