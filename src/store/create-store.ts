import type { Label, Metric, MetricFamily, WriteRequest } from '../model/types.js';
import { applyGroupingToMetric } from '../merge/apply-grouping.js';
import { compareBytes, compareLabelNames } from '../merge/byte-order.js';
import { formatGatherErrors, isAllowedLabelName, suffixCollision } from '../merge/conflict.js';
import { groupKey } from '../merge/grouping-key.js';
import { serializeText } from '../serialize/index.js';
import { bookkeepingClashes, checkPush, type NameRecord } from './check.js';
import { buildFamilyView, updateFamilyView, type FamilyView, type Render } from './family-view.js';
import {
  familyRecord,
  groupRecord,
  isBookkeeping,
  PUSH_FAILURE_TIME,
  PUSH_TIME,
  timestampRecord,
  type FamilyRecord,
  type GroupRecord,
} from './records.js';
import { internLabels, internString } from './intern.js';
import { Snapshot } from './snapshot.js';
import {
  familyFromState,
  familyToState,
  stateGroups,
  STATE_FORMAT,
  STATE_VERSION,
  StoreStateError,
  type GroupState,
  type StoreState,
} from './state.js';
import type { OwnFamily, StoreOptions, StoreProblem, StoreSnapshot, SubmitRejected, SubmitResult } from './types.js';
import type { CommittedWrite, GroupChange, PreparedWrite } from './backend.js';

const PREFIX = 'pushed metrics are invalid or inconsistent with existing metrics: ';
const TIMESTAMPS = 'pushed metrics must not have timestamps';
const JOB = 'job';

/** A store state whose groups are encoded while they are iterated (see {@link MetricStore.exportStateLazily}). Iterable once. */
export interface LazyStoreState {
  format: StoreState['format'];
  version: StoreState['version'];
  /** Number of groups the iteration yields. */
  count: number;
  groups: Iterable<GroupState>;
}

/**
 * Writes after which the store takes a snapshot by itself (see `drain`), at
 * least; an eighth of the groups when that is more, so that the cost (which
 * grows with the store) stays the same per write, and the replaced records
 * kept meanwhile stay under an eighth of the store (and the merged views are
 * patched, not sorted again: see `snapshot`).
 */
const REFRESH_AFTER_WRITES = 1024;

interface Pending {
  req: WriteRequest;
  resolve: (r: SubmitResult) => void;
  reject: (e: unknown) => void;
}

/** The mutable content of a store: groups and the per-name index. */
class Content {
  readonly groups = new Map<string, GroupRecord>();
  readonly names = new Map<string, NameRecord>();
  /** Names whose holders changed since the last snapshot, with the groups that changed them. */
  readonly dirty = new Map<string, Set<string>>();
  /** Whether the set of names changed since the last snapshot. */
  namesChanged = true;
  /** Whether any group changed since the last snapshot. */
  groupsChanged = true;

  constructor(readonly indexSeries: boolean) {}

  /** Makes `group` hold `next` under `name`, replacing `previous` (its earlier record, if any). */
  hold(name: string, group: string, previous: FamilyRecord | undefined, next: FamilyRecord): void {
    let nr = this.names.get(name);
    if (!nr) {
      nr = { holders: new Map(), series: this.indexSeries ? new Map() : undefined };
      this.names.set(name, nr);
      this.namesChanged = true;
    }
    const series = nr.series;
    if (series && !(previous && sameKeys(previous, next))) {
      if (previous) for (const e of previous.entries) if (series.get(e.key) === group) series.delete(e.key);
      for (const e of next.entries) series.set(e.key, group);
    }
    nr.holders.set(group, next);
    this.touch(name, group);
  }

  /** Removes `group`'s record `rec` from `name`. */
  unhold(name: string, group: string, rec: FamilyRecord): void {
    const nr = this.names.get(name);
    if (!nr) return;
    const series = nr.series;
    if (series) for (const e of rec.entries) if (series.get(e.key) === group) series.delete(e.key);
    nr.holders.delete(group);
    if (nr.holders.size === 0) {
      this.names.delete(name);
      this.namesChanged = true;
    }
    this.touch(name, group);
  }

