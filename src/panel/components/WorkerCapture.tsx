/**
 * The sidebar's worker switch. No content script runs in a worker, so its sockets are seen only
 * through Chrome's debugger: an optional permission asked for by this button (the browser asks
 * the user, and only in answer to the click), then the service worker attaches to the tab and
 * its workers while the user wants it. Dedicated workers that start from then on are captured like
 * the page; the others are watched, read-only. A browser that gives extensions no debugger
 * (Firefox) gets a note instead of the switch.
 */
import { useState } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { askForPermission, capabilityHere } from '../optional-permission';

export function WorkerCapture() {
  const { store, setWorkerCapture } = usePanelApp();
  const { on, error } = store.workers.value;
  const [refused, setRefused] = useState(false);

  if (capabilityHere('workers').kind === 'absent') {
    return (
      <div class="worker-capture" role="group" aria-label="Worker traffic">
        <span
          class="worker-capture-text"
          title="Sockets inside web workers are seen only through a browser's debugger, which this browser does not give extensions; the page's own traffic is all here"
        >
          Worker traffic: Chrome only (no extension debugger here).
        </span>
      </div>
    );
  }

  const start = (): void => {
    setRefused(false);
    void askForPermission('workers').then((granted) => {
      if (granted) setWorkerCapture(true);
      else setRefused(true);
    });
  };

  const problem = refused ? 'Chrome did not grant Frametap the debugger permission.' : error;
  return (
    <div class="worker-capture" role="group" aria-label="Worker traffic">
      {on ? (
        <>
          <span
            class="worker-capture-text"
            title="Dedicated workers that start from now on are captured like the page (send, inject, close, rules); workers already running, shared and service workers are watched read-only. Chrome says “Frametap started debugging this browser” while it is on; Stop or Cancel there ends it"
          >
            Workers shown through Chrome’s debugger (its “started debugging” bar).
          </span>
          <button type="button" class="text-button" title="Stop showing worker traffic; Chrome’s bar goes away" onClick={() => setWorkerCapture(false)}>
            Stop
          </button>
        </>
      ) : (
        <button
          type="button"
          class="text-button"
          title="Sockets inside web workers are seen only through Chrome’s debugger: Frametap asks for that permission, and Chrome shows a bar while it is used"
          onClick={start}
        >
          Show worker traffic
        </button>
      )}
      {problem !== undefined && (
        <span class="worker-capture-error" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
