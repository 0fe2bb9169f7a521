/**
 * Saves a file the way a web page does: a Blob URL on an `<a download>`, clicked. No `downloads`
 * permission needed, and Chrome shows its usual download UI.
 */
import type { ExportFile } from './transfer';

export function downloadFile({ name, type, text }: ExportFile, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // The click has handed the URL to the download by now; revoking at once can race it in Chrome.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
