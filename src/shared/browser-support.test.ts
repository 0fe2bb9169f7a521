import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import { buildFor } from '../../scripts/browser-targets';
import { capabilityState } from './browser-support';

describe('what each build lets Frametap do', () => {
  it('Chrome asks for blocking and for the debugger when first needed', () => {
    const chrome = buildFor('chrome', manifest).manifest;
    expect(capabilityState(chrome, 'block')).toEqual({ kind: 'ask', permission: 'declarativeNetRequest' });
    expect(capabilityState(chrome, 'workers')).toEqual({ kind: 'ask', permission: 'debugger' });
  });

  it('Firefox holds blocking from install (it cannot be optional there) and has no debugger', () => {
    const firefox = buildFor('firefox', manifest).manifest;
    expect(capabilityState(firefox, 'block')).toEqual({ kind: 'held' });
    expect(capabilityState(firefox, 'workers')).toEqual({ kind: 'absent' });
  });

  it('a build with its optional permissions granted outright (the e2e tests) holds both', () => {
    expect(capabilityState({ permissions: ['storage', 'declarativeNetRequest', 'debugger'] }, 'workers')).toEqual({ kind: 'held' });
    expect(capabilityState({ permissions: ['storage', 'declarativeNetRequest', 'debugger'] }, 'block')).toEqual({ kind: 'held' });
  });
});
