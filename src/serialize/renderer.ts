import type { Metric, MetricFamily } from '../model/types.js';
import { Char } from '../model/chars.js';

/**
 * A format's writer, driven family by family and metric by metric so that
 * the streaming serializer can cut chunks between metrics. Renderers keep
 * state across families (name collision checks), so use one per output.
 */
export interface FamilyRenderer {
  /** Returns the family's metadata lines and makes `f` current; throws a `SerializeError` for a family the format refuses. */
  begin(f: MetricFamily): string;
  /** Returns all lines of one metric of the current family; throws a `SerializeError` for a metric the format refuses. */
  metric(m: Metric): string;
  /** Returns what follows the last family (`# EOF\n` for OpenMetrics, else `''`). */
  finish(): string;
}

function escapeFrom(s: string, start: number, quotes: boolean): string {
  let out = s.slice(0, start);
  let last = start;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c === Char.BACKSLASH) rep = '\\\\';
    else if (c === Char.LF) rep = '\\n';
    else if (c === Char.QUOTE && quotes) rep = '\\"';
    else continue;
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return out + s.slice(last);
}

/** Escapes a label value (`\\`, `\n`, `\"`), returning `s` itself when nothing needs escaping. */
export function escapeValue(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === Char.BACKSLASH || c === Char.LF || c === Char.QUOTE) return escapeFrom(s, i, true);
  }
  return s;
}

/** Escapes HELP text for 0.0.4 (`\\`, `\n`; quotes kept). HELP texts are long: `indexOf` scans them several times faster than a char loop. */
export function escapeHelpText(s: string): string {
  const b = s.indexOf('\\');
  const l = s.indexOf('\n');
  if (b < 0 && l < 0) return s;
  return escapeFrom(s, b < 0 ? l : l < 0 ? b : Math.min(b, l), false);
}

/** Orders families by name (byte order for the legacy charset), as the reference tools list them. Returns a new array. */
export function sortFamiliesByName(families: readonly MetricFamily[]): MetricFamily[] {
  return families.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
