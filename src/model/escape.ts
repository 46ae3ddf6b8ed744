import { Char } from './chars.js';
/**
 * Escaping for the text formats: what `MetricFamilyToText` writes.
 */

/** Escapes HELP text for 0.0.4: `\` → `\\`, LF → `\n`; quotes are left alone. */
export function escapeHelp(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === Char.BACKSLASH || c === Char.LF) return s.replace(/[\\\n]/g, (m) => (m === '\n' ? '\\n' : '\\\\'));
  }
  return s;
}

/** Escapes a label value: `\` → `\\`, LF → `\n`, `"` → `\"`. */
export function escapeLabelValue(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === Char.BACKSLASH || c === Char.LF || c === Char.QUOTE) {
      return s.replace(/[\\\n"]/g, (m) => (m === '\n' ? '\\n' : m === '"' ? '\\"' : '\\\\'));
    }
  }
  return s;
}
