/**
 * Worker capture where the browser gives extensions no debugger (Firefox): the Firefox build
 * resolves `./worker-capture` to this module (scripts/browser-targets.ts), with the same exports,
 * so the background's code is one for both browsers and Chrome's debugger code is not shipped.
 * The panel shows no switch there; these answers are for a panel that asks all the same.
 */
import type * as Chrome from './worker-capture';

const NO_DEBUGGER = 'This browser gives extensions no debugger: worker traffic is shown in Chrome only';

export const startWorkerCapture: typeof Chrome.startWorkerCapture = () => Promise.resolve(NO_DEBUGGER);
export const stopWorkerCapture: typeof Chrome.stopWorkerCapture = () => Promise.resolve();
export const setWorkerRules: typeof Chrome.setWorkerRules = () => undefined;
export const setWorkerBacklogBytes: typeof Chrome.setWorkerBacklogBytes = () => undefined;
export const runWorkerCommand: typeof Chrome.runWorkerCommand = () => Promise.resolve({ ok: false, error: NO_DEBUGGER });
export const isCapturingWorkers: typeof Chrome.isCapturingWorkers = () => false;
