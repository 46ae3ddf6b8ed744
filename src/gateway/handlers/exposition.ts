import type { Metric, MetricFamily } from '../../model/types.js';
import { compareBytes } from '../../merge/byte-order.js';
import { dtoType } from '../../merge/conflict.js';
import { compareMetrics } from '../../merge/merge.js';
import { protoCompactFamily, protoTextLines } from '../../model/proto-text.js';
import {
  encodeProtobuf,
  negotiate,
  openMetricsNameClash,
  serializeOpenMetrics,
  TEXT_CONTENT_TYPE,
  type OpenMetricsOptions,
} from '../../serialize/index.js';
import { parse } from '../../parse/index.js';
import type { StoreSnapshot } from '../../store/index.js';
import { yieldToLoop } from '../../store/index.js';

/**
 * `GET /metrics`: the store's cached rendering with the gateway's own
 * families merged in by name, in the format the `Accept` header asks for
 * (text 0.0.4 by default, protobuf delimited, OpenMetrics), as promhttp does
 * it with OpenMetrics enabled.
 */

/**
 * The exposition body and its content type. A text 0.0.4 body is a list of
 * pieces to write in order (the store's cached texts and kept bytes, see
 * `StoreSnapshot.textChunks`); the other formats are one string or bytes.
 */
export interface Exposition {
  contentType: string;
  body: string | Uint8Array | readonly (string | Uint8Array)[];
}

function sortedLabelsMetric(m: Metric): Metric {
  const labels = m.labels.slice().sort((a, b) => compareBytes(a.name, b.name));
  return { ...m, labels };
}

/**
 * The merged families (stored and own), sorted by name: for a name in both,
 * the own family's HELP and type are used and the stored metrics are added
 * when the types agree (a gather would leave them out otherwise). Does not
 * mutate its inputs.
 */
export function mergedFamilies(stored: readonly MetricFamily[], own: readonly MetricFamily[]): MetricFamily[] {
  const ownByName = new Map(own.map((f) => [f.name, f]));
  const out: MetricFamily[] = [];
  for (const f of stored) {
    const o = ownByName.get(f.name);
    if (!o) {
      out.push(f);
      continue;
    }
    ownByName.delete(f.name);
    const metrics = o.metrics.map(sortedLabelsMetric);
    if (dtoType(o.type) === dtoType(f.type)) metrics.push(...f.metrics);
    metrics.sort(compareMetrics);
    out.push({ ...o, metrics });
  }
  for (const o of ownByName.values())
    out.push({ ...o, metrics: o.metrics.map(sortedLabelsMetric).sort(compareMetrics) });
  return out.sort((a, b) => compareBytes(a.name, b.name));
}

const EOF = '# EOF\n';

/** What the gateway's OpenMetrics exposition writes beyond expfmt 0.39: `_created` samples and `# UNIT` lines (exemplars are written anyway). */
const OPENMETRICS_OUT: OpenMetricsOptions = { created: true, unit: true };

/**
 * The families with every unit that does not end its family name after `_`
 * removed (OpenMetrics readers refuse such a `# UNIT`; a protobuf push can
 * carry any unit). Returns new objects only where a unit is removed.
 */
function validUnits(families: readonly MetricFamily[]): MetricFamily[] {
  return families.map((f) => {
    if (f.unit === undefined || (f.unit !== '' && f.name.endsWith('_' + f.unit))) return f;
    const { unit: _unit, ...rest } = f;
    return rest;
  });
}

const expressible = new WeakMap<MetricFamily, boolean>();

/**
 * Whether a family written as OpenMetrics is read back by promkit's
 * OpenMetrics parser. The text format holds more than OpenMetrics does (a
 * negative or NaN counter, buckets that are not cumulative, quantiles
 * outside [0, 1], …). Memoized per family object: the store's families are
 * immutable and shared by the snapshots that did not change them.
 */
