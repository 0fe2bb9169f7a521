/** A binary payload as a hex dump, bounded to what a pane can usefully show. */
import { useMemo } from 'preact/hooks';
import { decodeBase64Prefix } from '../format/base64';
import { hexDumpLines } from '../format/hex-dump';
import { formatBytes } from '../format/size';

export const HEX_DUMP_MAX_BYTES = 64 * 1024;

export function BinaryPayload({ base64, size }: { base64: string; size: number }) {
  const bytes = useMemo(() => decodeBase64Prefix(base64, HEX_DUMP_MAX_BYTES), [base64]);
  const dump = useMemo(() => hexDumpLines(bytes).join('\n'), [bytes]);
  return (
    <>
      <div class="details-caption">Binary, hex dump</div>
      {bytes.length < size && (
        <div class="details-notice" role="note">
          Showing the first {formatBytes(bytes.length)} of {formatBytes(size)}.
        </div>
      )}
      <pre class="payload hex-dump">{dump}</pre>
    </>
  );
}
