import type { Metric, MetricFamily, MetricType } from '../model/types.js';
import { isValidMetricName } from '../model/names.js';
import { escapeHelp } from '../model/escape.js';
import { goQuote } from '../model/go-quote.js';
import {
  dtoType,
  duplicateSeriesMessage,
  goTypeName,
  metricProblem,
  TEXT_TYPES,
  typeMismatchMessage,
} from '../merge/conflict.js';
import { flatCopy } from './intern.js';
import { compareOrder, type FamilyRecord, type SeriesEntry } from './records.js';
import type { OwnFamily, StoreProblem } from './types.js';
import { Char } from '../model/chars.js';

/**
 * The merged view of one family name across all groups, as the exposition
 * shows it. Views are immutable (their rendered text is a memo), so a
 * snapshot can keep them while the store moves on.
 */

/** Renders families as text 0.0.4. */
export type Render = (families: MetricFamily[]) => string;

/** The message for a family name the text format cannot carry. */
export function invalidNameMessage(name: string): string {
  return `collected metric family ${goQuote(name)} has an invalid metric name`;
}

/** The message for a family type the text format cannot carry (`gauge_histogram`, OpenMetrics-only types). */
export function unsupportedTypeMessage(name: string, type: MetricType): string {
  return `collected metric family ${goQuote(name)} has type ${goTypeName(type)}, which the text format cannot express`;
}

/**
 * Renders one series (its sample lines only) with `render`, by rendering a
 * family that holds just this metric and dropping the `#` lines in front.
 */
export function renderSeries(render: Render, name: string, type: MetricType, metric: Metric): string {
  const out = render([{ name, type, metrics: [metric] }]);
  let i = 0;
  while (i < out.length && out.charCodeAt(i) === Char.HASH) {
    const nl = out.indexOf('\n', i);
    if (nl < 0) return '';
    i = nl + 1;
  }
  // A copy: a slice would keep the header lines alive with the cached series text.
  return i === 0 ? out : flatCopy(out.slice(i));
}

/** The `# HELP` (when there is a help) and `# TYPE` lines of a family. */
export function familyHeader(name: string, help: string | undefined, type: MetricType): string {
  const typeLine = `# TYPE ${name} ${dtoType(type)}\n`;
  return help === undefined ? typeLine : `# HELP ${name} ${escapeHelp(help)}\n${typeLine}`;
}

/** One family name, merged across groups. */
export class FamilyView {
  /** The family name. */
  readonly name: string;
  /** The merged type; `undefined` when no holder with metrics could be exposed at all. */
  readonly type: MetricType | undefined;
  /** The merged HELP: the own family's, else that of the group holding the name (with metrics) longest. */
  readonly help: string | undefined;
  /** The merged unit: that of the holder the type and HELP come from (none for an own family). */
  readonly unit: string | undefined;
  /** The series that are exposed, sorted. */
  readonly entries: readonly SeriesEntry[];
  /** The key of the group each entry belongs to (parallel to {@link entries}). */
  readonly owners: readonly string[];
  /** What was left out while merging (and, once {@link prepare} ran, what failed to render). */
  readonly problems: StoreProblem[];
  private prepared = false;
  private familyMemo: MetricFamily | undefined;
  private bytesMemo: Uint8Array | undefined;

