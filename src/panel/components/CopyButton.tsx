/** A button that copies some text and says, for a moment, that it did. */
import { useEffect, useState } from 'preact/hooks';
import { copyText } from '../clipboard';

const FEEDBACK_MS = 1500;

interface Props {
  label: string;
  /** Called on click, so that big texts are made only when wanted. */
  text: () => string;
}

export function CopyButton({ label, text }: Props) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const timer = setTimeout(() => setStatus('idle'), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <button type="button" class="text-button" onClick={() => void copyText(text()).then((ok) => setStatus(ok ? 'copied' : 'failed'))}>
      {label}
      {status !== 'idle' && (
        <span class="copy-feedback" role="status">
          {status === 'copied' ? ' ✓ Copied' : ' Copy failed'}
        </span>
      )}
    </button>
  );
}
