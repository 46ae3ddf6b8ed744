import type { WriteRequest } from '../model/types.js';
import { compareBytes } from '../merge/byte-order.js';
import { suffixCollision } from '../merge/conflict.js';
import { serializeText } from '../serialize/index.js';
import {
  StaleWriteError,
  type CommittedWrite,
  type GroupChange,
  type LazyState,
  type MetricStoreWrites,
  type PreparedWrite,
  type WriteBatch,
} from './backend.js';
import { Content } from './content.js';
import { buildFamilyView, updateFamilyView, type FamilyView, type Render } from './family-view.js';
import { contentFromState, groupFromState, groupToState } from './import-state.js';
import { PendingLayer } from './pending-layer.js';
import { applyPlan, planWrite, type HoldStep, type WriteContext, type WritePlan } from './prepare.js';
import type { FamilyRecord, GroupRecord } from './records.js';
import { Snapshot } from './snapshot.js';
import { stageWrite } from './staged-writes.js';
import { STATE_FORMAT, STATE_VERSION, type GroupState, type StoreState } from './state.js';
import type { OwnFamily, StoreOptions, StoreProblem, StoreSnapshot, SubmitResult } from './types.js';

/** A store state whose groups are encoded while they are iterated (see {@link MetricStore.exportStateLazily}). Iterable once. */
export type LazyStoreState = LazyState;

/**
 * Writes without a snapshot after which the store lets the merged views of
 * the names written go (see `release`), at least; an eighth of the groups
 * when that is more, so that the replaced records the views keep meanwhile
 * stay under an eighth of the store (and a snapshot taken before then patches
 * the views instead of sorting them again: see `snapshot`).
 */
const RELEASE_AFTER_WRITES = 1024;

interface Pending {
  req: WriteRequest;
  resolve: (r: SubmitResult) => void;
  reject: (e: unknown) => void;
}

/** A prepared write: the plan, and how many commits the store must have seen when it is committed. */
class Prepared implements PreparedWrite {
  readonly write: CommittedWrite | undefined;

  constructor(
    readonly plan: WritePlan,
    readonly base: number,
    readonly owner: MetricStore,
  ) {
    const { group, key, grouping, request } = plan;
    this.write =
      group === undefined
        ? undefined
        : {
            request,
            keys: [key],
            changes: (): GroupChange[] => [{ key, grouping, group: group && groupToState(group) }],
          };
  }

  get result(): SubmitResult {
    return this.plan.result;
  }
}

/**
 * A Pushgateway-compatible metric store: groups of families keyed by their
 * grouping labels, written by {@link submit} (or {@link prepare} and {@link commit}) and read through immutable
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
 * submission order. `prepare` never changes the store; `commit` makes a
 * prepared write visible, so that a storage backend can make it durable in
 * between (see `backend.ts`).
 */
export class MetricStore implements MetricStoreWrites {
  /** Whether pushes are checked for consistency. */
  readonly checked: boolean;
  /** Whether state also arrives from other replicas (see {@link StoreOptions.replicated}). */
  readonly replicated: boolean;
  private readonly render: Render;
  private readonly ctx: WriteContext;
  private readonly own: ReadonlyMap<string, OwnFamily>;
  private content: Content;
  private readonly views = new Map<string, FamilyView>();
  private sortedNames: string[] = [];
  private groupsCopy: ReadonlyMap<string, GroupRecord> = new Map();
  private version = 0;
  /** Commits so far (changing or not): a prepared write is valid only at the count it was prepared for. */
  private commits = 0;
  private last: Snapshot | undefined;
  /** The version of the last snapshot or {@link release}. */
  private settled = 0;
  private readonly queue: Pending[] = [];
  private head = 0;
  private scheduled = false;

  constructor(options: StoreOptions = {}) {
    this.checked = options.checked ?? true;
    this.replicated = options.replicated ?? false;
    this.render = options.render ?? ((families) => serializeText(families));
    const own = new Map<string, OwnFamily>();
    for (const f of options.ownFamilies ?? []) own.set(f.name, { name: f.name, type: f.type, help: f.help });
    this.own = own;
    this.ctx = { checked: this.checked, own, now: options.now ?? Date.now };
    this.content = new Content(this.checked);
  }

  /**
   * The version {@link snapshot} would have now (it increases with every
   * committed write that changed the store), without taking a snapshot: a
   * reader can tell whether a snapshot it holds is still current for free.
   */
  get currentVersion(): number {
    return this.version;
  }

  /** Number of submitted writes not applied yet. */
  get pendingWrites(): number {
    return this.queue.length - this.head;
  }

  /**
   * Queues a write. Writes are applied one at a time, in submission order,
   * as soon as the current task yields; the promise resolves with the result
   * once this write is applied (it only rejects on an internal error). The
   * request is not mutated and may be reused after the call. This is
   * prepare and commit at once, for a store without storage.
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
        p.resolve(this.commit(this.prepare(p.req)));
      } catch (err) {
        p.reject(err);
      }
    }
    this.queue.length = 0;
    this.head = 0;
  }

  /**
   * Prepares a write against the committed state (writes submitted but not
   * yet applied are not seen): its result, the records it stores, the
   * consistency check. Changes nothing; costs the size of the push. Commit
   * it with {@link commit} before any other write is committed.
   */
  prepare(req: WriteRequest): PreparedWrite {
    return new Prepared(planWrite(this.content, this.ctx, req), this.commits, this);
  }

