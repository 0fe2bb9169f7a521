import { readFile } from 'node:fs/promises';

export interface StaticPage {
  contentType: string;
  /** Extra response headers, e.g. a test page's Content-Security-Policy. */
  headers?: Record<string, string>;
  body: string;
}

export const HTML = 'text/html; charset=utf-8';
const JAVASCRIPT = 'text/javascript; charset=utf-8';

/** The demo page and its scripts, read once from `server/public/`. */
export async function loadDemoPages(): Promise<Map<string, StaticPage>> {
  const [html, script, socketIoScript] = await Promise.all([readPublicFile('index.html'), readPublicFile('demo.js'), readPublicFile('socketio-demo.js')]);
  return new Map([
    ['/', { contentType: HTML, body: html }],
    ['/demo.js', { contentType: JAVASCRIPT, body: script }],
    ['/socketio-demo.js', { contentType: JAVASCRIPT, body: socketIoScript }],
  ]);
}

function readPublicFile(name: string): Promise<string> {
  return readFile(new URL(`./public/${name}`, import.meta.url), 'utf8');
}
