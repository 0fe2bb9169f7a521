/**
 * The details pane's Decoded section: what the protocol decoder read in the selected frame, and
 * the messages it is paired with, with the latency between them and a button to go there. A
 * message reassembled across frames names the frames it came from; a frame that holds part of a
 * message says which, and leads to the frame that carries it.
 */
import { Fragment } from 'preact';
import { PROTOCOLS, type Decoded, type Fragment as MessageFragment } from '../../decode';
import { usePanelApp } from '../app-context';
import { decodedLine } from './decoded-summary';
import { formatLatency } from './latency';
import { payloadText } from './payload-text';
import type { CorrelationLink } from './correlation-index';
import type { TrackedResult } from './protocol-tracker';

/** Messages of one frame listed in full; a polling payload or a batch could hold a thousand. */
const MAX_LISTED_MESSAGES = 20;
/** Frames a reassembled message names; one split into single bytes could name a thousand. */
const MAX_LISTED_FRAMES = 12;

const protocolLabel = (id: string): string => PROTOCOLS.find((p) => p.id === id)?.label ?? id;

export function DecodedDetails({ id }: { id: number }) {
  const { tracker, store } = usePanelApp();
  void tracker.choices.value;
  const result = tracker.decodedAt(id, true);
  if (!result) return null;
  const decision = tracker.decisionOf(store.log.get(id).connIndex);
  const by = decision.by === 'user' ? 'chosen' : `detected by ${decision.by ?? 'nothing'}`;
  const links = tracker.linksOf(id);
  return (
    <section class="decoded" aria-label="Decoded">
      <div class="details-caption">
        Decoded · {decision.protocol ? protocolLabel(decision.protocol) : ''} ({by})
      </div>
      {result.ok ? (
        <>
          {result.messages.slice(0, MAX_LISTED_MESSAGES).map((message, i) => (
            <DecodedMessage key={i} message={message} firstPart={i === 0 ? tracker.partsOf(id)[0] : undefined} />
          ))}
          {result.messages.length > MAX_LISTED_MESSAGES && (
            <div class="details-notice">{result.messages.length - MAX_LISTED_MESSAGES} more messages in this frame.</div>
          )}
          {result.note !== undefined && <div class="details-notice">{result.note}</div>}
          {result.fragment && <FragmentPart fragment={result.fragment} partOf={result.partOf} alone={result.messages.length === 0} />}
        </>
      ) : (
        <div class="details-notice">Shown raw: {result.note}</div>
      )}
      {links.map((link) => (
        <CorrelatedMessage key={link.partner} id={id} link={link} />
      ))}
    </section>
  );
}

/** The frames a message came from, as the details pane's Sequence shows them. */
function framesText(frames: readonly number[]): string {
  const listed = frames.slice(0, MAX_LISTED_FRAMES).map((seq) => `#${seq}`).join(', ');
  return frames.length > MAX_LISTED_FRAMES ? `${listed} … (${frames.length} frames)` : listed;
}

function DecodedMessage({ message, firstPart }: { message: Decoded; firstPart?: number }) {
  const { store } = usePanelApp();
  const fields: [string, string | undefined][] = [
    ['Kind', message.kind],
    ['Name', message.name],
    [message.protocol === 'socket.io' ? 'Namespace' : 'Channel', message.channel === message.name && message.protocol !== 'socket.io' ? undefined : message.channel],
    ['ID', message.id],
    ['Note', message.note],
  ];
  return (
    <div class="decoded-message">
      <dl class="details-facts">
        {fields.map(([label, value]) =>
          value === undefined ? null : (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ),
        )}
      </dl>
      {message.frames && (
        <div class="decoded-link">
          <span>Reassembled from frames {framesText(message.frames)}</span>
          {firstPart !== undefined && (
            <button type="button" class="text-button" onClick={() => (store.selectedMessageId.value = firstPart)}>
              Go to first part
            </button>
          )}
        </div>
      )}
      {message.payload !== undefined && <pre class="payload decoded-payload">{payloadText(message.payload)}</pre>}
    </div>
  );
}

/** What the frame holds of a message that another frame completes. */
function FragmentPart({ fragment, partOf, alone }: { fragment: MessageFragment; partOf: TrackedResult['partOf']; alone: boolean }) {
  const { store } = usePanelApp();
  const kind = fragment.kind ?? 'packet';
  if (fragment.skipped) {
    return <div class="details-notice">Part of {kind} of {fragment.length ?? '?'} bytes, too large to reassemble: its bytes are skipped.</div>;
  }
  const here = `${fragment.bytesHere} byte${fragment.bytesHere === 1 ? '' : 's'} here`;
  const where = alone ? `Part ${partOf ? `${partOf.part} of ${partOf.parts} ` : ''}of ${kind}, ${here}` : `Ends with the start of ${kind}, ${here}`;
  if (!partOf || !store.log.has(partOf.id)) {
    const soFar = fragment.length === undefined ? `${fragment.received} bytes so far` : `${fragment.received} of ${fragment.length} bytes so far`;
    return <div class="details-notice">{where} ({soFar}); the rest has not arrived{partOf ? ' or is no longer kept' : ''}.</div>;
  }
  return (
    <div class="decoded-link">
      <span>
        {where}, completed in frame #{store.log.get(partOf.id).seq}
        {partOf.message ? `: ${partOf.message.summary}` : ''}
      </span>
      <button type="button" class="text-button" onClick={() => (store.selectedMessageId.value = partOf.id)}>
        Go to message
      </button>
    </div>
  );
}

function CorrelatedMessage({ id, link }: { id: number; link: CorrelationLink }) {
  const { store, tracker } = usePanelApp();
  const what = link.role === 'response' ? 'Response' : 'Request';
  if (!store.log.has(link.partner)) {
    return <div class="decoded-link">{what}: no longer kept (removed by Clear or by the message budget).</div>;
  }
  const partner = tracker.decodedAt(link.partner);
  const latency = store.log.get(link.partner).time - store.log.get(id).time;
  return (
    <div class="decoded-link">
      <span>
        {what}: {partner ? decodedLine(partner).text : ''} · <span class="decoded-latency">{formatLatency(latency)}</span>{' '}
        {link.role === 'response' ? 'later' : 'earlier'}
      </span>
      <button type="button" class="text-button" onClick={() => (store.selectedMessageId.value = link.partner)}>
        Go to {link.role}
      </button>
    </div>
  );
}
