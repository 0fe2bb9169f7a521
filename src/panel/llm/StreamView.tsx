/**
 * The details pane's Stream view of a message of an LLM token stream: the response's text as
 * assembled up to and including the selected chunk (that chunk's part highlighted), or the whole
 * of it as it grows; its thinking and tool calls; and what a user wants to know of the stream:
 * time to first token, chunks per second, the longest gap, the finish reason, model and usage.
 * Text only, never HTML: what a stream says is rendered as text nodes, its invisible characters
 * as escapes (done once per chunk, when kept).
 */
import type { ComponentChildren } from 'preact';
import { signal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { CopyButton } from '../components/CopyButton';
import { ViewSwitch } from '../components/ViewSwitch';
import { formatCount, plural } from '../format/count';
import { formatLatency } from '../protocol/latency';
import { FORMAT_LABELS, type Usage } from './frame-reader';
import { MAX_TOOL_CALLS, streamTiming, type Stream } from './stream-assembler';
import type { TextRope } from './text-rope';
import './llm-stream.css';

export type StreamCut = 'selected' | 'whole';

/** The details pane's tab for a message of a stream; kept across selections, as a user moving through the chunks expects. */
export const detailsTab = signal<'stream' | 'message'>('stream');

/** Kept across selections too. */
export const streamCut = signal<StreamCut>('selected');

const REQUEST_MARKS: Record<Stream['requestMark'], string> = {
  request: 'from the request',
  reconnection: 'from the reconnection',
  'previous response': 'from the previous response',
};

function usageText(usage: Usage): string {
  const parts: string[] = [];
  if (usage.input !== undefined) parts.push(`${formatCount(usage.input)} in${usage.cached ? ` (${formatCount(usage.cached)} cached)` : ''}`);
  if (usage.output !== undefined) parts.push(`${formatCount(usage.output)} out${usage.reasoning ? ` (${formatCount(usage.reasoning)} reasoning)` : ''}`);
  if (usage.total !== undefined) parts.push(`${formatCount(usage.total)} total`);
  return parts.join(' · ');
}

interface Status {
  text: string;
  tone: 'live' | 'done' | 'bad';
}

function statusOf(stream: Stream, connectionLive: boolean): Status {
  if (stream.errors.length > 0) return { text: 'error', tone: 'bad' };
  if (stream.ended) return { text: 'complete', tone: 'done' };
  if (connectionLive) return { text: 'streaming…', tone: 'live' };
  return { text: 'cut off: no end of stream', tone: 'bad' };
}

interface Props {
  id: number;
  stream: Stream;
  /** The details pane's tabs, put on the view's first line to spare one in a pane 300 px tall. */
  tabs: ComponentChildren;
}

export function StreamView({ id, stream, tabs }: Props) {
  const { store } = usePanelApp();
  // Frames keep coming while it is shown: one render per batch, each O(pages shown).
  void store.revision.value;
  const cut = streamCut.value;
  const connIndex = store.log.get(id).connIndex;
  const connection = store.connectionsByIndex.value.get(connIndex);
  const status = statusOf(stream, connection !== undefined && connection.endTime === null);
  const timing = streamTiming(stream);
  const { stats } = stream;
  const gapId = stats.longestGapId;
  const until = cut === 'whole' ? Number.POSITIVE_INFINITY : id;
  return (
    <section class="llm" aria-label="LLM stream">
      <div class="llm-toolbar">
        {tabs}
        <span class="llm-toolbar-actions">
          <ViewSwitch
            label="Text shown"
            options={[
              ['selected', 'Up to this chunk'],
              ['whole', 'Whole stream'],
            ]}
            value={cut}
            onChange={(value) => (streamCut.value = value)}
          />
          <CopyButton label="Copy text" text={() => stream.text.text()} />
        </span>
      </div>
      <div class="llm-head">
        <span class="llm-format">{stream.format ? FORMAT_LABELS[stream.format] : 'LLM stream'}</span>
        {stream.model !== null && <span class="llm-model" title="Model">{stream.model}</span>}
        <span class={`llm-status llm-status-${status.tone}`}>{status.text}</span>
      </div>
      <dl class="llm-stats">
        <Stat label="First token" title={`Time to first token, ${REQUEST_MARKS[stream.requestMark]} to the first content chunk`}>
          {timing.timeToFirstToken === null ? '—' : formatLatency(timing.timeToFirstToken)}
        </Stat>
        <Stat label="Rate" title="Content chunks per second, from the first chunk to the last">
          {timing.chunksPerSecond === null ? '—' : `${timing.chunksPerSecond.toFixed(1)} chunks/s`}
        </Stat>
        <Stat label="Longest gap" title="The longest time between two content chunks">
          {gapId === null ? (
            '—'
          ) : (
            <>
              {formatLatency(stats.longestGap)}{' '}
              <button
                type="button"
                class="text-button llm-go"
                disabled={!store.log.has(gapId)}
                title={store.log.has(gapId) ? 'Select the chunk after the gap' : 'That chunk is no longer kept'}
                onClick={() => (store.selectedMessageId.value = gapId)}
              >
                Go
              </button>
            </>
          )}
        </Stat>
        <Stat label="Chunks" title="Frames that added text, thinking or tool input">
          {formatCount(stats.chunks)}
          {timing.streaming !== null && timing.streaming > 0 ? ` in ${formatLatency(timing.streaming)}` : ''}
        </Stat>
        <Stat label="Finish">{stream.finishReason ?? '—'}</Stat>
        {stream.usage && <Stat label="Usage (tokens)">{usageText(stream.usage)}</Stat>}
      </dl>
      <Notes stream={stream} />
      <Channel label="Text" rope={stream.text} id={id} until={until} cut={cut} main />
      {stream.thinking.length + stream.thinking.dropped > 0 && <Channel label="Thinking" rope={stream.thinking} id={id} until={until} cut={cut} />}
      {stream.tools.map((tool) => (
        <Channel key={tool.key} label={`Tool call: ${tool.name || '(unnamed)'}${tool.id ? ` · ${tool.id}` : ''}`} rope={tool.args} id={id} until={until} cut={cut} />
      ))}
      {stream.toolChunksNotListed > 0 && (
        <div class="details-notice">
          {plural(stream.toolChunksNotListed, 'chunk')} of more tool calls not shown: the first {MAX_TOOL_CALLS} are.
        </div>
      )}
    </section>
  );
}

function Stat({ label, title, children }: { label: string; title?: string; children: ComponentChildren }) {
  return (
    <div class="llm-stat" title={title}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Notes({ stream }: { stream: Stream }) {
  const notes: string[] = [];
  for (const error of stream.errors) notes.push(`Error: ${error}`);
  if (stream.errorsNotListed > 0) notes.push(`${plural(stream.errorsNotListed, 'more error')}.`);
  if (stream.holes) notes.push('Some of this connection’s events never reached the panel (or were dropped before being read): the text may have holes.');
  if (stream.unread > 0) notes.push(`${plural(stream.unread, 'frame')} of this stream did not read as stream events (not JSON, or another shape).`);
  if (stream.otherChoices > 0) notes.push(`${plural(stream.otherChoices, 'chunk')} of other choices (n > 1) not assembled: only the first choice is.`);
  if (notes.length === 0) return null;
  return (
    <div class="llm-notes" role="note">
      {notes.map((note, i) => (
        <div key={i} class="details-notice">
          {note}
        </div>
      ))}
    </div>
  );
}

interface ChannelProps {
  label: string;
  rope: TextRope;
  /** The selected message. */
  id: number;
  /** Show the text of the chunks up to this message id. */
  until: number;
  cut: StreamCut;
  /** The answer itself: shown even while empty. */
  main?: boolean;
}

function Channel({ label, rope, id, until, cut, main = false }: ChannelProps) {
  const box = useRef<HTMLPreElement>(null);
  const end = rope.endAt(until);
  const range = rope.rangeOf(id);
  // Read before this render changes the DOM: a box scrolled to its end follows the growing text.
  const el = box.current;
  const following = el !== null && el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
  useLayoutEffect(() => {
    const pre = box.current;
    if (!pre) return;
    const mark = pre.querySelector('mark');
    pre.scrollTop = mark ? Math.max(0, mark.offsetTop - pre.clientHeight / 3) : pre.scrollHeight;
    // The selected chunk may be in the thinking or a tool call, below the fold of a short pane.
    if (mark) revealInScroller(pre);
  }, [id, cut]);
  useLayoutEffect(() => {
    const pre = box.current;
    if (pre && following && cut === 'whole') pre.scrollTop = pre.scrollHeight;
  });
  if (!main && end === 0 && cut === 'selected') return null;
  const [start, stop] = range ?? [end, end];
  const after = cut === 'whole' ? rope.pieces(stop, rope.length) : [];
  return (
    <div class="llm-channel">
      <div class="details-caption llm-caption">
        {label} · {cut === 'selected' ? `${formatCount(end)} of ${formatCount(rope.length + rope.dropped)} characters` : plural(rope.length + rope.dropped, 'character')}
      </div>
      <pre ref={box} class="payload llm-text" tabIndex={0} aria-label={`${label}, assembled`}>
        {rope.pieces(0, start)}
        {stop > start && <mark class="llm-chunk">{rope.pieces(start, stop)}</mark>}
        {after.length > 0 && <span class="llm-after">{after}</span>}
        {end === 0 && stop === start && after.length === 0 && <span class="llm-empty">{main ? 'No text yet.' : 'Nothing yet.'}</span>}
      </pre>
      {rope.dropped > 0 && (cut === 'whole' || end === rope.length) && (
        <div class="details-notice" role="note">
          … {formatCount(rope.dropped)} more characters, not kept (the panel keeps the first {formatCount(rope.length)}).
        </div>
      )}
    </div>
  );
}

/** Scrolls the nearest scrolling ancestor just enough to show `el` (scrollIntoView would also scroll the panel's clipped boxes). */
function revealInScroller(el: HTMLElement): void {
  let scroller = el.parentElement;
  while (scroller && !(scroller.scrollHeight > scroller.clientHeight && /auto|scroll/.test(getComputedStyle(scroller).overflowY))) {
    scroller = scroller.parentElement;
  }
  if (!scroller) return;
  const outer = scroller.getBoundingClientRect();
  const inner = el.getBoundingClientRect();
  if (inner.bottom > outer.bottom) scroller.scrollTop += Math.min(inner.bottom - outer.bottom, inner.top - outer.top);
  else if (inner.top < outer.top) scroller.scrollTop -= outer.top - inner.top;
}
