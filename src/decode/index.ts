/**
 * Protocol decoders: the panel's entry points. Per connection: `detectProtocol` (or the user's
 * pick from `PROTOCOLS`), then `createDecoder(protocol, { url })`, then `decode(frame)` for each
 * frame in sequence order. See ./types for what a decode returns.
 */
export { createDecoder, isProtocolId, PROTOCOLS } from './registry';
export { detectProtocol, protocolOfSubprotocol, protocolOfUrl, sniffProtocol, SNIFF_FRAMES } from './detect';
export type { ConnectionHints, Detection, DetectionSource } from './detect';
export { MAX_DECODE_CHARS } from './result';
export type { ConnectionContext, Correlation, Decoded, DecodeResult, DecoderFrame, Fragment, FrameDecoder, ProtocolId } from './types';
