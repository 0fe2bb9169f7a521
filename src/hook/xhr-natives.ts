/** The XMLHttpRequest natives xhr.ts uses, saved at document_start like natives.ts saves the rest. */
import { getterOf } from './natives';

export const XhrPrototype = XMLHttpRequest.prototype;
export const xhrOpen = XMLHttpRequest.prototype.open;
export const xhrSend = XMLHttpRequest.prototype.send;
export const xhrAbort = XMLHttpRequest.prototype.abort;
export const xhrGetResponseHeader = XMLHttpRequest.prototype.getResponseHeader;
export const xhrReadyState = getterOf<number>(XMLHttpRequest.prototype, 'readyState');
export const xhrStatus = getterOf<number>(XMLHttpRequest.prototype, 'status');
export const xhrResponseUrl = getterOf<string>(XMLHttpRequest.prototype, 'responseURL');
export const xhrResponseType = getterOf<XMLHttpRequestResponseType>(XMLHttpRequest.prototype, 'responseType');
export const xhrResponseText = getterOf<string>(XMLHttpRequest.prototype, 'responseText');
export const xhrResponse = getterOf<unknown>(XMLHttpRequest.prototype, 'response');
export const removeEventListener = EventTarget.prototype.removeEventListener;
