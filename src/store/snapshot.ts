import type { Label, Metric, MetricFamily } from '../model/types.js';
import { compareBytes, compareLabelNames, seriesOrderKey } from '../merge/byte-order.js';
import { dtoType } from '../merge/conflict.js';
import { groupKey } from '../merge/grouping-key.js';
import { compareMetrics } from '../merge/merge.js';
import { familyHeader, renderSeries, type FamilyView, type Render } from './family-view.js';
import { orderKeyOf, type GroupRecord } from './records.js';
import type { GroupView, StoreProblem, StoreSnapshot } from './types.js';

/**
 * An immutable snapshot: the groups and the merged family views of one store
 * version. Everything derived (families, text, problems) is computed on
 * first use and memoized.
 */
export class Snapshot implements StoreSnapshot {
  readonly version: number;
  readonly groups: ReadonlyMap<string, GroupView>;
  private readonly views: readonly FamilyView[];
  private readonly collisions: ReadonlyMap<string, StoreProblem>;
  private readonly render: Render;
  private familiesMemo: readonly MetricFamily[] | undefined;
  private textMemo: string | undefined;
  private problemsMemo: readonly StoreProblem[] | undefined;
  private exposedMemo: FamilyView[] | undefined;

  /**
   * @param views the views of every stored name, sorted by name (views of
   *   names left out for a suffix collision included: their problems count)
   * @param collisions names left out for a suffix collision, with the problem
   */
  constructor(
    version: number,
    groups: ReadonlyMap<string, GroupRecord>,
    views: readonly FamilyView[],
    collisions: ReadonlyMap<string, StoreProblem>,
    render: Render,
  ) {
    this.version = version;
    this.groups = groups;
    this.views = views;
    this.collisions = collisions;
    this.render = render;
  }

  group(grouping: readonly Label[]): GroupView | undefined {
    return this.groups.get(groupKey(grouping));
  }

  private exposed(): FamilyView[] {
    if (this.exposedMemo) return this.exposedMemo;
    return (this.exposedMemo = this.views.filter(
      (v) => v.type !== undefined && v.records.length > 0 && !this.collisions.has(v.name),
    ));
  }

  families(): readonly MetricFamily[] {
    return (this.familiesMemo ??= this.exposed().map((v) => v.family()));
  }

  text(extra?: readonly MetricFamily[]): string {
    if (!extra || extra.length === 0) return (this.textMemo ??= this.textPieces().join(''));
    return this.textPieces(extra).join('');
  }

  textPieces(extra?: readonly MetricFamily[]): string[] {
    return this.withExtra<string>(extra, (v, out) => v.pieces(this.render, out));
  }

  textChunks(extra?: readonly MetricFamily[], keep = false): (string | Uint8Array)[] {
    return this.withExtra<string | Uint8Array>(extra, (v, out) => this.chunksOf(v, keep, out));
  }

  storedChunks(extraNames: readonly string[], keep = false): (string | Uint8Array | number)[] {
    return this.around<string | Uint8Array>(extraNames, (v, out) => this.chunksOf(v, keep, out));
  }

  mergedText(extra: MetricFamily): string[] {
    const parts: string[] = [];
    const v = this.exposedNamed(extra.name);
    const metrics = extra.metrics.map(sortedLabels);
    // Go gathers the gateway's own metrics first: on ties they stay in front.
    const entries = metrics.map((m) => ({
      order: seriesOrderKey(m.labels),
      metric: m,
      text: undefined as string | undefined,
    }));
    // A stored family of another type is left out, as a gather would (declare the
    // gateway's families as `ownFamilies` to have such pushes refused up front).
    if (v !== undefined && dtoType(v.type!) === dtoType(extra.type)) {
      v.prepare(this.render);
      for (let i = 0; i < v.records.length; i++) {
        const rec = v.records[i];
        const p = v.positions[i];
        const text = rec.text(p);
        if (text !== undefined) entries.push({ order: orderKeyOf(rec, p), metric: rec.metric(p), text });
      }
    }
    if (entries.length === 0) return parts;
    entries.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : compareMetrics(a.metric, b.metric)));
    parts.push(familyHeader(extra.name, extra.help, extra.type));
    for (const x of entries) parts.push(x.text ?? renderSeries(this.render, extra.name, extra.type, x.metric));
    return parts;
  }

  problems(): readonly StoreProblem[] {
    if (this.problemsMemo) return this.problemsMemo;
    for (const v of this.exposed()) v.prepare(this.render);
    const out: StoreProblem[] = [];
    for (const v of this.views) {
      const c = this.collisions.get(v.name);
      if (c) out.push(c);
      out.push(...v.problems);
    }
    return (this.problemsMemo = out);
  }

  /** Appends a stored family's text: its kept bytes (made now with `keep`) if any, else its pieces. */
  private chunksOf(v: FamilyView, keep: boolean, out: (string | Uint8Array | number)[]): void {
    const bytes = keep ? v.bytes(this.render) : v.keptBytes;
    if (bytes === undefined) v.pieces(this.render, out);
    else if (bytes.length > 0) out.push(bytes);
  }

  /** The exposition with `extra` merged in by name (see {@link mergedText}); a stored family not merged by `emit`. */
  private withExtra<T extends string | Uint8Array>(
    extra: readonly MetricFamily[] | undefined,
    emit: (v: FamilyView, out: (T | number)[]) => void,
  ): T[] {
    const byName = new Map<string, MetricFamily>();
    for (const f of extra ?? []) byName.set(f.name, f);
    const names = [...byName.keys()].sort(compareBytes);
    const parts = this.around(names, emit);
    if (names.length === 0) return parts as T[];
    const out: T[] = [];
    for (const p of parts) {
      if (typeof p !== 'number') out.push(p);
      else for (const t of this.mergedText(byName.get(names[p])!)) out.push(t as T);
    }
    return out;
  }

  /**
   * The stored families in exposition order, each appended by `emit`, with
   * the index of each of `extraNames` (sorted by name, distinct) in its
   * place instead of the stored family of that name.
   */
  private around<T>(extraNames: readonly string[], emit: (v: FamilyView, out: (T | number)[]) => void): (T | number)[] {
    const out: (T | number)[] = [];
    let j = 0;
    for (const v of this.exposed()) {
      let c = -1;
      while (j < extraNames.length && (c = compareBytes(v.name, extraNames[j])) > 0) out.push(j++);
      if (c !== 0) emit(v, out);
    }
    while (j < extraNames.length) out.push(j++);
    return out;
  }

  /** The exposed view named `name`, if any (the views are sorted by name). */
  private exposedNamed(name: string): FamilyView | undefined {
    const views = this.exposed();
    let lo = 0;
    let hi = views.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareBytes(views[mid].name, name);
      if (c === 0) return views[mid];
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }
}

function sortedLabels(m: Metric): Metric {
  return { ...m, labels: m.labels.slice().sort(compareLabelNames) };
}