  private touch(name: string, group: string): void {
    const groups = this.dirty.get(name);
    if (groups) groups.add(group);
    else this.dirty.set(name, new Set([group]));
  }
}

/** Whether two records of one group hold the same series (a re-push with new values): the series index needs no change. */
function sameKeys(a: FamilyRecord, b: FamilyRecord): boolean {
  const ea = a.entries;
  const eb = b.entries;
  if (ea.length !== eb.length) return false;
  for (let i = 0; i < ea.length; i++) if (ea[i].key !== eb[i].key) return false;
  return true;
}

/** Validates the grouping of a request; returns the sorted copy or an error message. */
function checkGrouping(grouping: unknown): Label[] | string {
  if (!Array.isArray(grouping)) return 'grouping must be an array of labels';
  const out: Label[] = [];
  const seen = new Set<string>();
  let job = '';
  for (const l of grouping as unknown[]) {
    const name = (l as Label | null)?.name;
    const value = (l as Label | null)?.value;
    if (typeof name !== 'string' || typeof value !== 'string') return 'grouping must be an array of labels';
    if (!isAllowedLabelName(name)) return `improper label name ${JSON.stringify(name)}`;
    if (seen.has(name)) return `duplicate grouping label name ${JSON.stringify(name)}`;
    seen.add(name);
    if (name === JOB) job = value;
    out.push({ name, value });
  }
  if (job === '') return 'job name is required';
  return out.sort(compareLabelNames);
}

/** Copies a pushed family with the grouping applied to every metric (positions dropped; names, HELP and labels interned, label objects shared). */
function groupedFamily(f: MetricFamily, grouping: readonly Label[]): MetricFamily {
  const metrics: Metric[] = new Array(f.metrics.length);
  for (let i = 0; i < metrics.length; i++) {
    const m = applyGroupingToMetric(f.metrics[i], grouping);
    delete m.pos;
    metrics[i] = compactMetric(m, internLabels(m.labels));
  }
  const name = internString(f.name);
  // Built whole, so that every field sits in the object itself.
  if (f.unit !== undefined) {
    return f.help !== undefined
      ? { name, type: f.type, metrics, help: internString(f.help), unit: internString(f.unit) }
      : { name, type: f.type, metrics, unit: internString(f.unit) };
  }
  return f.help !== undefined
    ? { name, type: f.type, metrics, help: internString(f.help) }
    : { name, type: f.type, metrics };
}

/**
 * The stored form of a grouped metric: its labels in an array of exactly
 * their length (grouping may have grown it with spare room), and a plain
 * gauge/counter/untyped metric as a fresh object holding both fields in
 * itself (an object that got `value` after it was made keeps it outside).
 */
function compactMetric(m: Metric, labels: Label[]): Metric {
  const exact = labels.slice();
  if (
    m.summary === undefined &&
    m.histogram === undefined &&
    m.exemplar === undefined &&
    m.createdTimestamp === undefined &&
    m.timestampMs === undefined
  ) {
    return m.value === undefined ? { labels: exact } : { labels: exact, value: m.value };
  }
  m.labels = exact;
  return m;
}

