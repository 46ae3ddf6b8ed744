import type { MetricFamily, WriteRequest } from '../../../src/model/types.js';
import { parseGroupingPath } from '../../../src/merge/index.js';
import { parse } from '../../../src/parse/index.js';
import type { MetricStore, SubmitResult } from '../../../src/store/index.js';

/** A fixed receive time (ms) and the seconds value it gives push_time_seconds. */
export const T0 = 1_795_543_401_031;

/** Builds a write request from a push path and a text body. */
export function request(
  path: string,
  body: string | MetricFamily[] | undefined,
  mode: WriteRequest['mode'],
  receivedAt = T0,
): WriteRequest {
  const families = typeof body === 'string' ? parse(body) : body;
  return { grouping: parseGroupingPath(path), mode, families, receivedAt };
}

/** PUT: replace the group. */
export function put(store: MetricStore, path: string, body: string | MetricFamily[], at = T0): Promise<SubmitResult> {
  return store.submit(request(path, body, 'replace', at));
}

/** POST: replace the pushed families of the group. */
export function post(store: MetricStore, path: string, body: string | MetricFamily[], at = T0): Promise<SubmitResult> {
  return store.submit(request(path, body, 'merge', at));
}

/** DELETE: remove the group. */
export function del(store: MetricStore, path: string, at = T0): Promise<SubmitResult> {
  return store.submit(request(path, undefined, 'delete', at));
}

/** The exposition lines that are not bookkeeping (push_time_seconds / push_failure_time_seconds). */
export function pushedLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !/push_(failure_)?time_seconds/.test(l));
}
