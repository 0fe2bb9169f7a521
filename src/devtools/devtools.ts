/** The DevTools page: its one job is to add the Frametap panel to every DevTools window. */
chrome.devtools.panels.create('Frametap', 'icons/frametap-32.png', 'src/panel/index.html');
