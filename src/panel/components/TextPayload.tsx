/**
 * A text payload: a JSON tree when it parses as JSON, else (or on request) the text itself,
 * pretty printed when it is JSON within the limits. Never HTML; invisible characters (controls,
 * bidi overrides) are shown as escapes. Past DETAILS_MAX_CHARS the pane shows the start, and
 * the whole payload can be copied or opened as plain text in a tab of its own.
 */
import { useMemo, useState } from 'preact/hooks';
import { PRETTY_JSON_MAX_CHARS, PRETTY_JSON_MAX_DEPTH, prettyJson } from '../format/json';
import { formatBytes } from '../format/size';
import { clip, makeInlineInvisiblesVisible } from '../format/visible-text';
import { JsonTree } from '../json-tree/JsonTree';
import { CopyButton } from './CopyButton';
import { ViewSwitch } from './ViewSwitch';

/** Beyond this a single text node gets slow to lay out. */
export const DETAILS_MAX_CHARS = 1_000_000;
/** Parsing is fast (about 10 ms per MB) and the tree renders lazily; the cap bounds the parse. */
export const JSON_TREE_MAX_CHARS = 32 * 1024 * 1024;

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

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseJsonDocument(text: string): Parsed {
  const start = text.trimStart()[0];
  if ((start !== '{' && start !== '[') || text.length > JSON_TREE_MAX_CHARS) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Opens the text in a tab of its own, as plain text: the browser handles any size there. */
function openAsPlainText(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  window.open(url, '_blank', 'noopener');
  // The new tab has loaded the blob by then; the URL only pins the memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function TextPayload({ text }: { text: string }) {
  const parsed = useMemo(() => parseJsonDocument(text), [text]);
  const [view, setView] = useState<'tree' | 'raw'>('tree');
  if (parsed.ok && view === 'tree') {
    return (
      <>
        <ViewSwitch label="Payload view" options={[['tree', 'Tree'], ['raw', 'Raw']]} value={view} onChange={setView} />
        <JsonTree value={parsed.value} rawText={text} />
      </>
    );
  }
  return (
    <>
      {parsed.ok && <ViewSwitch label="Payload view" options={[['tree', 'Tree'], ['raw', 'Raw']]} value={view} onChange={setView} />}
      <RawText text={text} />
    </>
  );
}

function RawText({ text }: { text: string }) {
  const json = useMemo(() => prettyJson(text), [text]);
  const shown = json.kind === 'pretty' ? json.text : text;
  const clipped = clip(shown, DETAILS_MAX_CHARS);
  const visible = useMemo(() => makeInlineInvisiblesVisible(clipped), [clipped]);
  const note = jsonNote(json.kind);
  return (
    <>
      {note && <div class="details-caption">{note}</div>}
      {clipped.length < shown.length && (
        <div class="details-notice" role="note">
          Showing the first {DETAILS_MAX_CHARS.toLocaleString('en-US')} of {shown.length.toLocaleString('en-US')} characters.{' '}
          <CopyButton label="Copy whole payload" text={() => text} />{' '}
          <button type="button" class="text-button" onClick={() => openAsPlainText(text)}>
            Open whole payload
          </button>
        </div>
      )}
      <pre class="payload">{visible}</pre>
    </>
  );
}