/**
 * A Pushgateway-compatible metric store: groups of families keyed by their
 * grouping labels, written by {@link submit} and read through immutable
 * {@link snapshot}s.
 *
 * Writes follow PUSHGATEWAY.md §4–§7: `replace` (PUT) replaces the group's
 * families, `merge` (POST) replaces the families it names, `delete` removes
 * the group; an empty replace keeps only the bookkeeping gauges. Every
 * successful replace/merge sets `push_time_seconds` (and adds
 * `push_failure_time_seconds 0` to a group that has none); every refused one
 * sets `push_failure_time_seconds` (creating the group if needed, with
 * `push_time_seconds 0`) and changes nothing else. Pushed series get the
 * grouping labels (overwriting body labels), `instance=""` when they have no
 * `instance`, and labels sorted by name.
 *
 * Checked stores refuse, with client_golang's messages: timestamps, a type
 * differing from another group's or an own family's, `_count`/`_sum`/`_bucket`
 * collisions with a summary or histogram, duplicate series after grouping,
 * invalid or reserved label names, `quantile` on a summary. Beyond the
 * Pushgateway they also refuse what would make its exposition unusable:
 * names and types the text format cannot carry, `le` on a histogram, and a
 * new group whose bookkeeping series duplicate another group's. HELP
 * conflicts are allowed: the exposition uses the own family's HELP, else
 * the HELP of the group that has held the name (with metrics) longest
 * (1.5.1 picks one at random). Families without metrics are stored but take
 * no part in the rules or the exposition. Body families named
 * `push_time_seconds` or `push_failure_time_seconds` are ignored (1.5.1
 * keeps some of them and can break its exposition with them).
 *
 * Unchecked stores (`checked: false`) store every push without timestamps
 * and leave whatever is inconsistent out of the exposition (reported by
 * {@link StoreSnapshot.problems}), so one bad push never breaks it for
 * everyone.
 *
 * Checks are incremental (per-name holder lists, per-series owner index), so
 * a push costs O(size of the push). Writes are applied one at a time in
 * submission order.
 */
export class MetricStore {
  /** Whether pushes are checked for consistency. */
  readonly checked: boolean;
  /** Whether state also arrives from other replicas (see {@link StoreOptions.replicated}). */
  readonly replicated: boolean;
  private readonly render: Render;
  private readonly now: () => number;
  private readonly own: ReadonlyMap<string, OwnFamily>;
  private content: Content;
  private readonly views = new Map<string, FamilyView>();
  private sortedNames: string[] = [];
  private groupsCopy: ReadonlyMap<string, GroupRecord> = new Map();
  private version = 0;
  private last: Snapshot | undefined;
  private readonly queue: Pending[] = [];
  private head = 0;
  private scheduled = false;

  constructor(options: StoreOptions = {}) {
    this.checked = options.checked ?? true;
    this.replicated = options.replicated ?? false;
    this.render = options.render ?? ((families) => serializeText(families));
    this.now = options.now ?? Date.now;
    const own = new Map<string, OwnFamily>();
    for (const f of options.ownFamilies ?? []) own.set(f.name, { name: f.name, type: f.type, help: f.help });
    this.own = own;
    this.content = new Content(this.checked);
  }

  /** Number of submitted writes not applied yet. */
  get pendingWrites(): number {
    return this.queue.length - this.head;
  }