  constructor(
    name: string,
    type: MetricType | undefined,
    help: string | undefined,
    entries: readonly SeriesEntry[],
    owners: readonly string[],
    problems: StoreProblem[],
    unit?: string,
  ) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.unit = unit;
    this.entries = entries;
    this.owners = owners;
    this.problems = problems;
  }

  /** The merged family (metrics in exposition order). Memoized; do not mutate. */
  family(): MetricFamily {
    if (this.familyMemo) return this.familyMemo;
    const f: MetricFamily = {
      name: this.name,
      type: this.type ?? 'untyped',
      metrics: this.entries.map((e) => e.metric),
    };
    if (this.help !== undefined) f.help = this.help;
    if (this.unit !== undefined) f.unit = this.unit;
    return (this.familyMemo = f);
  }

  /**
   * Renders every entry's sample lines that are not cached yet (once per
   * entry: the text is cached on the entry and shared by later views). A
   * series `render` refuses is left out and recorded in {@link problems}
   * (once per view). Idempotent.
   */
  prepare(render: Render): void {
    if (this.prepared) return;
    this.prepared = true;
    const type = this.type;
    if (type === undefined) return;
    for (const e of this.entries) {
      if (e.text !== undefined) continue;
      try {
        e.text = renderSeries(render, this.name, type, e.metric);
      } catch (err) {
        this.problems.push({ family: this.name, message: `could not render a series: ${(err as Error).message}` });
      }
    }
  }

  /**
   * Appends the family's exposition to `out` as pieces whose concatenation
   * is {@link text}: the header, then the cached sample lines of every
   * entry that renders (see {@link prepare}). Appends nothing when there is
   * nothing to expose. The pieces are the cached strings themselves, so no
   * text is copied. Returns `out`.
   */
  pieces<T extends (string | Uint8Array | number)[]>(render: Render, out: T): T {
    const type = this.type;
    if (type === undefined || this.entries.length === 0) return out;
    this.prepare(render);
    const start = out.length;
    out.push('');
    for (const e of this.entries) if (e.text !== undefined) out.push(e.text);
    if (out.length === start + 1) out.length = start;
    else out[start] = familyHeader(this.name, this.help, type);
    return out;
  }

  /** The bytes {@link bytes} made for this view, if it was asked for them. */
  get keptBytes(): Uint8Array | undefined {
    return this.bytesMemo;
  }

  /**
   * The family's exposition ({@link pieces}) as UTF-8 bytes, made on the
   * first call and kept with the view: a scrape can then write them as
   * they are, and every later scrape of a snapshot holding this view too.
   */
  bytes(render: Render): Uint8Array {
    if (this.bytesMemo) return this.bytesMemo;
    // Written piece by piece: no string of the whole family is made on the way.
    const pieces = this.pieces(render, [] as string[]);
    let size = 0;
    for (const p of pieces) size += Buffer.byteLength(p);
    const bytes = Buffer.allocUnsafeSlow(size);
    let off = 0;
    for (const p of pieces) off += bytes.write(p, off, 'utf8');
    return (this.bytesMemo = bytes);
  }

  /**
   * The family's exposition text: header and the sample lines of every
   * entry (see {@link pieces}); `''` when there is nothing to expose. Built
   * on each call (not kept: the cached series texts are the only copy).
   */
  text(render: Render): string {
    return this.pieces(render, []).join('');
  }
}

/**
 * Merges the holders of one family name (in the order they took the name)
 * into a view. Holders without metrics are skipped: the type and HELP come
 * from the own family, else from the first holder with metrics.
 *
 * With `verify` (stores without the push-time check, or imported data),
 * everything a gather would refuse is left out and reported: an invalid name,
 * a type the text format cannot carry, a type that differs from the own
 * family's (whole holder) or from the first holder's (each metric), a metric
 * failing {@link metricProblem} (with `le` refused on histograms), a series
 * already taken by an earlier holder. Without `verify` the holders are
 * trusted to be consistent (the push-time check guarantees it).
 */
export function buildFamilyView(
  name: string,
  holders: ReadonlyMap<string, FamilyRecord>,
  own: OwnFamily | undefined,
  verify: boolean,
): FamilyView {
  let type: MetricType | undefined = own?.type;
  let help: string | undefined = own?.help;
  let unit: string | undefined;
  const kept: Owned[] = [];
  const problems: StoreProblem[] = [];
  if (!verify) {
    for (const [group, rec] of holders) {
      const es = rec.entries;
      if (es.length === 0) continue;
      if (type === undefined) {
        type = rec.type;
        help = rec.help;
        unit = rec.unit;
      }
      for (let i = 0; i < es.length; i++) kept.push({ entry: es[i], owner: group });
    }
    return view(name, type, help, kept, problems, unit);
  }
  if (!isValidMetricName(name)) {
    for (const [group, rec] of holders)
      if (rec.entries.length > 0) problems.push({ family: name, group, message: invalidNameMessage(name) });
    return new FamilyView(name, undefined, undefined, [], [], problems);
  }
  const seen = new Set<string>();
  for (const [group, rec] of holders) {
    const f = rec;
    if (rec.entries.length === 0) continue;
    if (!TEXT_TYPES.has(dtoType(f.type))) {
      problems.push({ family: name, group, message: unsupportedTypeMessage(name, f.type) });
      continue;
    }
    if (type === undefined) {
      type = f.type;
      help = f.help;
      unit = f.unit;
    } else if (own && dtoType(f.type) !== dtoType(own.type)) {
      problems.push({ family: name, group, message: typeMismatchMessage(name, f.type, own.type) });
      continue;
    }
    for (const e of rec.entries) {
      const p = metricProblem(name, type, e.metric, f.type, true);
      if (p !== undefined) {
        problems.push({ family: name, group, message: p });
        continue;
      }
      if (seen.has(e.key)) {
        problems.push({ family: name, group, message: duplicateSeriesMessage(name, e.metric, f.type) });
        continue;
      }
      seen.add(e.key);
      kept.push({ entry: e, owner: group });
    }
  }
  return view(name, type, help, kept, problems, unit);
}

