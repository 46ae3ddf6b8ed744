import type { Label, MetricFamily } from '../../model/types.js';
import type { StoreSnapshot } from '../../store/index.js';
import type { GatewayContext, HandlerRequest } from '../context.js';
import { sendError } from '../http/reply.js';
import { aggregatePush } from './aggregation.js';
import { type Access, type AuthDecision, Authorizer, loadAuthFile } from './auth.js';
import { type FeatureConfig, featuresEnabled, hasLimits, hasTtl } from './config.js';
import { checkPushLimits, type LimitRefusal } from './limits.js';
import { matchesAny } from './matcher.js';
import { TtlTracker } from './ttl.js';

/**
 * The opt-in features' state at run time (TTL tracker, authorizer, refusal
 * counts, aggregation locks); `hooks.ts` plugs them into the routes. The
 * gateway creates one only when some feature is on, so a default gateway
 * runs none of this code.
 */

/** How often (at most, by the gateway's clock) requests trigger a TTL sweep. */
const SWEEP_EVERY_MS = 1000;

/** The features' state, shared by their hooks. */
export class GatewayFeatures {
  readonly ttl: TtlTracker | undefined;
  readonly authorizer: Authorizer | undefined;
  private readonly locks = new Map<string, Promise<void>>();
  private lastSweep = Number.NEGATIVE_INFINITY;
  private sweeping: Promise<number> | undefined;
  /** Refusals by limit name. */
  readonly refusals = new Map<string, number>();

  constructor(readonly config: FeatureConfig) {
    this.ttl = hasTtl(config) ? new TtlTracker(config) : undefined;
    this.authorizer = config.authFile !== '' ? new Authorizer(loadAuthFile(config.authFile)) : undefined;
  }

  /** Whether `config` turns on anything at all. */
  static wanted(config: FeatureConfig): boolean {
    return featuresEnabled(config);
  }

  /** Re-reads the authorization file (SIGHUP). Throws when it cannot be used; the previous one stays. */
  reloadAuth(): void {
    if (this.authorizer) this.authorizer.setConfig(loadAuthFile(this.config.authFile));
  }

  /** Whether pushes to `grouping` are aggregated. */
  aggregates(grouping: readonly Label[]): boolean {
    return (
      this.config.aggregate.length > 0 &&
      matchesAny(
        this.config.aggregate.map((a) => a.matchers),
        grouping,
      )
    );
  }

  /** Checks a push for the dry run: limit and aggregation problems as messages (empty: none). Pure. */
  dryRunProblems(
    gw: GatewayContext,
    grouping: Label[],
    families: MetricFamily[],
    replace: boolean,
  ): { code: string; message: string }[] {
    const out: { code: string; message: string }[] = [];
    const snap = (): StoreSnapshot => gw.store.snapshot();
    if (hasLimits(this.config.limits)) {
      const r = checkPushLimits(this.config.limits, grouping, families, replace, snap);
      if (r) out.push({ code: `LIMIT_${r.limit.toUpperCase()}`, message: `${r.status}: ${r.message}` });
    }
    if (this.aggregates(grouping)) {
      const a = aggregatePush(snap().group(grouping), grouping, families);
      if (!a.ok) out.push({ code: 'AGGREGATION_REFUSED', message: a.message });
    }
    return out;
  }

  /** Decides a request's access with the authorization file; `ok` when no file is configured. */
  authorize(h: HandlerRequest, access: Access): Promise<AuthDecision> {
    if (!this.authorizer) return Promise.resolve({ ok: true, principal: 'anyone' });
    return this.authorizer.authorize(h.req.headers.authorization, access);
  }

  /** Counts a refusal by a limit. */
  countRefusal(r: LimitRefusal): void {
    this.refusals.set(r.limit, (this.refusals.get(r.limit) ?? 0) + 1);
  }

  /** Answers a request refused by a limit, and counts the refusal. */
  refuse(h: HandlerRequest, r: LimitRefusal): void {
    this.countRefusal(r);
    h.res.setHeader('Connection', r.limit === 'body_bytes' ? 'close' : 'keep-alive');
    sendError(h.req, h.res, r.status, r.message);
  }

  /**
   * Locks the group `key` (an aggregated push reads the group, then writes
   * it). Resolves with the release function once the lock is held.
   */
  async lock(key: string): Promise<() => void> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chained = prev.then(() => mine);
    this.locks.set(key, chained);
    await prev;
    return () => {
      release();
      if (this.locks.get(key) === chained) this.locks.delete(key);
    };
  }

  /**
   * Deletes the groups whose TTL ran out by `gw.now()` (at most once per
   * second of the gateway's clock unless `force`). Resolves with how many
   * were deleted.
   */
  sweep(gw: GatewayContext, force = false): Promise<number> {
    const ttl = this.ttl;
    if (!ttl) return Promise.resolve(0);
    const now = gw.now();
    if (!force && now - this.lastSweep < SWEEP_EVERY_MS) return this.sweeping ?? Promise.resolve(0);
    this.lastSweep = now;
    const run = async (): Promise<number> => {
      const due = ttl.due(gw.store.snapshot(), now);
      for (const g of due) {
        gw.logger.info('group expired (TTL)', {
          group: g.labels.map((l) => `${l.name}=${l.value}`).join(','),
          ttl: ttl.ttlOf(g),
        });
        ttl.forget(g.labels);
        await gw.writer.submit({ grouping: [...g.labels], mode: 'delete', receivedAt: now });
      }
      ttl.expiredTotal += due.length;
      return due.length;
    };
    this.sweeping = run().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** The features' own metrics (TTL gauge and counter, limit refusals). New objects. */
  families(gw: GatewayContext): MetricFamily[] {
    const out: MetricFamily[] = [];
    if (this.ttl) out.push(...this.ttl.families(gw.store.snapshot()));
    if (hasLimits(this.config.limits)) {
      out.push({
        name: 'promkit_limit_refusals_total',
        type: 'counter',
        help: 'Requests refused by a limit, by limit.',
        metrics: [...this.refusals].map(([limit, n]) => ({ labels: [{ name: 'limit', value: limit }], value: n })),
      });
    }
    return out;
  }
}
