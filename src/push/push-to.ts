import { gzipSync } from 'node:zlib';
import { groupingPath } from '../merge/grouping-key.js';
import type { Label, MetricFamily } from '../model/types.js';
import { serializeText } from '../serialize/index.js';
import { backoffDelay, type BackoffOptions, realSleep, type Sleep } from './retry.js';

/**
 * `pushTo`: the client side of the Pushgateway protocol for Node programs.
 * Builds the grouping path (`@base64` where a value needs it), sends text
 * 0.0.4 (optionally gzipped), retries 5xx answers and connection errors
 * with bounded backoff, and turns 4xx answers into a {@link PushError}
 * carrying the gateway's own message.
 */

/** The push methods: PUT replaces the group, POST replaces the pushed families, DELETE removes the group. */
export type PushMethod = 'PUT' | 'POST' | 'DELETE';

/** Options of {@link pushTo}. */
export interface PushOptions extends BackoffOptions {
  /** Default `PUT`. */
  method?: PushMethod;
  /** Send the body gzip-compressed (`Content-Encoding: gzip`). */
  gzip?: boolean;
  /** Extra request headers (authorization, `Promkit-TTL`, …). */
  headers?: Record<string, string>;
  /** Time limit of each attempt, in ms (default 10 000). */
  timeoutMs?: number;
  /** Cancels the push, retries included. */
  signal?: AbortSignal;
  /** The fetch implementation (default: the global `fetch`). */
  fetch?: typeof fetch;
  /** How to wait between attempts (default: real timers). */
  sleep?: Sleep;
  /** Random numbers in [0, 1) for backoff jitter (default `Math.random`). */
  random?: () => number;
  /** Called before each retry with what failed and the delay. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** A successful push. */
export interface PushResult {
  status: number;
  /** The response body (usually empty). */
  body: string;
  /** Attempts made (1 when no retry was needed). */
  attempts: number;
  /** The URL the request went to. */
  url: string;
}

/**
 * A push that did not succeed. `kind` is `rejected` for a 4xx answer (the
 * gateway refused the data; retrying cannot help) and `failed` when 5xx
 * answers or connection errors persisted through every retry.
 */
export class PushError extends Error {
  override readonly name = 'PushError';
  constructor(
    readonly kind: 'rejected' | 'failed',
    /** The last HTTP status, or 0 for a connection error. */
    readonly status: number,
    /** The gateway's response body, trimmed (or the connection error's message). */
    readonly body: string,
    readonly attempts: number,
    readonly url: string,
  ) {
    super(
      status === 0
        ? `${url}: ${body} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`
        : `${url}: HTTP ${status}${body === '' ? '' : `: ${body}`}${kind === 'failed' ? ` (after ${attempts} attempts)` : ''}`,
    );
  }
}

/** Normalizes a grouping given as labels or as an object (`{job: 'x', instance: 'h'}`). */
export function toGrouping(grouping: readonly Label[] | Readonly<Record<string, string>>): Label[] {
  return Array.isArray(grouping)
    ? grouping.map((l: Label) => ({ name: l.name, value: l.value }))
    : Object.entries(grouping).map(([name, value]) => ({ name, value: value as string }));
}

/**
 * The full push URL: the gateway's base URL (its path kept as a route
 * prefix, a trailing slash dropped) followed by {@link groupingPath}.
 * Throws a `TypeError` for a bad URL or grouping.
 */
export function pushUrl(base: string, grouping: readonly Label[] | Readonly<Record<string, string>>): string {
  const u = new URL(base);
  const prefix = u.pathname.replace(/\/+$/, '');
  return `${u.origin}${prefix}${groupingPath(toGrouping(grouping))}`;
}

function isRetryable(status: number): boolean {
  return status >= 500;
}

/**
 * Pushes `families` (or an exposition already in text format) to the
 * gateway at `url` under `grouping`. Resolves with the result of the first
 * 2xx answer; rejects with a {@link PushError} on a 4xx answer at once, or
 * after the last retry of 5xx answers and connection errors; rejects with
 * the signal's reason when aborted. Does not mutate its inputs.
 */
export async function pushTo(
  url: string,
  grouping: readonly Label[] | Readonly<Record<string, string>>,
  families: readonly MetricFamily[] | string | Uint8Array,
  options: PushOptions = {},
): Promise<PushResult> {
  const method = options.method ?? 'PUT';
  const target = pushUrl(url, grouping);
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const retries = options.retries ?? 3;
  const headers: Record<string, string> = { ...options.headers };
  let body: Uint8Array | undefined;
  if (method !== 'DELETE') {
    const text =
      typeof families === 'string'
        ? families
        : families instanceof Uint8Array
          ? families
          : serializeText(families as MetricFamily[]);
    body = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    headers['Content-Type'] = 'text/plain; version=0.0.4; charset=utf-8';
    if (options.gzip) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
  }
  let attempt = 0;
  for (;;) {
    attempt++;
    options.signal?.throwIfAborted();
    let status = 0;
    let text: string;
    try {
      const signals = [AbortSignal.timeout(options.timeoutMs ?? 10_000)];
      if (options.signal) signals.push(options.signal);
      const res = await doFetch(target, { method, headers, body, signal: AbortSignal.any(signals) });
      status = res.status;
      text = (await res.text()).trim();
    } catch (e) {
      if (options.signal?.aborted) throw options.signal.reason;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      text = cause?.code ?? cause?.message ?? (e as Error).message;
    }
    if (status >= 200 && status < 300) return { status, body: text, attempts: attempt, url: target };
    if (status !== 0 && !isRetryable(status)) throw new PushError('rejected', status, text, attempt, target);
    if (attempt > retries) throw new PushError('failed', status, text, attempt, target);
    const delayMs = backoffDelay(attempt - 1, options, options.random);
    options.onRetry?.({
      attempt,
      delayMs,
      reason: status === 0 ? text : `HTTP ${status}${text === '' ? '' : `: ${text}`}`,
    });
    await sleep(delayMs, options.signal);
  }
}

/** Deletes the group `grouping` from the gateway at `url` ({@link pushTo} with `DELETE`). */
export function deleteFrom(
  url: string,
  grouping: readonly Label[] | Readonly<Record<string, string>>,
  options: Omit<PushOptions, 'method' | 'gzip'> = {},
): Promise<PushResult> {
  return pushTo(url, grouping, [], { ...options, method: 'DELETE' });
}
