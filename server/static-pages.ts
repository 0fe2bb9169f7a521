import { readFile } from 'node:fs/promises';

export interface StaticPage {
  contentType: string;
  body: string;
}

export const HTML = 'text/html; charset=utf-8';
const JAVASCRIPT = 'text/javascript; charset=utf-8';

/** The demo page and its script, read once from `server/public/`. */
export async function loadDemoPages(): Promise<Map<string, StaticPage>> {
  const [html, script] = await Promise.all([readPublicFile('index.html'), readPublicFile('demo.js')]);
  return new Map([
    ['/', { contentType: HTML, body: html }],
    ['/demo.js', { contentType: JAVASCRIPT, body: script }],
  ]);
}

function readPublicFile(name: string): Promise<string> {
  return readFile(new URL(`./public/${name}`, import.meta.url), 'utf8');
}
