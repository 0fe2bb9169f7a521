/**
 * Builds and dispatches the events the hook makes: the MessageEvent of an injected or rewritten
 * message, the way the browser's own would look to the page's listeners (same type, data, origin
 * and lastEventId), and the browser's other events when a rule held messages before them, without
 * the page being able to watch them being built.
 *
 * WebIDL reads every dictionary member and iterates every sequence it is given: an ordinary
 * `{ data }` would look up the missing members on the page's `Object.prototype`, and `[bytes]`
 * would run the page's `Array.prototype[Symbol.iterator]`. Null-prototype records and a
 * hand-made iterable leave nothing for the page to hook.
 */
import {
  BlobCtor,
  CloseEventCtor,
  EventCtor,
  MessageEventCtor,
  URLCtor,
  apply,
  dispatchEvent,
  objectCreate,
  objectKeys,
  read,
  symbolIterator,
  urlOrigin,
} from './natives';

export interface InjectedMessage {
  type: string;
  data: string | ArrayBuffer | Blob;
  lastEventId: string;
}

function record<T extends object>(fields: T): T {
  const result = objectCreate(null) as T;
  const keys = objectKeys(fields) as (keyof T)[];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as keyof T;
    result[key] = fields[key];
  }
  return result;
}

/** An iterable of one item, for a WebIDL sequence argument. */
function iterableOf(item: unknown): Iterable<unknown> {
  let done = false;
  const iterator = record({
    next: (): IteratorResult<unknown> => {
      const result = record({ done, value: item }) as IteratorResult<unknown>;
      done = true;
      return result;
    },
  });
  const iterable = objectCreate(null) as Iterable<unknown>;
  iterable[symbolIterator as typeof Symbol.iterator] = () => iterator as Iterator<unknown>;
  return iterable;
}

export function blobOf(bytes: Uint8Array): Blob {
  return new BlobCtor(iterableOf(bytes) as BlobPart[]);
}

/** The origin the browser gives a connection's messages: that of its URL (`ws://host:port`). */
export function originOf(url: string): string {
  return read(urlOrigin, new URLCtor(url));
}

export function dispatchMessage(target: EventTarget, url: string, message: InjectedMessage): void {
  const init = record({ data: message.data, origin: originOf(url), lastEventId: message.lastEventId, source: null });
  apply(dispatchEvent, target, [new MessageEventCtor(message.type, init)]);
}

/** An event of the browser's, dispatched again later (behind messages a rule held back): `open` or `error`. */
export function dispatchPlainEvent(target: EventTarget, type: string): void {
  apply(dispatchEvent, target, [new EventCtor(type, record({ bubbles: false, cancelable: false, composed: false }))]);
}

export function dispatchCloseEvent(target: EventTarget, code: number, reason: string, wasClean: boolean): void {
  const init = record({ code, reason, wasClean, bubbles: false, cancelable: false, composed: false });
  apply(dispatchEvent, target, [new CloseEventCtor('close', init)]);
}
