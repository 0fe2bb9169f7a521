/**
 * What an intercept rule did to a message, as the grid row keeps it: the hook's account on the
 * frame, and for a paused message how it was let go once its `release` came.
 */
import type { FrameEvent, FrameIntercept, ReleaseEvent } from '../../shared/protocol';

export type Release = Pick<ReleaseEvent, 'outcome' | 'data' | 'size' | 'truncated'>;

export type Intercept = FrameIntercept & {
  release?: Release;
};

/** The frame's intercept fields, or undefined for the (usual) frame no rule touched. */
export function interceptOf(frame: FrameEvent): Intercept | undefined {
  if (frame.rule === undefined && frame.action === undefined) return undefined;
  const { rule, action, delivered, deliveredSize, deliveredTruncated, delayMs, hold, passed, loop } = frame;
  return { rule, action, delivered, deliveredSize, deliveredTruncated, delayMs, hold, passed, loop };
}

/** Characters the intercept holds besides the payload: the log's byte budget counts them too. */
export const interceptChars = (intercept: Intercept | undefined): number =>
  intercept === undefined ? 0 : (intercept.delivered?.length ?? 0) + (intercept.release?.data?.length ?? 0);

/** A message Frametap did not deliver as the page or the server sent it (a rule's own reply is not one). */
export const isIntercepted = (intercept: Intercept | undefined): boolean => intercept?.action !== undefined;
