/**
 * Per-connection bookkeeping of the sequence numbers the hook assigned (`create` is 0).
 *
 * It answers one question per event: keep it, or is it a duplicate? Duplicates are normal: after
 * the service worker restarts, every content script replays its backlog. A jump forward leaves a
 * gap of events that never arrived (the hook or a backlog dropped them, or they were in flight
 * when the service worker died); gaps are counted as missed, and an event that arrives later and
 * fills one (a replay after a reconnect) is kept and un-counted, so the number stays honest.
 */

/** Beyond this many open gaps the oldest are given up: they stay missed, and can no longer fill. */
const MAX_TRACKED_GAPS = 256;

interface Gap {
  from: number;
  to: number;
}

export interface SeqTracker {
  /** True if the event is new; updates `missed`. */
  accept(seq: number): boolean;
  /** Events known to exist that never arrived. */
  readonly missed: number;
  /** The highest seq accepted so far (-1 before any). */
  readonly last: number;
  /** How many of `from`…`to` (inclusive) are still missing. */
  missingIn(from: number, to: number): number;
  /** Gaps that are not filled yet are counted no more, nor can they be filled (the user cleared). */
  forgetGaps(): void;
}

export function createSeqTracker(): SeqTracker {
  let last = -1;
  let missed = 0;
  let gaps: Gap[] = [];

  function fillGap(seq: number): boolean {
    const i = gaps.findIndex((g) => g.from <= seq && seq <= g.to);
    if (i < 0) return false;
    const gap = gaps[i]!;
    const rest: Gap[] = [];
    if (gap.from < seq) rest.push({ from: gap.from, to: seq - 1 });
    if (seq < gap.to) rest.push({ from: seq + 1, to: gap.to });
    gaps.splice(i, 1, ...rest);
    missed--;
    return true;
  }

  return {
    accept(seq) {
      if (seq <= last) return fillGap(seq);
      if (seq > last + 1) {
        gaps.push({ from: last + 1, to: seq - 1 });
        if (gaps.length > MAX_TRACKED_GAPS) gaps.shift();
        missed += seq - last - 1;
      }
      last = seq;
      return true;
    },
    get missed() {
      return missed;
    },
    get last() {
      return last;
    },
    missingIn(from, to) {
      let n = 0;
      for (const gap of gaps) n += Math.max(0, Math.min(to, gap.to) - Math.max(from, gap.from) + 1);
      return n;
    },
    forgetGaps() {
      gaps = [];
      missed = 0;
    },
  };
}
