/**
 * The assembled text of one stream channel (the answer, the thinking, one tool call's
 * arguments), appended chunk by chunk and bounded.
 *
 * Appending is O(chunk): the text is kept in pages of PAGE_CHARS that never change once full,
 * so a view renders the pages as they are (one text node each) instead of joining a growing
 * string on every frame. Past `maxChars` the rest is only counted, for an honest "N more
 * characters". Each chunk that added text is indexed by its message id, so a view can cut the
 * text at any message of the stream and find the part one chunk added; the index grows only with
 * kept text (every entry adds at least one character), so it is bounded too.
 */

export const PAGE_CHARS = 4096;

export interface TextRope {
  /** Characters kept. */
  readonly length: number;
  /** Characters that arrived past the cap and were not kept. */
  readonly dropped: number;
  /** Chunks that added kept text. */
  readonly chunks: number;
  /** What it holds, in UTF-16 units of text and index, for the owner's memory budget. */
  readonly cost: number;
  append(id: number, text: string): void;
  /** The kept length once every chunk up to and including message `id` is in. */
  endAt(id: number): number;
  /** The part message `id` added, as [start, end), or null if it added nothing kept. */
  rangeOf(id: number): readonly [number, number] | null;
  /** The kept text from `start` to `end`, as the pages' pieces (no join). */
  pieces(start: number, end: number): string[];
  /** The whole kept text, joined: for copying. */
  text(): string;
}

/** An index entry costs two float64s: 16 bytes, as much as 8 UTF-16 units. */
const INDEX_ENTRY_COST = 8;

/** The first `max` UTF-16 units, without splitting a surrogate pair. */
function clipUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

export function createTextRope(maxChars: number): TextRope {
  const pages: string[] = [];
  let tail = '';
  let length = 0;
  let dropped = 0;
  let ids = new Float64Array(64);
  let ends = new Float64Array(64);
  let chunks = 0;

  function index(id: number, end: number): void {
    if (chunks === ids.length) {
      const grownIds = new Float64Array(ids.length * 2);
      grownIds.set(ids);
      ids = grownIds;
      const grownEnds = new Float64Array(ends.length * 2);
      grownEnds.set(ends);
      ends = grownEnds;
    }
    ids[chunks] = id;
    ends[chunks] = end;
    chunks++;
  }

  /** The number of indexed chunks with an id ≤ `id` (binary search: ids ascend). */
  function countUpTo(id: number): number {
    let lo = 0;
    let hi = chunks;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid]! <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function pageText(i: number): string {
    return i < pages.length ? pages[i]! : tail;
  }

  return {
    get length() {
      return length;
    },
    get dropped() {
      return dropped;
    },
    get chunks() {
      return chunks;
    },
    get cost() {
      return length + chunks * INDEX_ENTRY_COST;
    },

    append(id, text) {
      if (text.length === 0) return;
      // Once cut, always cut: text kept after a dropped part would read as if it followed it.
      if (dropped > 0) {
        dropped += text.length;
        return;
      }
      const kept = clipUnits(text, maxChars - length);
      dropped += text.length - kept.length;
      if (kept.length === 0) return;
      tail += kept;
      length += kept.length;
      while (tail.length >= PAGE_CHARS) {
        pages.push(tail.slice(0, PAGE_CHARS));
        tail = tail.slice(PAGE_CHARS);
      }
      // A second chunk of the same message (two text blocks in one frame) extends its entry.
      if (chunks > 0 && ids[chunks - 1] === id) ends[chunks - 1] = length;
      else index(id, length);
    },

    endAt(id) {
      const n = countUpTo(id);
      return n === 0 ? 0 : ends[n - 1]!;
    },

    rangeOf(id) {
      const n = countUpTo(id);
      if (n === 0 || ids[n - 1] !== id) return null;
      return [n === 1 ? 0 : ends[n - 2]!, ends[n - 1]!];
    },

    pieces(start, end) {
      const out: string[] = [];
      const from = Math.max(0, start);
      const to = Math.min(length, end);
      for (let page = Math.floor(from / PAGE_CHARS); page * PAGE_CHARS < to; page++) {
        const base = page * PAGE_CHARS;
        const text = pageText(page);
        out.push(from <= base && to >= base + text.length ? text : text.slice(Math.max(0, from - base), to - base));
      }
      return out;
    },

    text: () => pages.join('') + tail,
  };
}