interface Owned {
  entry: SeriesEntry;
  owner: string;
}

/**
 * The exposition order: Go's (label count, then values), then, where Go
 * leaves the order unspecified, by group key and by position in the pushed
 * family, so the order depends only on the content, not on its history.
 */
function compareOwned(ae: SeriesEntry, ao: string, be: SeriesEntry, bo: string): number {
  const c = compareOrder(ae, be);
  if (c !== 0) return c;
  if (ao !== bo) return ao < bo ? -1 : 1;
  return ae.index - be.index;
}

function byEntryKey(a: Owned, b: Owned): number {
  return compareOwned(a.entry, a.owner, b.entry, b.owner);
}

/** Sorts the kept entries and makes the view. */
function view(
  name: string,
  type: MetricType | undefined,
  help: string | undefined,
  kept: Owned[],
  problems: StoreProblem[],
  unit: string | undefined,
): FamilyView {
  if (kept.length > 1) kept.sort(byEntryKey);
  const entries = new Array<SeriesEntry>(kept.length);
  const owners = new Array<string>(kept.length);
  for (let i = 0; i < kept.length; i++) {
    entries[i] = kept[i].entry;
    owners[i] = kept[i].owner;
  }
  return new FamilyView(name, type, help, entries, owners, problems, unit);
}

/**
 * The view of a name after the holders in `changed` were written or
 * removed, built from the previous view of a trusted (checked) store in
 * O(entries) without sorting: the changed groups' old entries are dropped
 * and their current entries merged in. Gives the same view as
 * {@link buildFamilyView} without `verify`.
 */
export function updateFamilyView(
  prev: FamilyView,
  holders: ReadonlyMap<string, FamilyRecord>,
  own: OwnFamily | undefined,
  changed: ReadonlySet<string>,
): FamilyView {
  let type: MetricType | undefined = own?.type;
  let help: string | undefined = own?.help;
  let unit: string | undefined;
  if (type === undefined) {
    for (const rec of holders.values()) {
      if (rec.entries.length > 0) {
        type = rec.type;
        help = rec.help;
        unit = rec.unit;
        break;
      }
    }
  }
  const fresh: Owned[] = [];
  for (const group of changed) {
    const rec = holders.get(group);
    if (rec) for (const entry of rec.entries) fresh.push({ entry, owner: group });
  }
  if (fresh.length > 1) fresh.sort(byEntryKey);
  const pe = prev.entries;
  const po = prev.owners;
  // Every entry of a changed group in the previous view was retired when its record was replaced.
  const entries = new Array<SeriesEntry>(pe.length + fresh.length);
  const owners = new Array<string>(pe.length + fresh.length);
  let n = 0;
  let i = 0;
  for (let j = 0; j < fresh.length; j++) {
    const f = fresh[j];
    for (; i < pe.length; i++) {
      const e = pe[i];
      if (e.retired) continue;
      if (compareOwned(e, po[i], f.entry, f.owner) > 0) break;
      entries[n] = e;
      owners[n++] = po[i];
    }
    entries[n] = f.entry;
    owners[n++] = f.owner;
  }
  for (; i < pe.length; i++) {
    if (pe[i].retired) continue;
    entries[n] = pe[i];
    owners[n++] = po[i];
  }
  entries.length = n;
  owners.length = n;
  return new FamilyView(prev.name, type, help, entries, owners, [], unit);
}