function expressibleInOpenMetrics(f: MetricFamily): boolean {
  let ok = expressible.get(f);
  if (ok === undefined) {
    try {
      parse(serializeOpenMetrics([f], OPENMETRICS_OUT), { format: 'openmetrics' });
      ok = true;
    } catch {
      ok = false;
    }
    expressible.set(f, ok);
  }
  return ok;
}

/**
 * Whether OpenMetrics can hold all of `families`: no two of them claim the
 * same OpenMetrics name and each one reads back.
 */
function openMetricsCanHold(families: readonly MetricFamily[]): boolean {
  return openMetricsNameClash(families) === undefined && families.every(expressibleInOpenMetrics);
}

/** Families serialized between two yields to the event loop. */
const FAMILIES_PER_SLICE = 200;

/** The format an `Accept` header gets, negotiated as `expfmt.NegotiateIncludingOpenMetrics` does. */
export function expositionFormat(accept: string | undefined): ReturnType<typeof negotiate> {
  return negotiate(accept, { openMetrics: true, protoText: true });
}

/**
 * The stored part of an exposition, kept while the store version is
 * unchanged: the body as pieces in order, with the index of each own family
 * (in {@link ownNames}) in the place where it goes, so that each scrape
 * puts in its own families as they are then (see {@link fillExposition}).
 */
export interface ExpositionTemplate {
  contentType: string;
  /** The format of the body (text when OpenMetrics cannot hold the families). */
  format: ReturnType<typeof negotiate>['format'];
  /** The store version rendered. */
  version: number;
  /** The own families' names, sorted, and {@link ownSignature} of them. */
  ownNames: readonly string[];
  own: string;
  /** The body; a number is the place of `ownNames[n]`. */
  parts: readonly (string | Uint8Array | number)[];
}

/** The own families by name (the last one of a name wins) and their names, sorted. */
function ownByName(own: readonly MetricFamily[]): { byName: Map<string, MetricFamily>; names: string[] } {
  const byName = new Map<string, MetricFamily>();
  for (const f of own) byName.set(f.name, f);
  return { byName, names: [...byName.keys()].sort(compareBytes) };
}

/** What a template's gaps depend on: the own families' names and types. */
export function ownSignature(own: readonly MetricFamily[]): string {
  const { byName, names } = ownByName(own);
  return names.map((n) => `${n} ${byName.get(n)!.type}`).join('\n');
}

/** `families` (a run of whole families) in `format`, not text 0.0.4; OpenMetrics without `# EOF`. */
function serializeRun(format: ExpositionTemplate['format'], families: readonly MetricFamily[]): string | Uint8Array {
  if (format === 'protobuf') return encodeProtobuf(families);
  if (format === 'openmetrics') return serializeOpenMetrics(families, OPENMETRICS_OUT).slice(0, -EOF.length);
  // As expfmt writes them: each family's text followed by a newline.
  const compact = families.map(protoCompactFamily);
  return (format === 'protobuf-text' ? compact.map(protoTextLines) : compact).map((t) => t + '\n').join('');
}

/** The stored family `name` merged with the own family `o`, as {@link mergedFamilies} gives it. */
function mergedOwn(stored: ReadonlyMap<string, MetricFamily>, o: MetricFamily): MetricFamily {
  const s = stored.get(o.name);
  return mergedFamilies(s ? [s] : [], [o])[0];
}

const storedByName = new WeakMap<readonly MetricFamily[], Map<string, MetricFamily>>();

/** The snapshot's families by name (memoized with its families). */
function storedFamilies(snapshot: StoreSnapshot): Map<string, MetricFamily> {
  const families = snapshot.families();
  let m = storedByName.get(families);
  if (!m) storedByName.set(families, (m = new Map(families.map((f) => [f.name, f]))));
  return m;
}

/**
 * Renders the stored part of the exposition for an `Accept` header (see
 * {@link renderExposition} for the formats), with gaps for the names and
 * types of `own`. Protobuf and OpenMetrics are serialized a slice of
 * families at a time, yielding to the event loop in between, so that a
 * large exposition does not hold up pushes.
 */