  /**
   * Does now the part of preparing `req` that does not depend on the
   * store's content (grouping its families): a later {@link prepare} of the
   * same request, unchanged, reuses it. Lets a large write spread its work
   * over more turns of the event loop (docs/gateway.md, "Large pushes").
   */
  stage(req: WriteRequest): void {
    stageWrite(req);
  }

  /**
   * Starts a batch: each write prepared through it sees the ones prepared
   * before it, as if they were committed. Commit them in the same order,
   * with no other commit in between (an empty write counts too).
   */
  batch(): WriteBatch {
    const layer = new PendingLayer(this.content);
    let base = this.commits;
    return {
      prepare: (req: WriteRequest): PreparedWrite => {
        const plan = planWrite(layer, this.ctx, req);
        applyPlan(plan, layer);
        return new Prepared(plan, base++, this);
      },
    };
  }

  /** The result `req` would have (a dry run): {@link prepare} without a commit. */
  check(req: WriteRequest): SubmitResult {
    return planWrite(this.content, this.ctx, req).result;
  }

  /**
   * Makes a prepared write visible and returns its result. Throws a
   * {@link StaleWriteError} (changing nothing) when it was prepared by
   * another store or when another write was committed since it was prepared.
   */
  commit(prepared: PreparedWrite): SubmitResult {
    const p = prepared as Prepared;
    if (!(p instanceof Prepared) || p.owner !== this) throw new StaleWriteError('write was prepared by another store');
    if (p.base !== this.commits)
      throw new StaleWriteError('the store changed since the write was prepared; prepare it again');
    this.commits++;
    if (p.plan.group !== undefined) {
      applyPlan(p.plan, this.content);
      this.changed();
    }
    return p.plan.result;
  }

  /**
   * Applies group changes made elsewhere (another replica), without a
   * consistency check: each group is replaced by the given content or
   * deleted. Throws a `StoreStateError` (changing nothing) for a malformed
   * group. Writes prepared before this call become stale.
   */
  applyChanges(changes: readonly GroupChange[]): void {
    const plans = changes.map((c, i) => {
      const next = c.group && groupFromState(c.group, `changes[${i}].group`);
      return { key: next?.key ?? c.key, next };
    });
    this.commits++;
    for (const { key, next } of plans) {
      const old = this.content.group(key);
      const steps: HoldStep[] = [];
      if (old)
        for (const [name, rec] of old.families)
          if (!next?.families.has(name)) steps.push({ name, previous: rec, next: null });
      if (next)
        for (const [name, rec] of next.families) steps.push({ name, previous: old?.families.get(name), next: rec });
      if (!old && !next) continue;
      const plan: WritePlan = {
        result: { ok: true, mode: next ? 'replace' : 'delete', group: key, changed: true, ignored: [] },
        request: { grouping: [], mode: 'delete', receivedAt: 0 },
        key,
        grouping: next?.labels ?? [],
        group: next,
        steps,
      };
      applyPlan(plan, this.content);
      this.changed();
    }
  }

  private changed(): void {
    this.version++;
    // The merged views of the last snapshot keep the records that later writes replaced; with no
    // reader asking for a while they would add up to a second copy of the store. Letting the
    // views of the changed names go now and then frees them; a later snapshot builds those again.
    const after = Math.max(RELEASE_AFTER_WRITES, this.content.groups.size >> 3);
    if (this.version - this.settled >= after) this.release();
  }

  /**
   * Drops what the store keeps for the next snapshot that later writes made
   * stale: the last snapshot, the views of the names written since it, and
   * the copy of the groups if they changed. Costs the number of changed
   * names, not their size: the next {@link snapshot} builds their views
   * from the holders (a sort, about what patching them would cost, paid
   * only when someone reads).
   */
  private release(): void {
    this.settled = this.version;
    this.last = undefined;
    const dirty = this.content.dirty;
    for (const name of dirty.keys()) {
      this.views.delete(name);
      dirty.set(name, null);
    }
    if (this.content.groupsChanged) this.groupsCopy = new Map();
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
    // A replicated state may hold what two replicas accepted at once: verify, in one order on every replica.
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
        !verify && prev && changed && changed.size * 4 < nr.holders.size
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
    this.settled = this.version;
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
   * any error a `StoreStateError` is thrown and the store is left as it
   * was: an unknown `format` or `version`, a malformed field (the message
   * names its path), a bad grouping, two groups with the same grouping, and,
   * for a checked store, content that a checked store could not have accepted
   * (the message names the first problem). Grouping labels are re-applied to
   * every metric. Writes submitted but not yet applied are applied after it;
   * writes prepared before it become stale.
   */
  importState(state: unknown): void {
    this.content = contentFromState(state, this.checked && !this.replicated, this.own);
    this.views.clear();
    this.commits++;
    this.version++;
  }
}

/** Creates a {@link MetricStore}. */
export function createStore(options?: StoreOptions): MetricStore {
  return new MetricStore(options);
}

/** A name's holders in canonical group-key order, so every replica resolves conflicts the same way. */
function byGroupKey(holders: ReadonlyMap<string, FamilyRecord>): ReadonlyMap<string, FamilyRecord> {
  return new Map([...holders].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}
