/**
 * Frametap's page hook: runs in the page's MAIN world of every frame, at document_start, before
 * the first page script (crxjs builds `*.iife.ts` as one synchronous script). Importing the
 * modules below saves every native they use, then the entry installs the wrappers and opens the
 * private channel to the content relay.
 */
import { openPrivateChannel } from '../shared/channel';
import { EVENT_RELAY_GONE } from '../shared/constants';
import { createCaptureRules } from './capture-rules';
import { listenForCommands } from './commands';
import { listenForControls } from './controls';
import { createEmitter } from './emitter';
import { setRules } from './intercept/interceptor';
import { addEventListener, apply } from './natives';
import { installWrappers } from './wrappers';

const emitter = createEmitter();
const rules = createCaptureRules();
try {
  // The handshake first, while every DOM method it uses is still untouched by anyone.
  openPrivateChannel((channel) => {
    emitter.connect(channel);
    listenForCommands(channel);
    listenForControls(channel, emitter, rules);
    apply(addEventListener, channel, [
      EVENT_RELAY_GONE,
      () => {
        setRules([]);
        emitter.stop();
      },
    ]);
  });
  // Registered before any page script, so they run before the page's own: no batch waits on a
  // timer that an unloading document would never run. A page's synthetic events are not the
  // browser's (`isTrusted` is an own, unforgeable property of every event).
  apply(addEventListener, window, ['pagehide', (event: Event) => event.isTrusted && emitter.setHidden(true)]);
  apply(addEventListener, window, ['pageshow', (event: Event) => event.isTrusted && emitter.setHidden(false)]);
  installWrappers(emitter.emit, rules);
} catch {
  // A browser without something the hook needs: leave the page as it is; nothing is captured.
}
