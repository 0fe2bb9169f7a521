/** Component tests' rendering: a container in the document for each render, the panel app around it, all gone after each test. */
import { render, type ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import { PanelAppContext, type PanelApp } from './app-context';
import { testPanelApp } from './app.fixture';
import type { Store } from './store/store';

const containers: HTMLElement[] = [];

/** An empty container in the document, removed by `unmountAll`. */
export function documentContainer(): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  containers.push(container);
  return container;
}

/** Renders `ui` under a test panel app over `store` (or the one given), in a container of its own. */
export function mountWithPanelApp(store: Store, ui: ComponentChildren, app: PanelApp = testPanelApp(store)): HTMLElement {
  const container = documentContainer();
  act(() => render(<PanelAppContext.Provider value={app}>{ui}</PanelAppContext.Provider>, container));
  return container;
}

/** For `afterEach`: unmounts and removes every container made since. */
export function unmountAll(): void {
  for (const container of containers.splice(0)) {
    render(null, container);
    container.remove();
  }
}
