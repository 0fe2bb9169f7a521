/**
 * Events as the hook keeps them until a panel reads them. A binary frame holds a private copy of
 * its bytes (the page may reuse or detach its buffer), and is encoded as base64 only if a panel
 * ever asks for it: while nobody inspects, no frame is encoded or serialized at all.
 */
import type { FrameEvent, HookEvent } from '../shared/protocol';

export type HeldFrame = Omit<FrameEvent, 'data'> & { data: string | Uint8Array };
export type HeldEvent = Exclude<HookEvent, FrameEvent> | HeldFrame;
