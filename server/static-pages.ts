import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface StaticPage {
  contentType: string;
  /** Extra response headers, e.g. a test page's Content-Security-Policy. */
  headers?: Record<string, string>;
  body: string;
}

export const HTML = 'text/html; charset=utf-8';
const JAVASCRIPT = 'text/javascript; charset=utf-8';

/** URL path → file in `server/public/`. */
const PUBLIC_FILES: ReadonlyArray<[path: string, file: string, contentType: string]> = [
  ['/', 'index.html', HTML],
  ['/demo.js', 'demo.js', JAVASCRIPT],
  ['/socketio-demo.js', 'socketio-demo.js', JAVASCRIPT],
  ['/streams-demo.js', 'streams-demo.js', JAVASCRIPT],
  ['/lab', 'lab.html', HTML],
  ['/lab.js', 'lab.js', JAVASCRIPT],
];

/** URL path → a client library's browser bundle, served from node_modules so the pages need no CDN. */
const VENDOR_FILES: ReadonlyArray<[path: string, pkg: string, file: string]> = [
  ['/mqtt.min.js', 'mqtt', 'dist/mqtt.min.js'],
  ['/sockjs.min.js', 'sockjs-client', 'dist/sockjs.min.js'],
];

const require = createRequire(import.meta.url);

/** The demo pages, their scripts and the vendored client bundles, read once. */
export async function loadDemoPages(): Promise<Map<string, StaticPage>> {
  const publicPages = PUBLIC_FILES.map(async ([path, file, contentType]): Promise<[string, StaticPage]> => [
    path,
    { contentType, body: await readFile(new URL(`./public/${file}`, import.meta.url), 'utf8') },
  ]);
  const vendorPages = VENDOR_FILES.map(async ([path, pkg, file]): Promise<[string, StaticPage]> => [
    path,
    // Through package.json: a package's `exports` may hide its dist/ folder from require.resolve.
    { contentType: JAVASCRIPT, body: await readFile(join(dirname(require.resolve(`${pkg}/package.json`)), file), 'utf8') },
  ]);
  return new Map(await Promise.all([...publicPages, ...vendorPages]));
}
