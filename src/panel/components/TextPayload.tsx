/** A text payload: pretty printed when it is JSON within the limits, else as it came. Never HTML. */
import { useMemo } from 'preact/hooks';
import { PRETTY_JSON_MAX_CHARS, PRETTY_JSON_MAX_DEPTH, prettyJson } from '../format/json';
import { formatBytes } from '../format/size';
import { clip } from '../format/visible-text';

/** Beyond this a single text node gets slow to lay out; issue 3 adds "show all" and copy. */
export const DETAILS_MAX_CHARS = 1_000_000;

function jsonNote(kind: ReturnType<typeof prettyJson>['kind']): string | null {
  switch (kind) {
    case 'pretty':
      return 'JSON, pretty printed';
    case 'too-large':
      return `JSON is not pretty printed above ${formatBytes(PRETTY_JSON_MAX_CHARS)}`;
    case 'too-deep':
      return `JSON is not pretty printed when nested deeper than ${PRETTY_JSON_MAX_DEPTH.toLocaleString('en-US')} levels`;
    case 'not-json':
      return null;
  }
}

export function TextPayload({ text }: { text: string }) {
  const json = useMemo(() => prettyJson(text), [text]);
  const shown = json.kind === 'pretty' ? json.text : text;
  const clipped = clip(shown, DETAILS_MAX_CHARS);
  const note = jsonNote(json.kind);
  return (
    <>
      {note && <div class="details-caption">{note}</div>}
      {clipped.length < shown.length && (
        <div class="details-notice" role="note">
          Showing the first {DETAILS_MAX_CHARS.toLocaleString('en-US')} of {shown.length.toLocaleString('en-US')} characters.
        </div>
      )}
      <pre class="payload">{clipped}</pre>
    </>
  );
}
