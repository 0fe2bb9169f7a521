/**
 * The build's side of the browser boundary: what differs between the Chrome and the Firefox
 * build of the one source. Everything else (the hook, the relay, the background, the panel) is
 * the same code; the background and the panel learn what this browser offers from the manifest
 * built here (src/shared/browser-support.ts).
 */
import { resolve } from 'node:path';
import type { ManifestV3Export } from '@crxjs/vite-plugin';
import type { Alias } from 'vite';

export type BrowserTarget = 'chrome' | 'firefox';

/** A fixed id gives the add-on a stable identity (storage, `moz-extension://` UUID pref in tests). */
export const GECKO_ID = 'frametap@frametap.dev';

type Manifest = Extract<ManifestV3Export, { manifest_version: number }>;

interface TargetBuild {
  browser: BrowserTarget;
  outDir: string;
  /** esbuild's target: the oldest browser the manifest lets install the extension. */
  esTarget: string;
  manifest: Manifest;
  /** Modules replaced by this browser's own: each with the same exports as the one it replaces. */
  aliases: Alias[];
}

/** `vite build --mode firefox` builds for Firefox; any other mode for Chrome. */
export const targetOfMode = (mode: string): BrowserTarget => (mode === 'firefox' ? 'firefox' : 'chrome');

export function buildFor(browser: BrowserTarget, chromeManifest: Manifest): TargetBuild {
  if (browser === 'chrome') return { browser, outDir: 'dist', esTarget: 'chrome116', manifest: chromeManifest, aliases: [] };
  return {
    browser,
    outDir: 'dist-firefox',
    esTarget: 'firefox140',
    manifest: firefoxManifest(chromeManifest),
    // Worker capture is Chrome's debugger: Firefox's build answers that it has none.
    aliases: [{ find: /^\.\/worker-capture$/, replacement: resolve('src/background/worker-capture.firefox.ts') }],
  };
}

/**
 * Firefox's manifest, from Chrome's:
 * - an event page (`background.scripts`): Firefox runs no extension service worker;
 * - the gecko id, the first version with MAIN-world content scripts and data collection consent
 *   (140), and the consent itself (Frametap collects nothing);
 * - network blocking held from install, as `declarativeNetRequestWithHostAccess`: Firefox cannot
 *   make it optional, and does not prompt for this one (it blocks where Frametap has host access,
 *   which its all-pages content scripts give it); nor does its blocking cost what Chrome's does;
 * - no `debugger` permission: Firefox gives extensions no debugger (worker capture is Chrome's);
 * - none of Chrome's own keys, which Firefox would warn about.
 */
function firefoxManifest(chrome: Manifest): Manifest {
  const firefox: Manifest & { minimum_chrome_version?: string; message_serialization?: string } = { ...chrome };
  delete firefox.minimum_chrome_version;
  delete firefox.message_serialization;
  const serviceWorker = chrome.background && 'service_worker' in chrome.background ? chrome.background.service_worker : undefined;
  if (!serviceWorker) throw new Error('The Chrome manifest names no background service worker');
  return {
    ...firefox,
    background: { scripts: [serviceWorker], type: 'module' } as Manifest['background'],
    permissions: [...(chrome.permissions ?? []), 'declarativeNetRequestWithHostAccess'],
    optional_permissions: (chrome.optional_permissions ?? []).filter((permission) => permission !== 'debugger' && permission !== 'declarativeNetRequest'),
    browser_specific_settings: {
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      // Android has no DevTools to run in; were it installed there, consent needs 142.
      gecko_android: { strict_min_version: '142.0' },
    } as Manifest['browser_specific_settings'],
  };
}
