import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellCommand, type ShellTarget } from './shell-command';

const echo: ShellTarget = { url: 'ws://127.0.0.1:8787/ws/echo', protocols: [] };

/**
 * Runs a command line in a real POSIX shell with the tool replaced by a function: wscat prints
 * its arguments NUL-separated, websocat its own arguments and then what it read on stdin.
 */
function run(command: string): string {
  const stubs = [`wscat() { printf '%s\\0' "$@"; }`, `websocat() { printf '%s\\0' "$@"; printf 'stdin:'; cat; }`].join('\n');
  return execFileSync('sh', ['-c', `${stubs}\n${command}`], { encoding: 'utf8' });
}

const args = (output: string): string[] => output.split('\0').slice(0, -1);

const HOSTILE = [
  `it's`,
  `'; rm -rf ~; echo '`,
  `$(touch /tmp/pwned) and \`touch /tmp/pwned\``,
  `"double" \\"escaped\\" \\n not a newline`,
  `line one\nline two\n`,
  `tab\there\r\nCRLF`,
  `$HOME \${PATH} !! * ? [a] ~ & | ; < > #`,
  `'''`,
  `-n -e`,
  '',
  '{"type":"order","note":"it\'s \\u0041"}',
  'ünïcødé ✓ 😀 \u202e',
];

describe('wscat', () => {
  it('connects with -c, sends with -x, each value single-quoted', () => {
    expect(shellCommand('wscat', echo, 'hello')).toBe(`wscat -c 'ws://127.0.0.1:8787/ws/echo' -x 'hello'`);
    expect(shellCommand('wscat', echo, "it's")).toBe(`wscat -c 'ws://127.0.0.1:8787/ws/echo' -x 'it'\\''s'`);
  });

  it('asks for each sub-protocol with -s', () => {
    expect(shellCommand('wscat', { url: 'wss://x.test/s', protocols: ['v2.chat', 'v1'] }, 'm')).toBe(`wscat -c 'wss://x.test/s' -s 'v2.chat' -s 'v1' -x 'm'`);
  });

  it.each(HOSTILE)('passes %j through a shell exactly', (message) => {
    const target: ShellTarget = { url: "ws://h.test/a?q='$(x)'&b=`y`", protocols: ["p'1", 'p 2'] };
    expect(args(run(shellCommand('wscat', target, message)!))).toEqual(['-c', target.url, '-s', "p'1", '-s', 'p 2', '-x', message]);
  });
});

describe('websocat', () => {
  it('pipes a one-line message in as a line', () => {
    expect(shellCommand('websocat', echo, 'hello')).toBe(`printf '%s\\n' 'hello' | websocat 'ws://127.0.0.1:8787/ws/echo'`);
  });

  it('pipes a message of several lines as one chunk', () => {
    expect(shellCommand('websocat', echo, 'a\nb')).toBe(`printf '%s' 'a\nb' | websocat --no-line 'ws://127.0.0.1:8787/ws/echo'`);
  });

  it('asks for the sub-protocols in one --protocol', () => {
    expect(shellCommand('websocat', { url: 'wss://x.test/s', protocols: ['v2.chat', 'v1'] }, 'm')).toBe(
      `printf '%s\\n' 'm' | websocat --protocol 'v2.chat, v1' 'wss://x.test/s'`,
    );
  });

  it.each(HOSTILE)('passes %j through a shell exactly', (message) => {
    const target: ShellTarget = { url: "ws://h.test/a?q='$(x)'", protocols: ["p'1"] };
    const output = run(shellCommand('websocat', target, message)!);
    const [head, stdin] = [output.slice(0, output.indexOf('stdin:')), output.slice(output.indexOf('stdin:') + 'stdin:'.length)];
    const multiline = /[\n\r]/.test(message);
    expect(args(head)).toEqual([...(multiline ? ['--no-line'] : []), '--protocol', "p'1", target.url]);
    expect(stdin).toBe(multiline ? message : `${message}\n`);
  });

  it('gives no command for a message holding a NUL, which no argument can carry', () => {
    expect(shellCommand('websocat', echo, 'a\0b')).toBeNull();
    expect(shellCommand('wscat', echo, 'a\0b')).toBeNull();
  });
});
