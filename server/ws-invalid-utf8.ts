import type { WsEndpoint } from './ws-endpoint';

/**
 * Binary frames whose bytes are not UTF-8, for checking that a viewer shows them as bytes
 * rather than mangling or choking on them. (A *text* frame with these bytes would make the
 * browser fail the connection, RFC 6455 §8.1, so they travel as binary.)
 */
const INVALID_UTF8_FRAMES = [
  [0xc3, 0x28], // a lead byte followed by a non-continuation byte
  [0xff, 0xfe, 0xfd], // bytes that never appear in UTF-8
  [0xed, 0xa0, 0x80], // an encoded UTF-16 surrogate (U+D800)
  [0xf0, 0x28, 0x8c, 0xbc], // a broken four-byte sequence
].map((bytes) => Buffer.from(bytes));

const VALID_TEXT = 'valid UTF-8: héllo wörld ✓ 😀';

export const invalidUtf8Endpoint: WsEndpoint = {
  path: '/ws/invalid-utf8',
  accept: () => ({
    serve({ ws }) {
      for (const frame of INVALID_UTF8_FRAMES) ws.send(frame, { binary: true });
      ws.send(VALID_TEXT);
    },
  }),
};
