/** Frames for decoder tests, built the way the hook builds them (binary as base64). */
import type { Direction } from '../shared/protocol';
import type { Decoded, DecodeResult, DecoderFrame } from './types';

let seq = 0;

export function textFrame(dir: Direction, data: string): DecoderFrame {
  return { dir, opcode: 'text', data, seq: ++seq };
}

export function binaryFrame(dir: Direction, bytes: Uint8Array | ArrayBuffer): DecoderFrame {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  return { dir, opcode: 'binary', data: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64'), seq: ++seq };
}

/** The messages of a frame that must have decoded; fails the test with the result otherwise. */
export function decoded(result: DecodeResult): Decoded[] {
  if (!result.ok) throw new Error(`frame did not decode: ${JSON.stringify(result)}`);
  return result.messages;
}

/** The one message of a frame that must hold exactly one. */
export function single(result: DecodeResult): Decoded {
  const messages = decoded(result);
  if (messages.length !== 1) throw new Error(`expected one message, got ${messages.length}`);
  return messages[0] as Decoded;
}
