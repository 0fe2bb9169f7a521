/**
 * What this browser lets Frametap do, read from the manifest the build wrote for it
 * (scripts/browser-targets.ts): Chrome's build asks for its optional permissions when the user
 * first needs them; Firefox's holds its network blocking from install (a permission Firefox does
 * not prompt for, and cannot make optional) and has no debugger at all.
 */

/** The permissions that need the browser's consent, by what they are for. */
export type Capability = 'block' | 'workers';

/** Each capability's permission, by the names the builds may list it under. */
const PERMISSIONS: Record<Capability, readonly string[]> = {
  block: ['declarativeNetRequest', 'declarativeNetRequestWithHostAccess'],
  workers: ['debugger'],
};

/** Whether a capability is the browser's to grant on request, held already, or not offered here. */
export type CapabilityState = { kind: 'ask'; permission: string } | { kind: 'held' } | { kind: 'absent' };

interface ManifestPermissions {
  permissions?: readonly string[];
  optional_permissions?: readonly string[];
}

export function capabilityState(manifest: ManifestPermissions, capability: Capability): CapabilityState {
  const names = PERMISSIONS[capability];
  if (manifest.permissions?.some((name) => names.includes(name))) return { kind: 'held' };
  const optional = manifest.optional_permissions?.find((name) => names.includes(name));
  return optional === undefined ? { kind: 'absent' } : { kind: 'ask', permission: optional };
}
