/**
 * Command lines that reproduce a captured text message from a terminal: connect to the
 * connection's URL with its sub-protocols and send the message, with wscat or websocat. Every
 * value is single-quoted for POSIX shells, so nothing in a payload (quotes, `$()`, backticks,
 * newlines) is ever interpreted.
 */

export type ShellTool = 'wscat' | 'websocat';

export interface ShellTarget {
  url: string;
  /** The sub-protocols the page asked for; none: no option. */
  protocols: readonly string[];
}

/** Inside single quotes only `'` itself is special: close, add an escaped quote, reopen. */
const quote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * The command line, or null when the message cannot go through a shell at all: no argument can
 * hold a NUL character.
 */
export function shellCommand(tool: ShellTool, target: ShellTarget, message: string): string | null {
  if (message.includes('\0')) return null;
  const url = quote(target.url);
  if (tool === 'wscat') {
    const protocols = target.protocols.map((p) => ` -s ${quote(p)}`).join('');
    return `wscat -c ${url}${protocols} -x ${quote(message)}`;
  }
  // One header value lists them all; websocat takes a single --protocol.
  const protocol = target.protocols.length > 0 ? ` --protocol ${quote(target.protocols.join(', '))}` : '';
  // printf, not echo: some shells' echo expands backslashes, which JSON is full of. websocat sends
  // each line as a message, so a message of several lines goes as one chunk with --no-line (and a
  // carriage return too, rather than trust what line mode makes of it).
  return /[\n\r]/.test(message)
    ? `printf '%s' ${quote(message)} | websocat --no-line${protocol} ${url}`
    : `printf '%s\\n' ${quote(message)} | websocat${protocol} ${url}`;
}
