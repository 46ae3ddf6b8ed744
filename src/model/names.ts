/**
 * Legacy metric and label name rules (`[a-zA-Z_:][a-zA-Z0-9_:]*` and
 * `[a-zA-Z_][a-zA-Z0-9_]*`), as char-code predicates for hot paths and as
 * whole-string checks.
 */

/** Whether char code `c` may start a metric name: `[a-zA-Z_:]`. */
export function isMetricNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
}

/** Whether char code `c` may continue a metric name: `[a-zA-Z0-9_:]`. */
export function isMetricNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58;
}

/** Whether char code `c` may start a label name: `[a-zA-Z_]`. */
export function isLabelNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** Whether char code `c` may continue a label name: `[a-zA-Z0-9_]`. */
export function isLabelNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Whether `name` is a valid legacy metric name. */
export function isValidMetricName(name: string): boolean {
  if (name.length === 0 || !isMetricNameStart(name.charCodeAt(0))) return false;
  for (let i = 1; i < name.length; i++) if (!isMetricNameChar(name.charCodeAt(i))) return false;
  return true;
}

/** Whether `name` is a valid legacy label name (reserved `__` names included). */
export function isValidLabelName(name: string): boolean {
  if (name.length === 0 || !isLabelNameStart(name.charCodeAt(0))) return false;
  for (let i = 1; i < name.length; i++) if (!isLabelNameChar(name.charCodeAt(i))) return false;
  return true;
}

/** The label that carries the metric name in Prometheus; reserved in label sets. */
export const METRIC_NAME_LABEL = '__name__';
