import { closeFrameError } from './close-frame';
import { toBuffer, type WsEndpoint } from './ws-endpoint';

/**
 * Compress only mid-sized messages: below 1 KiB deflate does not pay for its framing, and
 * above 1 MiB it costs real CPU on a two-core machine (a 16 MiB echo would stall the flood
 * benchmarks sharing the process).
 */
const COMPRESS_FROM_BYTES = 1024;
const COMPRESS_UP_TO_BYTES = 1024 * 1024;

/** `close:<code>:<reason>` asks the server to close the connection itself. */
const CLOSE_PREFIX = 'close:';
const CLOSE_COMMAND = /^close:(\d+):(.*)$/s;

export const echoEndpoint: WsEndpoint = {
  path: '/ws/echo',
  perMessageDeflate: { threshold: COMPRESS_FROM_BYTES },
  accept: () => ({
    serve({ ws }) {
      ws.on('message', (data, isBinary) => {
        const bytes = toBuffer(data);
        const command = isBinary ? undefined : parseCloseCommand(bytes);
        if (command) {
          const error = closeFrameError(command.code, command.reason);
          if (error) ws.send(JSON.stringify({ type: 'error', message: error }));
          else ws.close(command.code, command.reason);
          return;
        }
        // Sending the received bytes with `binary: false` keeps a text frame a text frame
        // without decoding and re-encoding it.
        ws.send(bytes, { binary: isBinary, compress: bytes.length <= COMPRESS_UP_TO_BYTES });
      });
    },
  }),
};

function parseCloseCommand(text: Buffer): { code: number; reason: string } | undefined {
  // Peek before decoding: echoed messages can be many megabytes.
  if (text.subarray(0, CLOSE_PREFIX.length).toString() !== CLOSE_PREFIX) return undefined;
  const match = CLOSE_COMMAND.exec(text.toString());
  if (!match) return undefined;
  return { code: Number(match[1]), reason: match[2] ?? '' };
}
