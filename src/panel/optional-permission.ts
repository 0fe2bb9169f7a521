/**
 * The permissions that need the user's consent, asked for only when the user first picks what
 * needs one (src/shared/browser-support.ts says which this browser's build has, and how):
 * - network blocking, for Block connection rules: while an extension holds
 *   `declarativeNetRequest`, Chrome routes every request and WebSocket of every page through its
 *   network proxy, a cost nobody should pay for a feature they do not use;
 * - `debugger`, for worker traffic: Chrome warns about it at install and shows a "started
 *   debugging this browser" bar while it is used, so it is asked for by the one switch that uses it.
 *
 * The browser asks the user, and only in answer to a gesture: this must be called from the event
 * handler of the user's choice. Resolves with whether it is granted once the browser has answered
 * (at once, without asking, when it already is, or when this browser does not offer it).
 */
import { capabilityState, type Capability, type CapabilityState } from '../shared/browser-support';

type ExtensionApi = { permissions?: typeof chrome.permissions; runtime?: Pick<typeof chrome.runtime, 'getManifest'> };

const extensionApi = (): ExtensionApi | undefined => (globalThis as { chrome?: ExtensionApi }).chrome;

/** This build's state of a capability, from its own manifest (none outside an extension page). */
export function capabilityHere(capability: Capability): CapabilityState {
  return capabilityState(extensionApi()?.runtime?.getManifest() ?? {}, capability);
}

export function askForPermission(capability: Capability): Promise<boolean> {
  const state = capabilityHere(capability);
  if (state.kind !== 'ask') return Promise.resolve(state.kind === 'held');
  const permissions = extensionApi()?.permissions;
  if (!permissions) return Promise.resolve(false);
  return permissions.request({ permissions: [state.permission] as chrome.runtime.ManifestPermission[] }).catch(() => false);
}
