import { RE2JS } from 're2js';
import type { Label } from '../../model/types.js';

/**
 * PromQL label matchers (`{job="x",env=~"dev.*"}`) over grouping labels:
 * the selector syntax of `match[]` in Prometheus' APIs, used by delete by
 * matcher, per-job authorization and aggregation mode. Regular expressions
 * have RE2 semantics and run in linear time (`re2js`, a JavaScript port of
 * RE2), as in Prometheus.
 */

/** A matcher operator, as PromQL spells it. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** A compiled regular expression of a matcher. */
export interface ValueRegex {
  /** Whether the whole of `value` matches. */
  test(value: string): boolean;
}

/** One label matcher. `re` is set for `=~`/`!~` (anchored at both ends, as in PromQL). */
export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
  re?: ValueRegex;
}

/** A selector that cannot be read; `offset` is the 0-based position of the problem in the text. */
export class MatcherSyntaxError extends Error {
  override readonly name = 'MatcherSyntaxError';
  constructor(
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`invalid matcher at char ${offset + 1}: ${detail}`);
  }
}

const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;
const EQUALS = 61;
const BANG = 33;
const TILDE = 126;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Reads a PromQL string literal (`"…"`, `'…'` with Go escapes, or raw `` `…` ``) starting at `i`. */
function readString(text: string, i: number): { value: string; end: number } {
  const quote = text[i];
  if (quote !== '"' && quote !== "'" && quote !== '`')
    throw new MatcherSyntaxError(
      i,
      `expected a quoted label value, found ${JSON.stringify(text[i] ?? 'end of input')}`,
    );
  let out = '';
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === quote) return { value: out, end: j + 1 };
    if (quote !== '`' && text.charCodeAt(j) === BACKSLASH) {
      const e = text[j + 1];
      if (e === undefined) break;
      if (e in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[e];
        j += 2;
        continue;
      }
      const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hexLen > 0) {
        const hex = text.slice(j + 2, j + 2 + hexLen);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen)
          throw new MatcherSyntaxError(j, `invalid escape \\${e}${hex}`);
        out += String.fromCodePoint(parseInt(hex, 16));
        j += 2 + hexLen;
        continue;
      }
      throw new MatcherSyntaxError(j, `unknown escape sequence \\${e}`);
    }
    if (c === '\n' && quote !== '`') throw new MatcherSyntaxError(j, 'newline in string');
    out += c;
    j++;
  }
  throw new MatcherSyntaxError(i, 'unterminated quoted string');
}

/**
 * Compiles a matcher's regular expression the way Prometheus does: the
 * expression must parse on its own (so `A)|(B` is a syntax error rather than
 * an alternation that escapes the anchors), then it is matched against the
 * whole value as `^(?:re)$` with `.` matching a newline too. RE2 syntax; throws
 * {@link MatcherSyntaxError}.
 */
function anchored(source: string, offset: number): ValueRegex {
  try {
    RE2JS.compile(source);
    const re = RE2JS.compile(`^(?:${source})$`, RE2JS.DOTALL);
    return { test: (value) => re.test(value) };
  } catch (e) {
    throw new MatcherSyntaxError(
      offset,
      `invalid regular expression ${JSON.stringify(source)}: ${(e as Error).message}`,
    );
  }
}

/**
 * Parses a selector: `{name<op>"value", …}` with PromQL's operators and
 * string syntax, or a bare metric-less list without braces is refused.
 * A leading name (`up{…}`) is refused too: groups have no metric name.
 * Requires at least one matcher that does not match the empty string (as
 * PromQL does, so that `{}` or `{x=~".*"}` cannot select everything by
 * accident). Returns the matchers in input order; throws {@link MatcherSyntaxError}.
 */
export function parseSelector(text: string): LabelMatcher[] {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  };
  skip();
  if (text.charCodeAt(i) !== LBRACE) {
    throw new MatcherSyntaxError(
      i,
      isNameStart(text.charCodeAt(i))
        ? 'a metric name is not allowed; write {job="…"}'
        : `expected "{", found ${JSON.stringify(text[i] ?? 'end of input')}`,
    );
  }
  i++;
  const out: LabelMatcher[] = [];
  for (;;) {
    skip();
    if (text.charCodeAt(i) === RBRACE) {
      i++;
      break;
    }
    const start = i;
    if (!isNameStart(text.charCodeAt(i)))
      throw new MatcherSyntaxError(i, `expected a label name, found ${JSON.stringify(text[i] ?? 'end of input')}`);
    while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
    const name = text.slice(start, i);
    skip();
    let op: MatchOp;
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (c === EQUALS && d === TILDE) op = '=~';
    else if (c === BANG && d === EQUALS) op = '!=';
    else if (c === BANG && d === TILDE) op = '!~';
    else if (c === EQUALS) op = '=';
    else
      throw new MatcherSyntaxError(
        i,
        `expected one of =, !=, =~, !~ after ${name}, found ${JSON.stringify(text[i] ?? 'end of input')}`,
      );
    i += op.length;
    skip();
    const valueAt = i;
    const s = readString(text, i);
    i = s.end;
    const m: LabelMatcher = { name, op, value: s.value };
    if (op === '=~' || op === '!~') m.re = anchored(s.value, valueAt);
    out.push(m);
    skip();
    const sep = text.charCodeAt(i);
    if (sep === COMMA) {
      i++;
      continue;
    }
    if (sep === RBRACE) {
      i++;
      break;
    }
    throw new MatcherSyntaxError(i, `expected "," or "}", found ${JSON.stringify(text[i] ?? 'end of input')}`);
  }
  skip();
  if (i < text.length)
    throw new MatcherSyntaxError(i, `unexpected ${JSON.stringify(text.slice(i, i + 10))} after the selector`);
  if (!out.some((m) => !matchesValue(m, ''))) {
    throw new MatcherSyntaxError(0, 'the selector needs at least one matcher that does not match the empty string');
  }
  return out;
}

function matchesValue(m: LabelMatcher, v: string): boolean {
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return m.re!.test(v);
    case '!~':
      return !m.re!.test(v);
  }
}

/** Whether `labels` satisfy every matcher (a missing label has the value `""`, as in PromQL). Pure. */
export function matchesAll(matchers: readonly LabelMatcher[], labels: readonly Label[]): boolean {
  for (const m of matchers) {
    let v = '';
    for (const l of labels) {
      if (l.name === m.name) {
        v = l.value;
        break;
      }
    }
    if (!matchesValue(m, v)) return false;
  }
  return true;
}

/** Whether `labels` satisfy any of the selectors (`match[]` repeated is a union). Pure. */
export function matchesAny(selectors: readonly (readonly LabelMatcher[])[], labels: readonly Label[]): boolean {
  for (const s of selectors) if (matchesAll(s, labels)) return true;
  return false;
}

/** The selector written back in PromQL syntax (values Go-quoted by JSON rules). Pure. */
export function formatSelector(matchers: readonly LabelMatcher[]): string {
  return `{${matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(',')}}`;
}
