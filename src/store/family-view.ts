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
import { compareOrder, type FamilyRecord } from './records.js';
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
  /** The record of each series that is exposed, sorted (a series is a record and a position in it). */
  readonly records: readonly FamilyRecord[];
  /** The position of each series in its record (parallel to {@link records}). */
  readonly positions: readonly number[];
  /** The key of the group each series belongs to (parallel to {@link records}). */
  readonly owners: readonly string[];
  /** What was left out while merging (and, once {@link prepare} ran, what failed to render). */
  readonly problems: StoreProblem[];
  private prepared = false;
  private familyMemo: MetricFamily | undefined;
  /** The metrics {@link family} is to take, when a patched view made them from the previous view's. */
  private metricsMemo: Metric[] | undefined;
  private bytesMemo: Uint8Array | undefined;

  constructor(
    name: string,
    type: MetricType | undefined,
    help: string | undefined,
    records: readonly FamilyRecord[],
    positions: readonly number[],
    owners: readonly string[],
    problems: StoreProblem[],
    unit?: string,
  ) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.unit = unit;
    this.records = records;
    this.positions = positions;
    this.owners = owners;
    this.problems = problems;
  }

  /** The merged family (metrics in exposition order). Memoized; do not mutate. */
  family(): MetricFamily {
    if (this.familyMemo) return this.familyMemo;
    const f: MetricFamily = {
      name: this.name,
      type: this.type ?? 'untyped',
      metrics: this.metricsMemo ?? this.records.map((r, i) => r.metric(this.positions[i])),
    };
    this.metricsMemo = undefined;
    if (this.help !== undefined) f.help = this.help;
    if (this.unit !== undefined) f.unit = this.unit;
    return (this.familyMemo = f);
  }

  /**
   * Renders every series' sample lines that are not cached yet (once per
   * series: the text is cached in its record and shared by later views). A
   * series `render` refuses is left out and recorded in {@link problems}
   * (once per view). Idempotent.
   */
  prepare(render: Render): void {
    if (this.prepared) return;
    this.prepared = true;
    const type = this.type;
    if (type === undefined) return;
    const records = this.records;
    const positions = this.positions;
    for (let i = 0; i < records.length; i++) {
      const rec = records[i];
      const p = positions[i];
      if (rec.text(p) !== undefined) continue;
      try {
        rec.setText(p, renderSeries(render, this.name, type, rec.metric(p)));
      } catch (err) {
        this.problems.push({ family: this.name, message: `could not render a series: ${(err as Error).message}` });
      }
    }
  }

  /**
   * Appends the family's exposition to `out` as pieces whose concatenation
   * is {@link text}: the header, then the cached sample lines of every
   * series that renders (see {@link prepare}). Appends nothing when there is
   * nothing to expose. The pieces are the cached strings themselves, so no
   * text is copied. Returns `out`.
   */
  pieces<T extends (string | Uint8Array | number)[]>(render: Render, out: T): T {
    const type = this.type;
    const records = this.records;
    if (type === undefined || records.length === 0) return out;
    this.prepare(render);
    const positions = this.positions;
    const start = out.length;
    out.push('');
    for (let i = 0; i < records.length; i++) {
      const text = records[i].text(positions[i]);
      if (text !== undefined) out.push(text);
    }
    if (out.length === start + 1) out.length = start;
    else out[start] = familyHeader(this.name, this.help, type);
    return out;
  }

  /** The metrics of {@link family} if it was asked for (a plain series' metric is made on each read from its record). */
  get keptMetrics(): readonly Metric[] | undefined {
    return this.familyMemo?.metrics;
  }

  /** Gives {@link family} its metrics, made already (parallel to {@link records}). */
  useMetrics(metrics: Metric[]): void {
    if (this.familyMemo === undefined) this.metricsMemo = metrics;
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
   * series (see {@link pieces}); `''` when there is nothing to expose. Built
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
      const n = rec.size;
      if (n === 0) continue;
      if (type === undefined) {
        type = rec.type;
        help = rec.help;
        unit = rec.unit;
      }
      for (let i = 0; i < n; i++) kept.push({ rec, pos: i, owner: group });
    }
    return view(name, type, help, kept, problems, unit);
  }
  if (!isValidMetricName(name)) {
    for (const [group, rec] of holders)
      if (rec.size > 0) problems.push({ family: name, group, message: invalidNameMessage(name) });
    return new FamilyView(name, undefined, undefined, [], [], [], problems);
  }
  const seen = new Set<string>();
  for (const [group, rec] of holders) {
    const f = rec;
    if (rec.size === 0) continue;
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
    for (let i = 0; i < rec.size; i++) {
      const metric = rec.metric(i);
      const p = metricProblem(name, type, metric, f.type, true);
      if (p !== undefined) {
        problems.push({ family: name, group, message: p });
        continue;
      }
      const key = rec.key(i);
      if (seen.has(key)) {
        problems.push({ family: name, group, message: duplicateSeriesMessage(name, metric, f.type) });
        continue;
      }
      seen.add(key);
      kept.push({ rec, pos: i, owner: group });
    }
  }
  return view(name, type, help, kept, problems, unit);
}

