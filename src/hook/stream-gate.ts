/**
 * A fetch stream's body on its way to the page, message by message through the intercept rules,
 * while any are set: each message's own bytes go on as the server sent them, or are dropped,
 * delayed, held, or replaced by the bytes of the rewritten message in the stream's format.
 *
 * Only formats whose messages end at a line break are cut this way (event streams and NDJSON, the
 * formats of token streams): a chunk is fed to the framer one line at a time, and the bytes fed
 * since the last message are the next message's. Bytes that make no message (comments, blank
 * lines, `retry:`) go on as soon as the framer is between messages. The page reads a chunk a
 * message, not as the network cut them: only while rules are set.
 */
import type { Framing } from '../shared/protocol';
import type { Endpoint } from './intercept/interceptor';
import { deferEvent, holdingBack, interceptMessage } from './intercept/interceptor';
import { Uint8ArrayCtor, apply, byteCount, typedArrayIndexOf, typedArraySet, typedArraySlice, typedArraySubarray } from './natives';
import type { FramedMessage, Framer } from './stream-framing';
import { injectionBytes } from './stream-injection';

export interface StreamGate {
  /** Hands a chunk of the body on; true when some of it reached the page now. */
  pass(chunk: Uint8Array): boolean;
  /** The body ended: what is left goes as it is, then `close` runs, behind what the rules hold. */
  end(close: () => void): void;
  /** The rules hold messages back: the page waits for them, and reading on can wait too. */
  holding(): boolean;
  /** Runs `next` once what the rules hold now has gone (or been dropped). */
  afterHeld(next: () => void): void;
}

const LF = 0x0a;
const CR = 0x0d;

/** Whether a gate can cut a body of this framing. */
export const gateCuts = (framing: Framing): boolean => framing === 'sse' || framing === 'ndjson';

interface GateOptions {
  endpoint: Endpoint;
  framing: Framing;
  framer: Framer;
  /**
   * Where the framer's messages go while the gate feeds it (`on`): the gate takes them from
   * `list`. Any other time (the last line of a body that ends without a line break), the framer
   * records them as usual, and their bytes go on as they are.
   */
  collector: { on: boolean; list: FramedMessage[] };
  enqueue(bytes: Uint8Array): void;
}

export function createStreamGate({ endpoint, framing, framer, collector, enqueue }: GateOptions): StreamGate {
  const { connection } = endpoint;
  let pieces: Uint8Array[] = [];
  let ended = false;
  let given = false;
  /** The last chunk ended with a CR: an LF first in the next belongs to that line break. */
  let afterCr = false;

  const give = (bytes: Uint8Array): void => {
    if (byteCount(bytes) === 0) return;
    given = true;
    enqueue(bytes);
  };

  /** The bytes fed since the last message, as one array of the gate's own. */
  function take(): Uint8Array {
    let length = 0;
    for (let i = 0; i < pieces.length; i++) length += byteCount(pieces[i] as Uint8Array);
    const bytes = new Uint8ArrayCtor(length);
    let at = 0;
    for (let i = 0; i < pieces.length; i++) {
      apply(typedArraySet, bytes, [pieces[i], at]);
      at += byteCount(pieces[i] as Uint8Array);
    }
    pieces = [];
    return bytes;
  }

  /** Bytes that are no message: after what the rules hold, or at once. */
  function passThrough(bytes: Uint8Array): void {
    if (holdingBack(connection, 'in')) deferEvent(endpoint, () => give(bytes));
    else give(bytes);
  }

  function onMessage({ payload, event, lastEventId }: FramedMessage, raw: Uint8Array): void {
    const taken = interceptMessage(endpoint, {
      dir: 'in',
      text: typeof payload.data === 'string' ? payload.data : null,
      payload,
      event,
      lastEventId,
      deliver: () => give(raw),
      deliverAs(text) {
        const bytes = injectionBytes(framing, undefined, { data: text, event, lastEventId });
        if (typeof bytes !== 'string') give(bytes);
      },
    });
    if (!taken) give(raw);
  }

  function feed(piece: Uint8Array): void {
    pieces[pieces.length] = apply(typedArraySlice, piece, []) as Uint8Array;
    const messages = collector.list;
    messages.length = 0;
    collector.on = true;
    try {
      framer.push(piece);
    } finally {
      collector.on = false;
    }
    const count = messages.length;
    if (count > 0) {
      const raw = take();
      // One line makes one message; should it make more, the last carries the bytes.
      for (let i = 0; i < count; i++) onMessage(messages[i] as FramedMessage, i === count - 1 ? raw : new Uint8ArrayCtor(0));
    } else if (framer.idle()) passThrough(take());
  }

  function nextBreak(chunk: Uint8Array, from: number): number {
    const lf = apply(typedArrayIndexOf, chunk, [LF, from]) as number;
    if (framing !== 'sse') return lf;
    const cr = apply(typedArrayIndexOf, chunk, [CR, from]) as number;
    if (cr === -1 || (lf !== -1 && lf < cr)) return lf;
    // A CRLF is one line break: its LF must not start the next message's bytes.
    return cr + 1 < byteCount(chunk) && chunk[cr + 1] === LF ? cr + 1 : cr;
  }

  return {
    pass(chunk) {
      given = false;
      const length = byteCount(chunk);
      let from = 0;
      if (afterCr && length > 0 && chunk[0] === LF) {
        // The message that CR ended has gone on already: the LF follows it, as the server sent it.
        passThrough(apply(typedArraySlice, chunk, [0, 1]) as Uint8Array);
        from = 1;
      }
      afterCr = framing === 'sse' && length > 0 && chunk[length - 1] === CR;
      for (let at = nextBreak(chunk, from); at !== -1; at = nextBreak(chunk, from)) {
        feed(apply(typedArraySubarray, chunk, [from, at + 1]) as Uint8Array);
        from = at + 1;
      }
      if (from < length) feed(apply(typedArraySubarray, chunk, [from, length]) as Uint8Array);
      return given;
    },
    end(close) {
      if (ended) return;
      ended = true;
      passThrough(take());
      if (holdingBack(connection, 'in')) deferEvent(endpoint, close);
      else close();
    },
    holding: () => holdingBack(connection, 'in'),
    afterHeld: (next) => deferEvent(endpoint, next),
  };
}
