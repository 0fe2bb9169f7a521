/**
 * A binary payload three ways: a hex dump with offsets and ASCII, the base64 it travelled as,
 * and a UTF-8 reading (invalid sequences show as U+FFFD, and the pane says so). Each is bounded
 * to what a pane can usefully show.
 */
import { useMemo, useState } from 'preact/hooks';
import { decodeBase64Prefix } from '../format/base64';
import { hexDumpLines } from '../format/hex-dump';
import { formatBytes } from '../format/size';
import { clip, makeInlineInvisiblesVisible } from '../format/visible-text';
import { DETAILS_MAX_CHARS } from './TextPayload';
import { ViewSwitch } from './ViewSwitch';

export const HEX_DUMP_MAX_BYTES = 64 * 1024;
/** The UTF-8 reading decodes this much at most. */
const UTF8_MAX_BYTES = DETAILS_MAX_CHARS;

type BinaryView = 'hex' | 'base64' | 'utf8';
const VIEWS = [
  ['hex', 'Hex'],
  ['base64', 'Base64'],
  ['utf8', 'UTF-8'],
] as const;

/** `partial`: the bytes stop short of the payload, so a character cut at the end is no error. */
function utf8Reading(bytes: Uint8Array, partial: boolean): { text: string; valid: boolean } {
  let valid = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial });
  } catch {
    valid = false;
  }
  return { text: new TextDecoder('utf-8').decode(bytes), valid };
}

function Shown({ shown, size }: { shown: number; size: number }) {
  return shown < size ? (
    <div class="details-notice" role="note">
      Showing the first {formatBytes(shown)} of {formatBytes(size)}.
    </div>
  ) : null;
}

export function BinaryPayload({ base64, size }: { base64: string; size: number }) {
  const [view, setView] = useState<BinaryView>('hex');
  return (
    <>
      <ViewSwitch label="Binary view" options={VIEWS} value={view} onChange={setView} />
      {view === 'hex' && <HexView base64={base64} size={size} />}
      {view === 'base64' && <Base64View base64={base64} />}
      {view === 'utf8' && <Utf8View base64={base64} size={size} />}
    </>
  );
}

function HexView({ base64, size }: { base64: string; size: number }) {
  const bytes = useMemo(() => decodeBase64Prefix(base64, HEX_DUMP_MAX_BYTES), [base64]);
  const dump = useMemo(() => hexDumpLines(bytes).join('\n'), [bytes]);
  return (
    <>
      <Shown shown={bytes.length} size={size} />
      <pre class="payload hex-dump" aria-label="Hex dump">
        {dump}
      </pre>
    </>
  );
}

function Base64View({ base64 }: { base64: string }) {
  const clipped = clip(base64, DETAILS_MAX_CHARS);
  return (
    <>
      {clipped.length < base64.length && (
        <div class="details-notice" role="note">
          Showing the first {clipped.length.toLocaleString('en-US')} of {base64.length.toLocaleString('en-US')} base64 characters.
        </div>
      )}
      <pre class="payload" aria-label="Base64">
        {clipped}
      </pre>
    </>
  );
}

function Utf8View({ base64, size }: { base64: string; size: number }) {
  const bytes = useMemo(() => decodeBase64Prefix(base64, UTF8_MAX_BYTES), [base64]);
  const { text, valid } = useMemo(() => utf8Reading(bytes, bytes.length < size), [bytes, size]);
  return (
    <>
      <Shown shown={bytes.length} size={size} />
      {!valid && (
        <div class="details-notice" role="note">
          Not valid UTF-8: invalid bytes show as �.
        </div>
      )}
      <pre class="payload" aria-label="UTF-8">
        {makeInlineInvisiblesVisible(text)}
      </pre>
    </>
  );
}