  /**
   * Queues a write. Writes are applied one at a time, in submission order,
   * as soon as the current task yields; the promise resolves with the result
   * once this write is applied (it only rejects on an internal error). The
   * request is not mutated and may be reused after the call.
   */
  submit(req: WriteRequest): Promise<SubmitResult> {
    return new Promise<SubmitResult>((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => this.drain());
      }
    });
  }

  private drain(): void {
    this.scheduled = false;
    while (this.head < this.queue.length) {
      const p = this.queue[this.head];
      this.queue[this.head++] = undefined as unknown as Pending;
      try {
        p.resolve(this.apply(p.req));
      } catch (err) {
        p.reject(err);
      }
    }
    this.queue.length = 0;
    this.head = 0;
    // The merged views of the last snapshot keep the records that later writes replaced; with no
    // reader asking for a while they would add up to a second copy of the store. Moving the
    // views on now and then lets them go.
    const after = Math.max(REFRESH_AFTER_WRITES, this.content.groups.size >> 3);
    if (this.version - (this.last?.version ?? 0) >= after) this.snapshot();
  }

  private apply(req: WriteRequest): SubmitResult {
    const mode = req?.mode;
    if (mode !== 'replace' && mode !== 'merge' && mode !== 'delete') {
      return invalid(`mode must be "replace", "merge" or "delete", got ${JSON.stringify(mode)}`);
    }
    const grouping = checkGrouping(req.grouping);
    if (typeof grouping === 'string') return invalid(grouping);
    const key = groupKey(grouping);
    if (mode === 'delete') return this.remove(key);

    const families = req.families ?? [];
    if (!Array.isArray(families)) return invalid('families must be an array');
    const at = typeof req.receivedAt === 'number' && Number.isFinite(req.receivedAt) ? req.receivedAt : this.now();

    for (const f of families) {
      for (const m of f.metrics) {
        if (m.timestampMs !== undefined) return this.fail(key, grouping, at, 'timestamps', [TIMESTAMPS]);
      }
    }
    const pushed = new Map<string, FamilyRecord>();
    const ignored: string[] = [];
    for (const f of families) {
      if (isBookkeeping(f.name)) {
        if (!ignored.includes(f.name)) ignored.push(f.name);
        continue;
      }
      // Keyed by the interned name: the parsed one can be a view into the whole body.
      const g = groupedFamily(f, grouping);
      pushed.delete(g.name);
      pushed.set(g.name, familyRecord(g, at));
    }
    const old = this.content.groups.get(key);
    if (this.checked) {
      const bookkeeping = old
        ? []
        : [timestampRecord(PUSH_FAILURE_TIME, grouping, 0, at), timestampRecord(PUSH_TIME, grouping, at / 1000, at)];
      const errors = checkPush(
        { names: this.content.names, own: this.own },
        { group: key, mode, isNew: !old, families: pushed, bookkeeping },
      );
      if (errors.length > 0) return this.fail(key, grouping, at, 'inconsistent', errors);
    }
    this.write(key, grouping, old, mode, pushed, at);
    return { ok: true, mode, group: key, changed: !old, ignored };
  }

  private write(
    key: string,
    grouping: Label[],
    old: GroupRecord | undefined,
    mode: 'replace' | 'merge',
    pushed: Map<string, FamilyRecord>,
    at: number,
  ): void {
    const c = this.content;
    const families = new Map<string, FamilyRecord>();
    if (old) {
      for (const [name, rec] of old.families) {
        if (mode === 'replace' && !isBookkeeping(name) && !pushed.has(name)) c.unhold(name, key, rec);
        else families.set(name, rec);
      }
    }
    const pushTime = timestampRecord(PUSH_TIME, grouping, at / 1000, at);
    c.hold(PUSH_TIME, key, families.get(PUSH_TIME), pushTime);
    families.set(PUSH_TIME, pushTime);
    if (!families.has(PUSH_FAILURE_TIME)) {
      const failure = timestampRecord(PUSH_FAILURE_TIME, grouping, 0, at);
      c.hold(PUSH_FAILURE_TIME, key, undefined, failure);
      families.set(PUSH_FAILURE_TIME, failure);
    }
    for (const [name, rec] of pushed) {
      c.hold(name, key, families.get(name), rec);
      families.set(name, rec);
    }
    c.groups.set(key, groupRecord(key, grouping, families));
    c.groupsChanged = true;
    this.version++;
  }

  private fail(
    key: string,
    grouping: Label[],
    at: number,
    reason: 'timestamps' | 'inconsistent',
    errors: string[],
  ): SubmitRejected {
    const c = this.content;
    const old = c.groups.get(key);
    const failure = timestampRecord(PUSH_FAILURE_TIME, grouping, at / 1000, at);
    const pushTime = old ? undefined : timestampRecord(PUSH_TIME, grouping, 0, at);
    let recorded = true;
    if (!old && this.checked) {
      // Creating the group must not itself duplicate another group's series.
      recorded = bookkeepingClashes({ names: c.names, own: this.own }, key, [failure, pushTime!]).length === 0;
    }
    if (recorded) {
      const families = new Map<string, FamilyRecord>(old?.families);
      c.hold(PUSH_FAILURE_TIME, key, families.get(PUSH_FAILURE_TIME), failure);
      families.set(PUSH_FAILURE_TIME, failure);
      if (pushTime && !families.has(PUSH_TIME)) {
        c.hold(PUSH_TIME, key, undefined, pushTime);
        families.set(PUSH_TIME, pushTime);
      }
      c.groups.set(key, groupRecord(key, old?.labels ?? grouping, families));
      c.groupsChanged = true;
      this.version++;
    }
    return {
      ok: false,
      reason,
      group: key,
      message: PREFIX + formatGatherErrors(errors),
      errors,
      failureRecorded: recorded,
    };
  }

  private remove(key: string): SubmitResult {
    const c = this.content;
    const old = c.groups.get(key);
    if (old) {
      for (const [name, rec] of old.families) c.unhold(name, key, rec);
      c.groups.delete(key);
      c.groupsChanged = true;
      this.version++;
    }
    return { ok: true, mode: 'delete', group: key, changed: old !== undefined, ignored: [] };
  }

  /**
   * An immutable view of the store as of the writes applied so far (pending
   * ones are not included). Cheap when nothing changed since the last call
   * (the same object is returned); otherwise O(groups + names) plus the
   * merge of the family names that changed.
   */
  snapshot(): StoreSnapshot {
    if (this.last && this.last.version === this.version) return this.last;
    const c = this.content;
    const verify = !this.checked || this.replicated;
    for (const [name, changed] of c.dirty) {
      const nr = c.names.get(name);
      if (!nr) {
        this.views.delete(name);
        continue;
      }
      const prev = this.views.get(name);
      // A few changed holders of a big family: patch the sorted entries instead of sorting again.
      const view =
        !verify && prev && changed.size * 4 < nr.holders.size
          ? updateFamilyView(prev, nr.holders, this.own.get(name), changed)
          : buildFamilyView(name, this.replicated ? byGroupKey(nr.holders) : nr.holders, this.own.get(name), verify);
      this.views.set(name, view);
    }
    c.dirty.clear();
    if (c.namesChanged) {
      this.sortedNames = [...c.names.keys()].sort(compareBytes);
      c.namesChanged = false;
    }
    if (c.groupsChanged) {
      this.groupsCopy = new Map(c.groups);
      c.groupsChanged = false;
    }
    const views: FamilyView[] = [];
    const collisions = new Map<string, StoreProblem>();
    const registered = new Map<string, string>();
    for (const f of this.own.values()) registered.set(f.name, f.type);
    for (const name of this.sortedNames) {
      const v = this.views.get(name)!;
      views.push(v);
      if (v.type === undefined || this.own.has(name)) continue;
      if (verify) {
        const collision = suffixCollision(name, v.type, (n) => registered.get(n) as OwnFamily['type'] | undefined);
        if (collision !== undefined) {
          collisions.set(name, { family: name, message: collision });
          continue;
        }
      }
      registered.set(name, v.type);
    }
    this.last = new Snapshot(this.version, this.groupsCopy, views, collisions, this.render);
    return this.last;
  }

  /**
   * The whole content as plain JSON-able data (`{format, version, groups}`),
   * for persistence: grouping labels, families with the time each was
   * written (bookkeeping gauges included), floats as Go float strings.
   * Groups in creation order. Reflects the writes applied so far.
   */
  exportState(): StoreState {
    const lazy = this.exportStateLazily();
    return { format: lazy.format, version: lazy.version, groups: [...lazy.groups] };
  }

  /**
   * The same content as {@link exportState}, as of this call, but each
   * group is encoded only when the iteration reaches it, so that writing a
   * large store out never holds its whole encoded state at once. Later
   * writes do not change what the iteration yields (groups are immutable
   * records; the list of them is taken now). `count` is the number of groups.
   */
  exportStateLazily(): LazyStoreState {
    const records = [...this.content.groups.values()];
    function* groups(): Generator<GroupState> {
      for (const g of records) yield groupToState(g);
    }
    return { format: STATE_FORMAT, version: STATE_VERSION, count: records.length, groups: groups() };
  }

  /**
   * Replaces the whole content with a state from {@link exportState}
   * (possibly after a JSON round trip). Everything is validated first; on
   * any error a {@link StoreStateError} is thrown and the store is left as it
   * was: an unknown `format` or `version`, a malformed field (the message
   * names its path), a bad grouping, two groups with the same grouping, and,
   * for a checked store, content that a checked store could not have accepted
   * (the message names the first problem). Grouping labels are re-applied to
   * every metric. Writes submitted but not yet applied are applied after it.
   */
  importState(state: unknown): void {
    const groupsIn = stateGroups(state);
    const next = new Content(this.checked);
    groupsIn.forEach((gv, gi) => {
      const path = `groups[${gi}]`;
      const { key, grouping, families } = parseGroup(gv, path);
      if (next.groups.has(key))
        throw new StoreStateError(`invalid store state at ${path}: a second group with the same grouping`);
      for (const [name, rec] of families) next.hold(name, key, undefined, rec);
      next.groups.set(key, groupRecord(key, grouping, families));
    });
    // A replicated state may hold what two replicas accepted at once; the exposition leaves it out.
    if (this.checked && !this.replicated) {
      const problem = firstProblem(next, this.own);
      if (problem) throw new StoreStateError(`store state is inconsistent: ${problem.message}`);
    }
    this.content = next;
    this.views.clear();
    this.version++;
  }

  /**
   * Prepares a write without applying it: the result it would have now and
   * the group it would change, as state. For a replicated store, whose
   * writes become visible only once the shared storage has them (and its
   * change comes back through {@link applyChanges}). Submitted writes must
   * all be applied (see {@link pendingWrites}).
   */
  prepare(req: WriteRequest): PreparedWrite {
    if (this.pendingWrites > 0) throw new Error('prepare: submitted writes are still pending');
    const c = this.content;
    const grouping = checkGrouping(req?.grouping);
    const old = typeof grouping === 'string' ? undefined : c.groups.get(groupKey(grouping));
    const before = this.version;
    const at = typeof req?.receivedAt === 'number' && Number.isFinite(req.receivedAt) ? req.receivedAt : this.now();
    const result = this.apply({ ...req, receivedAt: at });
    if (this.version === before || typeof grouping === 'string') return { result, write: undefined };
    // Apply, read the group, put the old one back: one code path decides what a write does.
    const key = result.group;
    const now = c.groups.get(key);
    if (now) for (const [name, rec] of now.families) if (!old?.families.has(name)) c.unhold(name, key, rec);
    if (old) {
      for (const [name, rec] of old.families) c.hold(name, key, now?.families.get(name), rec);
      c.groups.set(key, old);
    } else c.groups.delete(key);
    c.groupsChanged = true;
    this.version = before;
    const change: GroupChange = { key, grouping, group: now ? groupToState(now) : null };
    const write: CommittedWrite = { request: { ...req, receivedAt: at }, keys: [key], changes: () => [change] };
    return { result, write };
  }

  /**
   * Applies groups changed elsewhere (another replica, through the shared
   * storage) as they are, without a consistency check: a group is replaced
   * whole, or removed when its state is `null`. Throws a
   * {@link StoreStateError} for a state that cannot be read, before changing
   * anything.
   */
  applyChanges(changes: readonly GroupChange[]): void {
    const parsed = changes.map((ch, i) => (ch.group ? parseGroup(ch.group, `changes[${i}]`) : { key: ch.key }));
    const c = this.content;
    for (const p of parsed) {
      const old = c.groups.get(p.key);
      const families = 'families' in p ? p.families : undefined;
      if (old) for (const [name, rec] of old.families) if (!families?.has(name)) c.unhold(name, p.key, rec);
      if (families && 'grouping' in p) {
        for (const [name, rec] of families) c.hold(name, p.key, old?.families.get(name), rec);
        c.groups.set(p.key, groupRecord(p.key, p.grouping, families));
      } else c.groups.delete(p.key);
      c.groupsChanged = true;
    }
    if (parsed.length > 0) this.version++;
  }
}

