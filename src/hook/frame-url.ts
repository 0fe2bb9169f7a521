/**
 * The URL a connection's events name as their frame's. A document's is read when the connection
 * opens (pushState changes it, and `window.location` is unforgeable). A worker's never changes,
 * and a worker script may redefine `self.location` (an accessor of WorkerGlobalScope.prototype):
 * it is read once, before any worker script runs.
 */
const workerUrl = typeof document === 'undefined' && typeof location !== 'undefined' ? location.href : null;

export const frameUrl = (): string => workerUrl ?? location.href;
