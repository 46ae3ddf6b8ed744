/**
 * Escaping for the text formats: what `MetricFamilyToText` writes.
 */

const BACKSLASH = 92;
const LF = 10;
const QUOTE = 34;

/** Escapes HELP text for 0.0.4: `\` → `\\`, LF → `\n`; quotes are left alone. */
export function escapeHelp(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH || c === LF) return s.replace(/[\\\n]/g, (m) => (m === '\n' ? '\\n' : '\\\\'));
  }
  return s;
}

/** Escapes a label value: `\` → `\\`, LF → `\n`, `"` → `\"`. */
export function escapeLabelValue(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH || c === LF || c === QUOTE) {
      return s.replace(/[\\\n"]/g, (m) => (m === '\n' ? '\\n' : m === '"' ? '\\"' : '\\\\'));
    }
  }
  return s;
}
