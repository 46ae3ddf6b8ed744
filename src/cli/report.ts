import type { ParseError } from '../errors/parse-error.js';
import type { Diagnostic, MetricFamily } from '../model/types.js';

const RED = '\x1b[31m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

/** Replaces control characters so an offending line prints on one terminal line. */
function printable(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === '\r' ? '␍' : '�')).replace(/\t/g, ' ');
}

/**
 * Formats a parse error for people: `file:line:col: CODE message`, the
 * offending line, and a caret under the column.
 */
export function formatParseError(file: string, e: ParseError, colour = false): string {
  const head = `${file}:${e.line}:${e.column}: ${e.code} ${e.msg}`;
  const lines = [colour ? `${BOLD}${RED}${head}${RESET}` : head];
  if (e.lineText !== undefined) lines.push(...sourceExcerpt(e.lineText, e.caret ?? e.column - 1));
  return lines.join('\n') + '\n';
}

/**
 * The two lines that show where a problem is: the line text (indented, at
 * most 200 characters, control characters made visible) and a caret under
 * index `caret` of it.
 */
function sourceExcerpt(lineText: string, caret: number): [string, string] {
  const text = lineText.length > 200 ? lineText.slice(0, 200) + '…' : lineText;
  return ['  ' + printable(text), '  ' + ' '.repeat(Math.max(0, Math.min(caret, 200))) + '^'];
}

const YELLOW = '\x1b[33m';
const CYAN = '\x1b[36m';

/**
 * Formats a lint finding for people: `file:line:col: SEVERITY CODE message`
 * (or `file: SEVERITY CODE message` without a position; the severity in words:
 * `error`, `warning`, `info`), then, when `line` is given, the offending line
 * with a caret at `line.caret`. Colour repeats the severity on a terminal.
 */
export function formatDiagnostic(
  file: string,
  d: Diagnostic,
  line?: { text: string; caret: number },
  colour = false,
): string {
  const where = d.pos ? `${file}:${d.pos.line}:${d.pos.column}` : file;
  const head = `${where}: ${d.severity} ${d.code} ${d.message}`;
  const tint = d.severity === 'error' ? RED : d.severity === 'warning' ? YELLOW : CYAN;
  const lines = [colour ? `${BOLD}${tint}${head}${RESET}` : head];
  if (line) lines.push(...sourceExcerpt(line.text, line.caret));
  return lines.join('\n') + '\n';
}

/** A readable summary of parsed families: one line per family with its type, series and help. */
export function summarize(families: readonly MetricFamily[]): string {
  let series = 0;
  const rows = families.map((f) => {
    series += f.metrics.length;
    const help = f.help === undefined ? '' : `  ${f.help.length > 60 ? f.help.slice(0, 57) + '...' : f.help}`;
    return `${f.name}  ${f.type}  ${f.metrics.length} series${help}`;
  });
  rows.push(`${families.length} families, ${series} series`);
  return rows.join('\n') + '\n';
}
