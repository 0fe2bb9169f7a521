/**
 * The panel's commands on a captured stream: inject a message (the page's reader gets it as if
 * the server had sent it, between two of the server's), or abort the stream. Checked first, run
 * with the saved natives, like websocket-commands.ts.
 */
import type { CommandResult, HookCommand } from '../shared/protocol';
import { abortBody, enqueueInto } from './body-tap';
import type { Capture } from './capture-rules';
import type { Connection } from './connection';
import type { StreamSink } from './http-capture';
import { bytesOfBase64, captureBytes, captureText } from './payload';
import { injectionBytes } from './stream-injection';
import { NETWORK_DROP_ON_WEBSOCKETS, RELEASED_ELSEWHERE, SUCCESS, failure, type CommandRunner } from './targets';

const RECEIVE_ONLY = failure('A stream only receives: inject into it or abort it');

type Injection = Extract<HookCommand, { op: 'inject' }>;

function inject(response: Response, sink: StreamSink, capture: Capture, command: Injection): CommandResult {
  if (!sink.idle()) return failure('The stream is in the middle of a message: inject again in a moment');
  const data = command.opcode === 'binary' ? bytesOfBase64(command.data) : command.data;
  if (data === null) return failure('The message is not valid base64');
  const bytes = injectionBytes(capture.framing, capture.boundary, { data, event: command.event, lastEventId: command.lastEventId });
  if (typeof bytes === 'string') return failure(bytes);
  const refused = enqueueInto(response, bytes);
  if (refused !== null) return failure(refused);
  const sse = capture.framing === 'sse';
  sink.injected({
    payload: typeof data === 'string' ? captureText(data) : captureBytes(data),
    event: sse ? command.event || 'message' : undefined,
    lastEventId: sse ? (command.lastEventId ?? '') : undefined,
  });
  return SUCCESS;
}

/** The runner of one fetch stream's commands. */
export function fetchStreamRunner(sink: StreamSink, capture: Capture): CommandRunner<Response> {
  return (response: Response, _connection: Connection, command: HookCommand): CommandResult => {
    switch (command.op) {
      case 'send':
        return RECEIVE_ONLY;
      case 'inject':
        return inject(response, sink, capture, command);
      case 'close': {
        const refused = abortBody(response);
        return refused === null ? SUCCESS : failure(refused);
      }
      case 'sever':
        return NETWORK_DROP_ON_WEBSOCKETS;
      case 'release':
        return RELEASED_ELSEWHERE;
    }
  };
}

/** The runner of one XHR stream's commands: the browser writes an XHR's response, so only abort. */
export function xhrStreamRunner(abort: (xhr: XMLHttpRequest) => CommandResult): CommandRunner<XMLHttpRequest> {
  return (xhr: XMLHttpRequest, _connection: Connection, command: HookCommand): CommandResult => {
    if (command.op === 'close') return abort(xhr);
    return command.op === 'send' ? RECEIVE_ONLY : failure('The browser writes an XHR’s response: nothing can be injected into it');
  };
}
