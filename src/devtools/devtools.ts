/** The DevTools page: its one job is to add the Frametap panel to every DevTools window. */
// Paths from the extension's root: Firefox resolves relative ones against this page's own URL.
chrome.devtools.panels.create('Frametap', '/icons/frametap-32.png', '/src/panel/index.html');
