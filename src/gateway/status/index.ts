/**
 * The gateway's HTML status page: rendering and the per-group memory of
 * failed pushes it shows.
 */
export { renderStatusPage } from './page.js';
export { LastFailures, type PushFailure } from './failures.js';
