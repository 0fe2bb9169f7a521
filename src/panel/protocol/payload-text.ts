/** A decoded payload as indented JSON text for the details pane, bounded whatever the payload. */
export const MAX_PAYLOAD_TEXT_CHARS = 64 * 1024;

export function payloadText(payload: unknown): string {
  if (typeof payload === 'string') return clipText(payload);
  let text: string | undefined;
  try {
    text = JSON.stringify(payload, null, 2);
  } catch {
    // Nesting deep enough to overflow the stack: the raw payload below still shows it.
    return '(too deeply nested to show; see the payload below)';
  }
  return clipText(text ?? String(payload));
}

function clipText(text: string): string {
  return text.length > MAX_PAYLOAD_TEXT_CHARS ? `${text.slice(0, MAX_PAYLOAD_TEXT_CHARS)}… (${text.length.toLocaleString('en-US')} characters)` : text;
}