/** A series (a record and a position in it) and the key of its group. */
interface Owned {
  rec: FamilyRecord;
  pos: number;
  owner: string;
}

/**
 * The exposition order: Go's (label count, then values), then, where Go
 * leaves the order unspecified, by group key and by position in the pushed
 * family, so the order depends only on the content, not on its history.
 */
function compareOwned(ar: FamilyRecord, ai: number, ao: string, br: FamilyRecord, bi: number, bo: string): number {
  const c = compareOrder(ar, ai, br, bi);
  if (c !== 0) return c;
  if (ao !== bo) return ao < bo ? -1 : 1;
  return ai - bi;
}

function byEntryKey(a: Owned, b: Owned): number {
  return compareOwned(a.rec, a.pos, a.owner, b.rec, b.pos, b.owner);
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
  const records = new Array<FamilyRecord>(kept.length);
  const positions = new Array<number>(kept.length);
  const owners = new Array<string>(kept.length);
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i];
    records[i] = k.rec;
    positions[i] = k.pos;
    owners[i] = k.owner;
  }
  return new FamilyView(name, type, help, records, positions, owners, problems, unit);
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
      if (rec.size > 0) {
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
    if (rec) for (let i = 0; i < rec.size; i++) fresh.push({ rec, pos: i, owner: group });
  }
  if (fresh.length > 1) fresh.sort(byEntryKey);
  const pr = prev.records;
  const pp = prev.positions;
  const po = prev.owners;
  // The previous view's metrics, if a scrape asked for them: the new view takes them over for the series
  // it keeps (making a metric per plain series again would cost more than the merge itself).
  const pm = prev.keptMetrics;
  // Every series of a changed group in the previous view was retired when its record was replaced.
  const size = pr.length + fresh.length;
  const records = new Array<FamilyRecord>(size);
  const positions = new Array<number>(size);
  const owners = new Array<string>(size);
  const metrics = pm !== undefined ? new Array<Metric>(size) : undefined;
  let n = 0;
  let i = 0;
  for (let j = 0; j < fresh.length; j++) {
    const f = fresh[j];
    for (; i < pr.length; i++) {
      const r = pr[i];
      if (r.retired) continue;
      if (compareOwned(r, pp[i], po[i], f.rec, f.pos, f.owner) > 0) break;
      if (metrics !== undefined) metrics[n] = pm![i];
      records[n] = r;
      positions[n] = pp[i];
      owners[n++] = po[i];
    }
    if (metrics !== undefined) metrics[n] = f.rec.metric(f.pos);
    records[n] = f.rec;
    positions[n] = f.pos;
    owners[n++] = f.owner;
  }
  for (; i < pr.length; i++) {
    if (pr[i].retired) continue;
    if (metrics !== undefined) metrics[n] = pm![i];
    records[n] = pr[i];
    positions[n] = pp[i];
    owners[n++] = po[i];
  }
  records.length = n;
  positions.length = n;
  owners.length = n;
  const view = new FamilyView(prev.name, type, help, records, positions, owners, [], unit);
  if (metrics !== undefined) {
    metrics.length = n;
    view.useMetrics(metrics);
  }
  return view;
}
