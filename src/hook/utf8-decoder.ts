/**
 * UTF-8 decoding of whole records, as the browser decodes a stream's text: invalid bytes become
 * U+FFFD, and a byte order mark stays in the text (whoever parses the stream knows whether it is at
 * its start). The options object has no prototype: nothing the page put on Object.prototype is read.
 */
import {
  TextDecoderCtor,
  apply,
  objectCreate,
  textDecoderDecode,
} from './natives';

export function createUtf8Decoder(): (bytes: Uint8Array) => string {
  const options = objectCreate(null) as TextDecoderOptions;
  options.ignoreBOM = true;
  const decoder = new TextDecoderCtor('utf-8', options);
  return (bytes) => apply(textDecoderDecode, decoder, [bytes]) as string;
}
