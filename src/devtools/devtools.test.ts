import { existsSync } from 'node:fs';
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

it('names the panel and its icon from the extension’s root, which Chrome and Firefox (resolving against the DevTools page) both read alike', async () => {
  const create = vi.fn();
  vi.stubGlobal('chrome', { devtools: { panels: { create } } });
  // The DevTools page is a script, not a module: import it by a path TypeScript does not resolve.
  const devtoolsPage = './devtools';
  await import(devtoolsPage);
  expect(create).toHaveBeenCalledTimes(1);
  const [title, icon, page] = create.mock.calls[0] as [string, string, string];
  expect(title).toBe('Frametap');
  const pageUrl = 'moz-extension://uuid/src/devtools/index.html';
  expect(new URL(page, pageUrl).pathname).toBe('/src/panel/index.html');
  expect(new URL(icon, pageUrl).pathname).toBe('/icons/frametap-32.png');
  expect(existsSync('src/panel/index.html')).toBe(true);
  expect(existsSync('public/icons/frametap-32.png')).toBe(true);
});
