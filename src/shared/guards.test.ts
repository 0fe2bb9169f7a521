import { describe, expect, it } from 'vitest';
import {
  isCommandResult,
  isContentCommand,
  isContentControl,
  isHookCommand,
  eventsOfBatch,
  isPanelBatch,
  isPanelRequest,
  isPanelTabNotice,
} from './guards';
import { envelope } from './protocol';

describe('guards at the boundaries', () => {
  it('accept the commands the panel sends, in shape only', () => {
    expect(isHookCommand({ op: 'send', conn: 'a.1', opcode: 'text', data: 'hi' })).toBe(true);
    expect(isHookCommand({ op: 'inject', conn: 'a.1', opcode: 'binary', data: 'AAE=', event: 'news', lastEventId: '7' })).toBe(true);
    expect(isHookCommand({ op: 'close', conn: 'a.1' })).toBe(true);
    // The hook, not the guard, says that 1005 is no code a page may send.
    expect(isHookCommand({ op: 'close', conn: 'a.1', code: 1005, reason: 'bye' })).toBe(true);
  });

  it('accept releases of paused messages and network drops, and the rules a panel sets', () => {
    expect(isHookCommand({ op: 'release', conn: 'a.1', hold: 0, drop: false, data: 'edited' })).toBe(true);
    expect(isHookCommand({ op: 'release', conn: 'a.1', hold: -1, drop: false })).toBe(false);
    expect(isHookCommand({ op: 'release', conn: 'a.1', hold: 0 })).toBe(false);
    expect(isHookCommand({ op: 'sever', conn: 'a.1' })).toBe(true);
    const rule = { id: 'r', url: null, direction: 'both', match: { text: 'x' }, field: 'message', path: [], action: 'drop', replacement: '', deleteField: false, delayMs: 0, passThrough: false };
    expect(isPanelRequest(envelope({ kind: 'rules', tabId: 2, rules: [rule], blocked: [{ source: 'ws', flags: 'i' }] }))).toBe(true);
    expect(isPanelRequest(envelope({ kind: 'rules', tabId: 2, rules: [{ ...rule, action: 'eval' }], blocked: [] }))).toBe(false);
    expect(isPanelRequest(envelope({ kind: 'rules', tabId: 2, rules: Array(51).fill(rule), blocked: [] }))).toBe(false);
    expect(isContentControl(envelope({ kind: 'rules', rules: [rule] }))).toBe(true);
    expect(isContentControl(envelope({ kind: 'rules', rules: [{ ...rule, path: [{}] }] }))).toBe(false);
  });

  it('keep what a rule did to a frame only in its own shape', () => {
    const frame = { type: 'frame', conn: 'a.1', seq: 1, time: 1, dir: 'in', via: 'page', opcode: 'text', size: 1, data: 'x', truncated: false };
    const batch = (events: unknown[]) => JSON.stringify(envelope({ events }));
    const rewritten = { ...frame, rule: 'r', action: 'rewrite', delivered: 'y', deliveredSize: 1, deliveredTruncated: false };
    const reply = { ...frame, seq: 2, via: 'rule', rule: 'r' };
    const release = { type: 'release', conn: 'a.1', seq: 3, time: 2, hold: 0, outcome: 'edited', data: 'z', size: 1, truncated: false };
    expect(eventsOfBatch(batch([rewritten, reply, release]))).toEqual([rewritten, reply, release]);
    expect(eventsOfBatch(batch([{ ...frame, action: 'explode' }, { ...frame, rule: 'x'.repeat(41) }, { ...release, outcome: 'maybe' }]))).toEqual([]);
  });

  it('keep a document’s connection to a shared worker only with its URL, name and document', () => {
    const batch = (events: unknown[]) => JSON.stringify(envelope({ events }));
    const client = { type: 'worker-client', conn: 'a.2', seq: 0, time: 1, url: 'https://a.test/hub.js', name: 'hub', frameUrl: 'https://a.test/' };
    expect(eventsOfBatch(batch([client]))).toEqual([client]);
    expect(eventsOfBatch(batch([{ ...client, name: 1 }, { ...client, url: undefined }]))).toEqual([]);
  });

  it('refuse malformed commands', () => {
    expect(isHookCommand({ op: 'eval', conn: 'a.1' })).toBe(false);
    expect(isHookCommand({ op: 'send', conn: '', opcode: 'text', data: '' })).toBe(false);
    expect(isHookCommand({ op: 'send', conn: 'x'.repeat(65), opcode: 'text', data: '' })).toBe(false);
    expect(isHookCommand({ op: 'send', conn: 'a.1', opcode: 'ping', data: '' })).toBe(false);
    expect(isHookCommand({ op: 'inject', conn: 'a.1', opcode: 'text', data: 'x', event: 3 })).toBe(false);
    expect(isHookCommand({ op: 'close', conn: 'a.1', code: -1 })).toBe(false);
    expect(isHookCommand(['send'])).toBe(false);
  });

  it('check the envelope of every message', () => {
    const command = { op: 'send', conn: 'a.1', opcode: 'text', data: 'hi' } as const;
    expect(isContentCommand(envelope({ kind: 'command', command }))).toBe(true);
    expect(isContentCommand({ kind: 'command', command })).toBe(false);
    expect(isContentControl(envelope({ kind: 'attach', replay: false }))).toBe(true);
    expect(isContentControl(envelope({ kind: 'attach' }))).toBe(false);
    expect(isPanelRequest(envelope({ kind: 'command', id: 1, tabId: 2, frameId: 0, documentId: 'D', command }))).toBe(true);
    expect(isPanelRequest(envelope({ kind: 'command', id: 1, tabId: 2, frameId: 0, command }))).toBe(false);
    expect(isContentControl(envelope({ kind: 'budget', maxBytes: 1e6 }))).toBe(true);
    expect(isContentControl(envelope({ kind: 'budget', maxBytes: '1e6' }))).toBe(false);
    expect(isPanelBatch(envelope({ kind: 'batch', origin: { frameId: 0, documentId: 'D' }, json: '{}' }))).toBe(true);
    expect(isPanelBatch(envelope({ kind: 'batch', json: '{}' }))).toBe(false);
    expect(isPanelBatch(envelope({ kind: 'batch', origin: { frameId: 0, documentId: 'D' }, json: {} }))).toBe(false);
  });

  it('keep only the valid events of a batch’s text, and nothing of text that is not a batch', () => {
    const open = { type: 'open', conn: 'a.1', seq: 1, time: 1, protocol: '', extensions: '' };
    const batch = (events: unknown[]) => JSON.stringify(envelope({ events }));
    expect(eventsOfBatch(batch([open, { type: 'frame', conn: 'a.1', seq: 2 }]))).toEqual([open]);
    expect(eventsOfBatch('{"events":[' )).toEqual([]);
    expect(eventsOfBatch(JSON.stringify({ events: [open] }))).toEqual([]);
    expect(eventsOfBatch(JSON.stringify(envelope({ events: {} })))).toEqual([]);
  });

  it('tell the panel’s notices and command results apart', () => {
    expect(isPanelTabNotice(envelope({ kind: 'top-document', documentId: 'D', url: 'https://example.com/' }))).toBe(true);
    expect(isPanelTabNotice(envelope({ kind: 'top-document', documentId: 'D' }))).toBe(false);
    expect(isPanelTabNotice(envelope({ kind: 'tab-unreachable' }))).toBe(true);
    expect(isPanelTabNotice(envelope({ kind: 'top-document' }))).toBe(false);
    expect(isCommandResult({ ok: true })).toBe(true);
    expect(isCommandResult({ ok: false, error: 'Socket is closed' })).toBe(true);
    expect(isCommandResult({ ok: false })).toBe(false);
  });
});
