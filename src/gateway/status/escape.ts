/**
 * HTML escaping for the status page. Every text that comes from a push, a
 * flag or a query goes through {@link esc} before it is put in the page,
 * in element content and in double-quoted attributes alike.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `s` with `& < > " '` replaced by entities. Pure. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
