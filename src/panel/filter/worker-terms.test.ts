import { describe, expect, it } from 'vitest';
import type { WorkerSource } from '../../shared/protocol';
import { logEntry } from '../store/events.fixture';
import { createMessageLog } from '../store/message-log';
import { buildMessageFilter, NO_FILTER, type ConnectionFacts } from './filter';
import { parseQuery } from './query';

const SYNC: WorkerSource = { kind: 'dedicated', url: 'https://app.test/js/Sync-Worker.js', name: 'market', startedBy: 'https://app.test/' };
const PUSH: WorkerSource = { kind: 'service', url: 'https://app.test/sw.js', name: '', startedBy: '' };

/** Connection 0 is the page's, 1 a dedicated worker's, 2 the service worker's, 3 one the store does not know. */
const facts: ConnectionFacts = (connIndex) =>
  [{ url: 'wss://app.test/page' }, { url: 'wss://app.test/feed', worker: SYNC }, { url: 'wss://push.test/', worker: PUSH }][connIndex];

const matching = (text: string): number[] => {
  const log = createMessageLog({ maxMessages: 100, maxBytes: Infinity });
  for (const connIndex of [0, 1, 2, 3]) log.append(logEntry({ connIndex, data: `message ${connIndex}` }));
  const predicate = buildMessageFilter(log, { ...NO_FILTER, text }, [], null, facts)!;
  const ids: number[] = [];
  for (let id = log.firstId; id < log.endId; id++) if (predicate(id)) ids.push(id);
  return ids;
};

describe('worker filter terms', () => {
  it('is:worker keeps the messages of workers’ connections, negated those of the page', () => {
    expect(matching('is:worker')).toEqual([1, 2]);
    expect(matching('-is:worker')).toEqual([0, 3]);
    expect(matching('is:worker message 2')).toEqual([2]);
  });

  it('worker: finds part of the worker’s script URL or its name, case-insensitively; several are alternatives', () => {
    expect(matching('worker:sync-worker')).toEqual([1]);
    expect(matching('worker:MARKET')).toEqual([1]);
    expect(matching('worker:sw.js worker:market')).toEqual([1, 2]);
    expect(matching('-worker:sw.js')).toEqual([0, 1, 3]);
    expect(matching('worker:app.test conn:push')).toEqual([2]);
    expect(matching('worker:nothing')).toEqual([]);
  });

  it('says which values is: takes', () => {
    expect(parseQuery('is:workers')).toEqual({ kind: 'invalid', message: 'is:workers: is: is intercepted, reply or worker' });
    expect(parseQuery('worker:')).toEqual({ kind: 'invalid', message: 'worker:: worker: needs a value' });
  });
});
