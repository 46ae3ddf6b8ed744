/**
 * Legacy metric and label name rules (`[a-zA-Z_:][a-zA-Z0-9_:]*` and
 * `[a-zA-Z_][a-zA-Z0-9_]*`), as char-code predicates for hot paths and as
 * whole-string checks.
 */

/** Classes of the ASCII chars in names, as bits (one table load beats a chain of range tests in the scanners' loops). */
const METRIC_START = 1;
const METRIC_CHAR = 2;
const LABEL_START = 4;
const LABEL_CHAR = 8;
const NAME_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  const digit = c >= 48 && c <= 57;
  NAME_CLASS[c] =
    (letter || c === 58 ? METRIC_START : 0) |
    (letter || digit || c === 58 ? METRIC_CHAR : 0) |
    (letter ? LABEL_START : 0) |
    (letter || digit ? LABEL_CHAR : 0);
}

// `c < 128` is false for NaN and undefined (a read past the end), which are no name char.

/** Whether char code `c` may start a metric name: `[a-zA-Z_:]`. */
export function isMetricNameStart(c: number): boolean {
  return c < 128 && (NAME_CLASS[c] & METRIC_START) !== 0;
}

/** Whether char code `c` may continue a metric name: `[a-zA-Z0-9_:]`. */
export function isMetricNameChar(c: number): boolean {
  return c < 128 && (NAME_CLASS[c] & METRIC_CHAR) !== 0;
}

/** Whether char code `c` may start a label name: `[a-zA-Z_]`. */
export function isLabelNameStart(c: number): boolean {
  return c < 128 && (NAME_CLASS[c] & LABEL_START) !== 0;
}

/** Whether char code `c` may continue a label name: `[a-zA-Z0-9_]`. */
export function isLabelNameChar(c: number): boolean {
  return c < 128 && (NAME_CLASS[c] & LABEL_CHAR) !== 0;
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
