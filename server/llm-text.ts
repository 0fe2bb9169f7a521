/**
 * The text the fake language models "generate": real sentences cut into word tokens, each
 * with its leading space, the way a model's tokens read, so the assembled reply reads as prose.
 */
const DEFAULT_REPLY =
  'Streaming lets a model send each word the moment it has chosen. ' +
  'The page renders every token as it arrives, so the reader never waits for the whole reply. ' +
  'Behind the scenes it is one long HTTP response, cut into events that a parser must put back together. ' +
  'Frametap shows each of those events with its timing, so you can see where the latency comes from.';

/** `text` split into tokens (all of it), or the first `count` tokens of the demo reply, repeating it if need be. */
export function replyTokens(count: number, text?: string): string[] {
  if (text !== undefined) return tokenize(text);
  const reply = tokenize(DEFAULT_REPLY);
  return Array.from({ length: count }, (_, i) => {
    const token = reply[i % reply.length] ?? '';
    // A repeat of the reply starts a new sentence, after a space.
    return i > 0 && i % reply.length === 0 ? ` ${token}` : token;
  });
}

/** Words with their leading whitespace: `"Hi there"` → `["Hi", " there"]`. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}
