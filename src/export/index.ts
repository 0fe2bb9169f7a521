/**
 * Export and import: the panel's entry points. Exports take the hook events to write (a tab's,
 * a connection's, or what the filter shows) and return the file's text; imports take a file's
 * text and return hook events for imported connections (`import:` ids), to load through the same
 * path as live traffic.
 */
export { toHar, type HarExportOptions } from './to-har';
export { fromHar } from './from-har';
export { toNdjson, fromNdjson, type NdjsonExportOptions } from './ndjson';
export { IMPORTED_CONN_PREFIX, isImportedConn, MAX_IMPORT_EVENTS, type ImportOptions, type ImportResult } from './import-builder';