/** A group of a state, validated: its key, sorted grouping and family records. */
function parseGroup(
  gv: unknown,
  path: string,
): { key: string; grouping: Label[]; families: Map<string, FamilyRecord> } {
  if (typeof gv !== 'object' || gv === null || Array.isArray(gv))
    throw new StoreStateError(`invalid store state at ${path}: expected an object`);
  const g = gv as Record<string, unknown>;
  const pairs = Array.isArray(g.labels) ? g.labels : undefined;
  const grouping = checkGrouping(
    pairs?.map((p: unknown) => (Array.isArray(p) && p.length === 2 ? { name: p[0], value: p[1] } : null)),
  );
  if (typeof grouping === 'string') throw new StoreStateError(`invalid store state at ${path}.labels: ${grouping}`);
  const key = groupKey(grouping);
  if (!Array.isArray(g.families))
    throw new StoreStateError(`invalid store state at ${path}.families: expected an array`);
  const families = new Map<string, FamilyRecord>();
  g.families.forEach((fv: unknown, fi: number) => {
    const { family, writtenAt } = familyFromState(fv, `${path}.families[${fi}]`);
    let rec: FamilyRecord;
    if (family.name === PUSH_TIME || family.name === PUSH_FAILURE_TIME) {
      const value = family.metrics[0]?.value;
      if (family.metrics.length !== 1 || value === undefined || !Number.isFinite(value)) {
        throw new StoreStateError(
          `invalid store state at ${path}.families[${fi}]: ${family.name} must hold one finite gauge value`,
        );
      }
      rec = timestampRecord(family.name, grouping, value, writtenAt);
    } else {
      rec = familyRecord(groupedFamily(family, grouping), writtenAt);
    }
    if (families.has(family.name))
      throw new StoreStateError(
        `invalid store state at ${path}.families[${fi}]: a second family named ${JSON.stringify(family.name)}`,
      );
    families.set(family.name, rec);
  });
  for (const name of [PUSH_TIME, PUSH_FAILURE_TIME] as const) {
    if (!families.has(name)) families.set(name, timestampRecord(name, grouping, 0, 0));
  }
  return { key, grouping, families };
}

