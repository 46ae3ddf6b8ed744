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
    return this.views.filter((v) => v.type !== undefined && v.entries.length > 0 && !this.collisions.has(v.name));
  }

  families(): readonly MetricFamily[] {
    return (this.familiesMemo ??= this.exposed().map((v) => v.family()));
  }

  text(extra?: readonly MetricFamily[]): string {
    if (!extra || extra.length === 0) return (this.textMemo ??= this.textPieces().join(''));
    return this.textPieces(extra).join('');
  }

  textPieces(extra?: readonly MetricFamily[]): string[] {
    return this.piecesWith<string>(extra, [], (v, out) => v.pieces(this.render, out));
  }

  textChunks(extra?: readonly MetricFamily[], keep = false): (string | Uint8Array)[] {
    return this.piecesWith<string | Uint8Array>(extra, [], (v, out) => {
      const bytes = keep ? v.bytes(this.render) : v.keptBytes;
      if (bytes === undefined) v.pieces(this.render, out);
      else if (bytes.length > 0) out.push(bytes);
    });
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

  /**
   * Appends the exposition with `extra` families merged in by name (their
   * HELP and type win; their metrics are sorted like stored ones) to
   * `parts`, a stored family not merged with one of `extra` by `emit`.
   */
  private piecesWith<T extends string | Uint8Array>(
    extra: readonly MetricFamily[] | undefined,
    parts: T[],
    emit: (v: FamilyView, parts: T[]) => void,
  ): T[] {
    if (!extra || extra.length === 0) {
      for (const v of this.exposed()) emit(v, parts);
      return parts;
    }
    const byName = new Map<string, MetricFamily>();
    for (const f of extra) byName.set(f.name, f);
    const extraNames = [...byName.keys()].sort(compareBytes);
    const views = this.exposed();
    let i = 0;
    let j = 0;
    while (i < views.length || j < extraNames.length) {
      const v = views[i];
      const en = extraNames[j];
      const c = v === undefined ? 1 : en === undefined ? -1 : compareBytes(v.name, en);
      if (c < 0) {
        emit(v, parts);
        i++;
        continue;
      }
      const e = byName.get(en)!;
      j++;
      const metrics = e.metrics.map(sortedLabels);
      // Go gathers the gateway's own metrics first: on ties they stay in front.
      const entries = metrics.map((m) => ({
        order: seriesOrderKey(m.labels),
        metric: m,
        text: undefined as string | undefined,
      }));
      if (c === 0) {
        i++;
        // A stored family of another type is left out, as a gather would (declare the
        // gateway's families as `ownFamilies` to have such pushes refused up front).
        if (dtoType(v.type!) === dtoType(e.type)) {
          v.prepare(this.render);
          for (const x of v.entries)
            if (x.text !== undefined) entries.push({ order: orderKeyOf(x), metric: x.metric, text: x.text });
        }
      }
      if (entries.length === 0) continue;
      entries.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : compareMetrics(a.metric, b.metric)));
      (parts as (string | Uint8Array)[]).push(familyHeader(e.name, e.help, e.type));
      for (const x of entries)
        (parts as (string | Uint8Array)[]).push(x.text ?? renderSeries(this.render, e.name, e.type, x.metric));
    }
    return parts;
  }
}

function sortedLabels(m: Metric): Metric {
  return { ...m, labels: m.labels.slice().sort(compareLabelNames) };
}
