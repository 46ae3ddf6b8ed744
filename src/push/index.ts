/**
 * The push client: `pushTo` / `deleteFrom` for Node programs, bounded
 * retries with backoff, and drift-free scheduling (`promkit push --every`).
 *
 * @module promkit/push
 */
export {
  pushTo,
  deleteFrom,
  pushUrl,
  toGrouping,
  PushError,
  type PushOptions,
  type PushResult,
  type PushMethod,
} from './push-to.js';
export { backoffDelay, realSleep, DEFAULT_BACKOFF, type BackoffOptions, type Sleep } from './retry.js';
export { runEvery, nextSlot, type EveryOptions } from './schedule.js';
