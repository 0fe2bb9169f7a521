/**
 * Where the panel runs: inside DevTools (`chrome.devtools` exists), or as a plain extension page
 * `src/panel/index.html?tabId=N` (a detached panel, or a test), where `chrome.devtools` is absent.
 */

type DevToolsApi = typeof chrome.devtools;

function devtoolsApi(): DevToolsApi | undefined {
  return (globalThis as { chrome?: { devtools?: DevToolsApi } }).chrome?.devtools;
}

/** `?tabId=N` wins (the standalone page); otherwise the tab this DevTools window inspects. */
export function inspectedTabId(search: string, devtoolsTabId: number | undefined): number | null {
  const param = new URLSearchParams(search).get('tabId');
  if (param !== null) {
    const id = Number(param);
    return /^\d+$/.test(param) && Number.isSafeInteger(id) ? id : null;
  }
  return devtoolsTabId ?? null;
}

/** Inside a DevTools window, as opposed to the standalone page. */
export const isInDevTools = (): boolean => devtoolsApi() !== undefined;

export function currentInspectedTabId(): number | null {
  return inspectedTabId(location.search, devtoolsApi()?.inspectedWindow.tabId);
}

export type Theme = 'light' | 'dark';

/** DevTools names its themes 'default' and 'dark'. */
export function themeFromDevTools(themeName: string): Theme {
  return themeName === 'dark' ? 'dark' : 'light';
}

/**
 * Sets `data-theme` on the root element: DevTools' own theme inside DevTools (it has no change
 * event; DevTools reloads panels when the theme changes), the system's in the standalone page.
 */
export function followTheme(root: HTMLElement): void {
  const devtools = devtoolsApi();
  if (devtools) {
    root.dataset.theme = themeFromDevTools(devtools.panels.themeName);
    return;
  }
  const query = matchMedia('(prefers-color-scheme: dark)');
  const apply = (): void => {
    root.dataset.theme = query.matches ? 'dark' : 'light';
  };
  apply();
  query.addEventListener('change', apply);
}
