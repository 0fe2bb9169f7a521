/**
 * A message the panel injects into a captured stream, as the bytes the server would have sent for
 * it in the stream's format, so that the page's own parser reads it as one more message.
 */
import type { Framing } from '../shared/protocol';
import { apply, regExpExec, stringIndexOf, stringSlice, textEncode, textEncoder } from './natives';

export interface Injection {
  /** Text, or bytes for a binary message. */
  data: string | Uint8Array;
  event?: string;
  lastEventId?: string;
}

const LINE_BREAK = /\r\n|\r|\n/;
const encode = (text: string): Uint8Array => apply(textEncode, textEncoder, [text]) as Uint8Array;

/** Each line of `text` as an event stream's `data:` field. */
function dataLines(text: string): string {
  let lines = '';
  let rest = text;
  for (let match = apply(regExpExec, LINE_BREAK, [rest]) as RegExpExecArray | null; match; match = apply(regExpExec, LINE_BREAK, [rest]) as RegExpExecArray | null) {
    lines += `data: ${apply(stringSlice, rest, [0, match.index]) as string}\n`;
    rest = apply(stringSlice, rest, [match.index + match[0].length]) as string;
  }
  return `${lines}data: ${rest}\n`;
}

/** A field value cannot hold a line break: the stream would read the rest as another field. */
const oneLine = (value: string): boolean => apply(regExpExec, LINE_BREAK, [value]) === null;

/** The bytes to inject, or why this message cannot go into a stream of this framing. */
export function injectionBytes(framing: Framing, boundary: string | undefined, injection: Injection): Uint8Array | string {
  const { data, event, lastEventId } = injection;
  if (typeof data !== 'string') return framing === 'multipart' ? 'A multipart stream takes a text or JSON part' : data;
  switch (framing) {
    case 'sse': {
      if ((event !== undefined && !oneLine(event)) || (lastEventId !== undefined && !oneLine(lastEventId))) {
        return 'An event type or id cannot hold a line break';
      }
      const type = event && event !== 'message' ? `event: ${event}\n` : '';
      const id = lastEventId ? `id: ${lastEventId}\n` : '';
      return encode(`${type}${id}${dataLines(data)}\n`);
    }
    case 'ndjson':
    case 'sockjs':
      return (apply(stringIndexOf, data, ['\n']) as number) === -1 ? encode(`${data}\n`) : 'One line of JSON: the stream would read a line break as the end of the message';
    case 'json-seq':
      return encode(`\u001e${data}\n`);
    case 'multipart':
      // Injected right after a delimiter: the part, then the delimiter the server's next part needs.
      return boundary ? encode(`Content-Type: application/json\r\n\r\n${data}\r\n--${boundary}\r\n`) : 'This multipart stream names no boundary';
    default:
      return encode(data);
  }
}