/** A group record as state. */
function groupToState(g: GroupRecord): GroupState {
  const families = [];
  for (const rec of g.families.values()) families.push(familyToState(rec.family, rec.writtenAt));
  return { labels: g.labels.map((l): [string, string] => [l.name, l.value]), families };
}

/**
 * The holders of a name in group-key order: a replicated store resolves
 * conflicts (the first holder's type and HELP win) by content alone, so that
 * every replica shows the same whatever order the changes reached it in.
 */
function byGroupKey(holders: ReadonlyMap<string, FamilyRecord>): ReadonlyMap<string, FamilyRecord> {
  return new Map([...holders].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** The first problem a verifying merge of `content` finds, if any. */
function firstProblem(content: Content, own: ReadonlyMap<string, OwnFamily>): StoreProblem | undefined {
  const registered = new Map<string, OwnFamily['type']>();
  for (const f of own.values()) registered.set(f.name, f.type);
  for (const name of [...content.names.keys()].sort(compareBytes)) {
    const v = buildFamilyView(name, content.names.get(name)!.holders, own.get(name), true);
    if (v.problems.length > 0) return v.problems[0];
    if (v.type === undefined || own.has(name)) continue;
    const collision = suffixCollision(name, v.type, (n) => registered.get(n));
    if (collision !== undefined) return { family: name, message: collision };
    registered.set(name, v.type);
  }
  return undefined;
}

function invalid(message: string): SubmitRejected {
  return { ok: false, reason: 'invalid-request', group: '', message, errors: [message], failureRecorded: false };
}

/** Creates a {@link MetricStore}. */
export function createStore(options?: StoreOptions): MetricStore {
  return new MetricStore(options);
}
