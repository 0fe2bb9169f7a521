import { MAX_CAPTURED_PAYLOAD_BYTES } from '../../shared/constants';
import { formatBytes } from '../format/size';

/** The hook copies at most MAX_CAPTURED_PAYLOAD_BYTES of a frame; say so where it happened. */
export function TruncationNotice({ size }: { size: number }) {
  return (
    <div class="details-notice" role="note">
      Truncated: Frametap captured the first {formatBytes(MAX_CAPTURED_PAYLOAD_BYTES)} of this {formatBytes(size)} message.
    </div>
  );
}
