/**
 * One direction of one connection while rules hold some of its messages back: a queue that lets
 * them go strictly in order, as a slow network would. A delayed message goes when its time comes;
 * a paused one when the panel releases it; the messages behind either wait for it, and then go as
 * soon as their own time has come.
 *
 * Deliveries run from a timer of their own, never inside the page's call or the browser's event
 * that queued them.
 */
import { apply, nativeSetTimeout, now } from '../natives';

interface LaneItem {
  /** Epoch ms before which it does not go. */
  due: number;
  /** A paused message's hold number, until it is released; -1 otherwise. */
  hold: number;
  deliver: () => void;
}

export interface Lane {
  readonly idle: boolean;
  push(item: LaneItem): void;
  /** Lets a paused message go, with `deliver` in place of its own (null: as it was); false when it is not held here. */
  release(hold: number, deliver: (() => void) | null): boolean;
  /** Lets everything go now, in order, paused messages as they were: interception is over. */
  flush(): void;
}

/** `onIdle` runs each time the lane empties. */
export function createLane(onIdle: () => void): Lane {
  let items: LaneItem[] = [];
  let head = 0;
  let timerDue = -1;

  function deliverHead(): void {
    const item = items[head] as LaneItem;
    items[head] = undefined as unknown as LaneItem;
    head += 1;
    try {
      item.deliver();
    } catch {
      // A delivery that fails (a socket gone) must not hold up the ones behind it.
    }
  }

  function emptied(): void {
    items = [];
    head = 0;
    onIdle();
  }

  function pump(): void {
    timerDue = -1;
    while (head < items.length) {
      const item = items[head] as LaneItem;
      if (item.hold !== -1) return;
      const wait = item.due - now();
      if (wait > 0) return schedule(item.due, wait);
      deliverHead();
    }
    emptied();
  }

  function schedule(due: number, wait: number): void {
    if (timerDue !== -1 && timerDue <= due) return;
    timerDue = due;
    apply(nativeSetTimeout, undefined, [pump, wait]);
  }

  return {
    get idle() {
      return head === items.length;
    },
    push(item) {
      items[items.length] = item;
      if (items.length - head === 1) schedule(item.due, item.due - now());
    },
    release(hold, deliver) {
      for (let i = head; i < items.length; i++) {
        const item = items[i] as LaneItem;
        if (item.hold !== hold) continue;
        item.hold = -1;
        if (deliver) item.deliver = deliver;
        if (i === head) schedule(now(), 0);
        return true;
      }
      return false;
    },
    flush() {
      while (head < items.length) deliverHead();
      emptied();
    },
  };
}
