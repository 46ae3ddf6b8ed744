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
import { yieldToLoop } from './shared-render.js';

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
 * Renders the exposition for an `Accept` header, negotiated as
 * `expfmt.NegotiateIncludingOpenMetrics` does: protobuf (delimited, or
 * golang/protobuf's text and compact text of each family), OpenMetrics
 * (answered as `version=0.0.1`) or text 0.0.4 (the default). When the
 * families cannot all be written as OpenMetrics (two of them claim the same
 * OpenMetrics name, such as a gauge `x` and a counter `x_total`, or one
 * holds what OpenMetrics cannot, such as a negative counter), an
 * OpenMetrics request is answered in text 0.0.4, which holds them all and
 * which every Prometheus scraper accepts (`keepText`: see
 * `StoreSnapshot.textChunks`). Protobuf and OpenMetrics are
 * serialized a slice of families at a time, yielding to the event loop in
 * between, so that a large exposition does not hold up pushes.
 */
export async function renderExposition(
  snapshot: StoreSnapshot,
  own: readonly MetricFamily[],
  accept: string | undefined,
  keepText = false,
): Promise<Exposition> {
  const n = expositionFormat(accept);
  const text = (): Exposition => ({ contentType: TEXT_CONTENT_TYPE, body: snapshot.textChunks(own, keepText) });
  if (n.format === 'text') return text();
  let families = mergedFamilies(snapshot.families(), own);
  if (n.format === 'protobuf-text' || n.format === 'protobuf-compact-text') {
    // As expfmt writes them: each family's text followed by a newline.
    const compact = families.map(protoCompactFamily);
    const lines = n.format === 'protobuf-text' ? compact.map(protoTextLines) : compact;
    return { contentType: n.contentType, body: lines.map((t) => t + '\n') };
  }
  if (n.format === 'openmetrics') {
    families = validUnits(families);
    if (!openMetricsCanHold(families)) return text();
  }
  const parts: (string | Uint8Array)[] = [];
  for (let i = 0; i < families.length; i += FAMILIES_PER_SLICE) {
    if (i > 0) await yieldToLoop();
    const slice = families.slice(i, i + FAMILIES_PER_SLICE);
    parts.push(
      n.format === 'protobuf'
        ? encodeProtobuf(slice)
        : serializeOpenMetrics(slice, OPENMETRICS_OUT).slice(0, -EOF.length),
    );
  }
  if (n.format === 'protobuf') return { contentType: n.contentType, body: Buffer.concat(parts as Uint8Array[]) };
  return { contentType: n.contentType, body: parts.join('') + EOF };
}
