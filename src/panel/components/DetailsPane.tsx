/** The selected message in full: its facts, then its payload as text, JSON or a hex dump. */
import { useComputed } from '@preact/signals';
import { usePanelApp } from '../app-context';
import { ReplayActions } from '../composer/ReplayActions';
import { DecodedDetails } from '../protocol/DecodedDetails';
import { connectionLabel } from '../format/connection-label';
import { directionCell, typeLabel } from '../format/row-cells';
import { formatBytes } from '../format/size';
import { formatExactTime } from '../format/time';
import { detailsTab, StreamView } from '../llm/StreamView';
import { InterceptDetails } from '../rules/InterceptDetails';
import { BinaryPayload } from './BinaryPayload';
import { CopyButton } from './CopyButton';
import { TextPayload } from './TextPayload';
import { TruncationNotice } from './TruncationNotice';
import { ViewSwitch } from './ViewSwitch';
import { WorkerBadge } from './WorkerBadge';

export function DetailsPane() {
  const { store } = usePanelApp();
  // Re-render when the selection changes or stops resolving, not on every batch.
  const retainedId = useComputed(() => {
    void store.revision.value;
    const id = store.selectedMessageId.value;
    return id !== null && store.log.has(id) ? id : null;
  }).value;
  const selectedId = store.selectedMessageId.value;

  return (
    <div class="details" role="region" aria-label="Message details">
      {retainedId === null ? (
        <div class="details-placeholder">
          {selectedId === null
            ? 'Select a message to see its details.'
            : 'This message is no longer kept (removed by Clear or by the message budget).'}
        </div>
      ) : (
        // Keyed: its computed lookup is of one message.
        <MessageDetails key={retainedId} id={retainedId} />
      )}
    </div>
  );
}

/** A message of an LLM token stream gets a Stream tab: the response assembled, and its timing. */
function MessageDetails({ id }: { id: number }) {
  const { store, llm: tracker } = usePanelApp();
  // A stable value (the stream, or its absence), so that new batches re-render only the Stream view.
  const llm = useComputed(() => {
    void store.revision.value;
    const found = tracker.streamOf(id);
    return found === null ? null : found.kind === 'stream' ? found.stream : 'forgotten';
  }).value;
  if (llm === null) return <MessageFacts id={id} />;
  const tab = detailsTab.value;
  const tabs = (
    <ViewSwitch
      label="Details view"
      options={[
        ['stream', 'Stream'],
        ['message', 'Message'],
      ]}
      value={tab}
      onChange={(value) => (detailsTab.value = value)}
    />
  );
  if (tab === 'stream' && llm !== 'forgotten') return <StreamView id={id} stream={llm} tabs={tabs} />;
  return (
    <>
      {tabs}
      {tab === 'message' ? (
        <MessageFacts id={id} />
      ) : (
        <div class="details-placeholder">This stream’s assembled text is no longer kept: the panel keeps the latest streams only.</div>
      )}
    </>
  );
}

function MessageFacts({ id }: { id: number }) {
  const { store } = usePanelApp();
  const entry = store.log.get(id);
  const connection = store.connectionsByIndex.value.get(entry.connIndex);
  const isFrame = entry.kind === 'frame';
  const direction = directionCell(entry);
  return (
    <>
      <dl class="details-facts">
        <dt>Direction</dt>
        <dd>
          {direction.symbol} {direction.label}
        </dd>
        <dt>Time</dt>
        <dd>{formatExactTime(entry.time)}</dd>
        {isFrame && (
          <>
            <dt>Size</dt>
            <dd>
              {entry.size.toLocaleString('en-US')} bytes ({formatBytes(entry.size)})
              {entry.opcode === 'text' && ` · ${entry.data.length.toLocaleString('en-US')} characters`}
            </dd>
          </>
        )}
        <dt>Type</dt>
        <dd>{typeLabel(entry)}</dd>
        {entry.lastEventId !== undefined && (
          <>
            <dt>Last event ID</dt>
            <dd>{entry.lastEventId === '' ? '(empty)' : entry.lastEventId}</dd>
          </>
        )}
        <dt>Connection</dt>
        <dd title={connection?.url}>{connection ? connectionLabel(connection) : 'unknown'}</dd>
        {connection?.worker && (
          <>
            <dt>Worker</dt>
            <dd>
              <WorkerBadge worker={connection.worker} />
            </dd>
          </>
        )}
        <dt>Sequence</dt>
        <dd>#{entry.seq}</dd>
      </dl>
      <div class="details-actions" role="toolbar" aria-label="Message actions">
        <CopyButton label="Copy payload" text={() => entry.data} />
        {connection && <ReplayActions key={id} entry={entry} connection={connection} />}
      </div>
      {isFrame && <DecodedDetails key={id} id={id} />}
      <InterceptDetails entry={entry} />
      {entry.truncated && <TruncationNotice size={entry.size} />}
      {entry.opcode === 'binary' ? <BinaryPayload key={id} base64={entry.data} size={entry.size} /> : <TextPayload key={id} text={entry.data} />}
    </>
  );
}
