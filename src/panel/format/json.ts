/**
 * Pretty printing for the details pane, bounded in both size and depth.
 *
 * It re-indents the payload's own tokens instead of `JSON.stringify(JSON.parse(…))`: that keeps
 * numbers exactly as sent (a 64-bit id survives), keeps duplicate keys, and needs no recursion,
 * so a document nested 100,000 deep cannot overflow the stack. `JSON.parse` (iterative in V8)
 * only validates. Above the limits the caller shows the raw text instead.
 */

export const PRETTY_JSON_MAX_CHARS = 1_000_000;
export const PRETTY_JSON_MAX_DEPTH = 1_000;

export type PrettyJson =
  | { kind: 'pretty'; text: string }
  | { kind: 'not-json' }
  | { kind: 'too-large' }
  | { kind: 'too-deep' };

export interface PrettyJsonLimits {
  maxChars: number;
  maxDepth: number;
}

const DEFAULT_LIMITS: PrettyJsonLimits = { maxChars: PRETTY_JSON_MAX_CHARS, maxDepth: PRETTY_JSON_MAX_DEPTH };
const INDENT = '  ';

/** Objects and arrays only: a bare `42` or `"x"` gains nothing from pretty printing. */
export function prettyJson(text: string, limits: PrettyJsonLimits = DEFAULT_LIMITS): PrettyJson {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return { kind: 'not-json' };
  if (text.length > limits.maxChars) return { kind: 'too-large' };
  if (nestingDepth(trimmed) > limits.maxDepth) return { kind: 'too-deep' };
  try {
    JSON.parse(trimmed);
  } catch {
    return { kind: 'not-json' };
  }
  return { kind: 'pretty', text: reindent(trimmed) };
}

/** Deepest bracket nesting outside strings; a plain scan, no parse. */
export function nestingDepth(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') max = Math.max(max, ++depth);
    else if (ch === '}' || ch === ']') depth--;
  }
  return max;
}

/** Re-indents valid JSON token by token; strings and numbers are copied verbatim. */
function reindent(json: string): string {
  const out: string[] = [];
  let depth = 0;
  const newline = (): void => {
    out.push('\n', INDENT.repeat(depth));
  };
  for (let i = 0; i < json.length; i++) {
    const ch = json[i]!;
    switch (ch) {
      case '"': {
        const end = stringEnd(json, i);
        out.push(json.slice(i, end));
        i = end - 1;
        break;
      }
      case '{':
      case '[': {
        const close = ch === '{' ? '}' : ']';
        const next = nextNonSpace(json, i + 1);
        if (json[next] === close) {
          out.push(ch, close);
          i = next;
        } else {
          out.push(ch);
          depth++;
          newline();
        }
        break;
      }
      case '}':
      case ']':
        depth--;
        newline();
        out.push(ch);
        break;
      case ',':
        out.push(',');
        newline();
        break;
      case ':':
        out.push(': ');
        break;
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        break;
      default:
        out.push(ch);
    }
  }
  return out.join('');
}

/** Index just past the closing quote of the string that starts at `start`. */
function stringEnd(json: string, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    if (json[i] === '\\') i++;
    else if (json[i] === '"') return i + 1;
  }
  return json.length;
}

function nextNonSpace(json: string, from: number): number {
  let i = from;
  while (i < json.length && (json[i] === ' ' || json[i] === '\t' || json[i] === '\n' || json[i] === '\r')) i++;
  return i;
}
