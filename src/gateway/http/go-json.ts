/**
 * JSON and time spellings of Go's `encoding/json` and `time` packages, so
 * that API bodies match the Pushgateway's byte for byte (apart from map
 * order, which Go randomizes for groups).
 */

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

function escapeHtml(ch: string): string {
  return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
}

function write(value: unknown, out: string[]): void {
  if (value instanceof Map) {
    out.push('{');
    let first = true;
    for (const [k, v] of value as Map<string, unknown>) {
      if (v === undefined) continue;
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(k), ':');
      write(v, out);
    }
    out.push('}');
  } else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((v, i) => {
      if (i > 0) out.push(',');
      write(v, out);
    });
    out.push(']');
  } else if (value !== null && typeof value === 'object') {
    write(new Map(Object.entries(value)), out);
  } else {
    out.push(JSON.stringify(value) ?? 'null');
  }
}

/**
 * JSON text as Go's `encoding/json` writes it: no spaces, `<`, `>`, `&`,
 * U+2028 and U+2029 escaped as `\u003c` and so on. A `Map` is written as
 * an object in the Map's order (use {@link sortedKeys} for Go's map order;
 * plain objects would put integer-like keys first); `undefined` members are
 * left out. Pure.
 */
export function goJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('').replace(HTML_UNSAFE, escapeHtml);
}

/**
 * Go `time.Time` as `MarshalJSON` and `Format(time.RFC3339Nano)` write it
 * in UTC: `2026-11-24T18:03:56.57228264Z`, trailing zeros of the fraction
 * dropped (`…:56Z` for a whole second). `ms` is milliseconds since the
 * epoch; sub-millisecond digits are kept to the microsecond.
 */
export function formatRfc3339Nano(ms: number): string {
  const whole = Math.floor(ms);
  const iso = new Date(whole).toISOString(); // 2026-11-24T18:03:56.572Z
  const base = iso.slice(0, 19);
  const micros = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1000);
  if (micros === 0) return base + 'Z';
  let frac = String(Math.min(micros, 999_999)).padStart(6, '0');
  while (frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${base}.${frac}Z`;
}

/** The entries as a Map in Go's map order (keys sorted by UTF-8 bytes); a later duplicate key wins. */
export function sortedKeys<T>(entries: Iterable<[string, T]>): Map<string, T> {
  const m = new Map<string, T>();
  for (const [k, v] of entries) m.set(k, v);
  return new Map([...m.entries()].sort((a, b) => compareUtf8(a[0], b[0])));
}

/** Compares strings by their UTF-8 bytes (Go string order). */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
