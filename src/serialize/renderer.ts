import type { Metric, MetricFamily } from '../model/types.js';
import { Char } from '../model/chars.js';
import { rawHelpBytes } from '../model/exact.js';
import { Chunker } from './chunker.js';

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
  /** Whether the HELP text escapes `"` (OpenMetrics) besides `\\` and `\n`. */
  readonly helpEscapesQuotes: boolean;
}

/**
 * A renderer's `begin` output (which starts with the HELP line when the
 * family has help) as bytes, with the HELP text replaced by the family's raw
 * bytes, escaped as the renderer escapes text: what byte outputs write for
 * HELP that is not valid UTF-8.
 */
export function headWithRawHelp(head: string, raw: Uint8Array, quotes: boolean): Uint8Array {
  const textStart = head.indexOf(' ', '# HELP '.length) + 1;
  const out: number[] = [];
  for (const b of raw) {
    if (b === Char.BACKSLASH) out.push(Char.BACKSLASH, Char.BACKSLASH);
    else if (b === Char.LF) out.push(Char.BACKSLASH, Char.LOWER_N);
    else if (b === Char.QUOTE && quotes) out.push(Char.BACKSLASH, Char.QUOTE);
    else out.push(b);
  }
  return Buffer.concat([
    Buffer.from(head.slice(0, textStart), 'utf8'),
    Uint8Array.from(out),
    Buffer.from(head.slice(head.indexOf('\n')), 'utf8'),
  ]);
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

/** The length from which {@link escapeValue} searches with `indexOf` (three searches beat a char loop from about 8 characters). */
const INDEXOF_FROM = 8;

/**
 * Escapes a label value (`\\`, `\n`, `\"`), returning `s` itself when
 * nothing needs escaping. Values of {@link INDEXOF_FROM} characters or more
 * are searched with `indexOf`, which is faster than a char loop on them.
 */
export function escapeValue(s: string): string {
  const n = s.length;
  if (n >= INDEXOF_FROM) {
    if (s.indexOf('\\') < 0 && s.indexOf('\n') < 0 && s.indexOf('"') < 0) return s;
  }
  for (let i = 0; i < n; i++) {
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

/** Renders one family into a chunker, with its raw HELP bytes when it has them. */
export function renderFamily(f: MetricFamily, r: FamilyRenderer, c: Chunker): void {
  const head = r.begin(f);
  const rawHelp = rawHelpBytes(f);
  if (rawHelp === undefined) c.text(head);
  else c.bytes(headWithRawHelp(head, rawHelp, r.helpEscapesQuotes));
  const ms = f.metrics;
  for (let i = 0; i < ms.length; i++) c.text(r.metric(ms[i]));
}

/** Runs a renderer over whole families into one buffer (raw HELP bytes included). */
export function renderAllBytes(families: readonly MetricFamily[], r: FamilyRenderer): Uint8Array {
  const c = new Chunker(65536);
  for (const f of families) renderFamily(f, r, c);
  c.text(r.finish());
  const last = c.end();
  if (c.ready.length === 0) return last ?? Buffer.alloc(0);
  return Buffer.concat(last === undefined ? c.ready : [...c.ready, last]);
}

/** Orders families by name (byte order for the legacy charset), as the reference tools list them. Returns a new array. */
export function sortFamiliesByName(families: readonly MetricFamily[]): MetricFamily[] {
  return families.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
