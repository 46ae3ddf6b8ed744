/**
 * The merge stage: grouping keys (push paths ⇄ label sets), applying a
 * grouping to pushed families, and the client_golang consistency rules and
 * merge order the Pushgateway relies on.
 *
 * @module promkit/merge
 */
export {
  parsePushPath,
  parseGroupingPath,
  groupingPath,
  groupKey,
  GroupingPathError,
  type PushPathResult,
  type GroupingErrorCode,
} from './grouping-key.js';
export { decodeBase64Url, encodeBase64Url, type Base64Decoded } from './base64url.js';
export { applyGrouping } from './apply-grouping.js';
export { metricProblem } from './conflict.js';
export { gatherFamilies, compareMetrics, type GatherResult } from './merge.js';