export async function renderTemplate(
  snapshot: StoreSnapshot,
  own: readonly MetricFamily[],
  accept: string | undefined,
  keepText = false,
): Promise<ExpositionTemplate> {
  const n = expositionFormat(accept);
  const { names } = ownByName(own);
  const base = { version: snapshot.version, ownNames: names, own: ownSignature(own) };
  const text = (): ExpositionTemplate => ({
    ...base,
    contentType: TEXT_CONTENT_TYPE,
    format: 'text',
    parts: snapshot.storedChunks(names, keepText),
  });
  if (n.format === 'text') return text();
  const families = snapshot.families();
  if (n.format === 'openmetrics' && !openMetricsCanHold(validUnits(mergedFamilies(families, own)))) return text();
  const stored = n.format === 'openmetrics' ? validUnits(families) : families;
  const parts: (string | Uint8Array | number)[] = [];
  let run: MetricFamily[] = [];
  let slices = 0;
  const flush = async (): Promise<void> => {
    if (run.length === 0) return;
    if (slices++ > 0) await yieldToLoop();
    parts.push(serializeRun(n.format, run));
    run = [];
  };
  let j = 0;
  for (const f of stored) {
    let c = -1;
    while (j < names.length && (c = compareBytes(f.name, names[j])) > 0) {
      await flush();
      parts.push(j++);
    }
    if (c === 0) continue;
    run.push(f);
    if (run.length >= FAMILIES_PER_SLICE) await flush();
  }
  await flush();
  while (j < names.length) parts.push(j++);
  if (n.format === 'openmetrics') parts.push(EOF);
  return { ...base, contentType: n.contentType, format: n.format, parts };
}

/**
 * The exposition of a template with `own` (of the names and types it was
 * made for) put in its gaps; `undefined` when an own family cannot be
 * written as OpenMetrics (then render the whole exposition again).
 */
export function fillExposition(
  t: ExpositionTemplate,
  snapshot: StoreSnapshot,
  own: readonly MetricFamily[],
): (string | Uint8Array)[] | undefined {
  const { byName } = ownByName(own);
  const stored = t.format === 'text' ? undefined : storedFamilies(snapshot);
  const out: (string | Uint8Array)[] = [];
  for (const p of t.parts) {
    if (typeof p !== 'number') {
      out.push(p);
      continue;
    }
    const o = byName.get(t.ownNames[p])!;
    if (stored === undefined) {
      out.push(...snapshot.mergedText(o));
      continue;
    }
    let f = mergedOwn(stored, o);
    if (t.format === 'openmetrics') {
      f = validUnits([f])[0];
      if (!expressibleInOpenMetrics(f)) return undefined;
    }
    out.push(serializeRun(t.format, [f]));
  }
  return out;
}

/**
 * Renders the exposition for an `Accept` header, negotiated as
 * `expfmt.NegotiateIncludingOpenMetrics` does: protobuf (delimited, or
 * golang/protobuf's text and compact text of each family), OpenMetrics
 * (answered as `version=0.0.1`) or text 0.0.4 (the default). When the
 * families cannot all be written as OpenMetrics (two of them claim the same
 * OpenMetrics name, such as a gauge `x` and a counter `x_total`, or one
 * holds what OpenMetrics cannot, such as a negative counter), an
 * OpenMetrics request is answered in text 0.0.4, which holds them all and
 * which every Prometheus scraper accepts (`keepText`: see
 * `StoreSnapshot.textChunks`).
 */
export async function renderExposition(
  snapshot: StoreSnapshot,
  own: readonly MetricFamily[],
  accept: string | undefined,
  keepText = false,
): Promise<Exposition> {
  const t = await renderTemplate(snapshot, own, accept, keepText);
  const parts = fillExposition(t, snapshot, own);
  if (parts === undefined) return { contentType: TEXT_CONTENT_TYPE, body: snapshot.textChunks(own, keepText) };
  if (t.format === 'protobuf') return { contentType: t.contentType, body: Buffer.concat(parts as Uint8Array[]) };
  if (t.format === 'openmetrics') return { contentType: t.contentType, body: parts.join('') };
  return { contentType: t.contentType, body: parts };
}
