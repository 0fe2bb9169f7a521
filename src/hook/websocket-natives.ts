/** The WebSocket natives, saved at document_start, for the wrapper and for the panel's commands. */
import { getterOf } from './natives';

export const NativeWebSocket = WebSocket;
export const nativeSend = WebSocket.prototype.send;
export const nativeClose = WebSocket.prototype.close;
export const socketUrl = getterOf<string>(WebSocket.prototype, 'url');
export const socketProtocol = getterOf<string>(WebSocket.prototype, 'protocol');
export const socketExtensions = getterOf<string>(WebSocket.prototype, 'extensions');
export const socketReadyState = getterOf<number>(WebSocket.prototype, 'readyState');
export const socketBinaryType = getterOf<BinaryType>(WebSocket.prototype, 'binaryType');
export const closeEventCode = getterOf<number>(CloseEvent.prototype, 'code');
export const closeEventReason = getterOf<string>(CloseEvent.prototype, 'reason');
export const closeEventWasClean = getterOf<boolean>(CloseEvent.prototype, 'wasClean');

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;
