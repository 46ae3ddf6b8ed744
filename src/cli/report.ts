import type { ParseError } from '../errors/parse-error.js';
import type { MetricFamily } from '../model/types.js';

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
  if (e.lineText !== undefined) {
    const text = e.lineText.length > 200 ? e.lineText.slice(0, 200) + '…' : e.lineText;
    lines.push('  ' + printable(text));
    lines.push('  ' + ' '.repeat(Math.max(0, Math.min(e.column - 1, 200))) + '^');
  }
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
