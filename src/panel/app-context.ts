/**
 * The panel's composition root: everything the components share is made once, by main.tsx (or a
 * test) through `createPanelApp`, and read through `usePanelApp()`, so that no component needs it
 * threaded through its parents and none can get a second copy of it.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import { createComposerModel, type CommandClient, type ComposerModel } from './composer/model';
import { createLlmTracker, type LlmTracker } from './llm/llm-tracker';
import { createProtocolFeatures } from './protocol/features';
import type { ProtocolTracker } from './protocol/protocol-tracker';
import type { Imports } from './protocol/transfer';
import { createRulesModel, type RulesModel, type RulesSender } from './rules/rules-model';
import type { KeyValueStorage } from './storage';
import type { Store } from './store/store';
import type { LinkStatus } from './transport';

export interface PanelApp {
  readonly store: Store;
  /** Decoding and correlation; already plugged into the store's filter. */
  readonly tracker: ProtocolTracker;
  readonly imports: Imports;
  /** LLM token streams, assembled from every frame the store takes in, from the panel's start. */
  readonly llm: LlmTracker;
  readonly composer: ComposerModel;
  /** The page's intercept rules, kept per origin and applied while the panel is open. */
  readonly rules: RulesModel;
  readonly commands: CommandClient;
  /** Settings, layout, columns, recent queries, the composer's history and snippets. */
  readonly storage: KeyValueStorage;
  /** The settings every page's content script reads too: the URL patterns to capture. */
  readonly syncedStorage: KeyValueStorage;
  readonly link: ReadonlySignal<LinkStatus>;
  /** Applies the events that arrived but wait for the store's next paced update (paced-ingest.ts). */
  readonly applyPending: () => void;
  /** Opens this panel in a window of its own; absent where it already is one. */
  readonly detach?: () => void;
  /** Asks the service worker to watch (or stop watching) the tab's workers; `store.workers` says how it went. */
  readonly setWorkerCapture: (on: boolean) => void;
}

/** What the panel is made from: what main.tsx connects to the extension, or a test fakes. */
type PanelAppParts = Pick<PanelApp, 'store' | 'commands' | 'storage' | 'syncedStorage' | 'link' | 'applyPending' | 'detach' | 'setWorkerCapture'> & {
  /** Where the active rules go: the transport, which sends them to the service worker. */
  sendRules: RulesSender;
};

/** Called once per store: the protocol features plug themselves into its filter. */
export function createPanelApp(parts: PanelAppParts): PanelApp {
  const { sendRules, ...shared } = parts;
  return {
    ...shared,
    ...createProtocolFeatures(parts.store),
    llm: createLlmTracker(parts.store),
    composer: createComposerModel(),
    rules: createRulesModel({ store: parts.store, storage: parts.storage, send: sendRules }),
  };
}

export const PanelAppContext = createContext<PanelApp | null>(null);

export function usePanelApp(): PanelApp {
  const app = useContext(PanelAppContext);
  if (!app) throw new Error('usePanelApp() needs a <PanelAppContext.Provider> above it, with an app from createPanelApp()');
  return app;
}
