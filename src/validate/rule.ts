import type { Diagnostic, Label, Metric, MetricFamily, SourcePos } from '../model/types.js';

/** How bad a finding is. `error` fails a lint run (exit 1), `warning` gives exit 3, `info` never fails. */
export type LintSeverity = Diagnostic['severity'];

/**
 * Where a rule comes from: `promlint` rules reproduce client_golang's promlint
 * (what `promtool check metrics` prints), `structure` rules check the data
 * itself, `push` rules predict what a Pushgateway does with the payload,
 * `custom` rules are added through {@link LintRule} by users.
 */
export type RuleCategory = 'promlint' | 'structure' | 'push' | 'custom';

/** Limits of the configurable rules. */
export interface LintLimits {
  /** Most labels on one series, `le`/`quantile` included (default 30, as Mimir's `max_label_names_per_series`). */
  maxLabels: number;
  /** Longest label name in UTF-8 bytes (default 1024, as Mimir's `max_label_name_length`). */
  maxLabelNameLength: number;
  /** Longest label value in UTF-8 bytes (default 2048, as Mimir's `max_label_value_length`). */
  maxLabelValueLength: number;
}

/** The default {@link LintLimits}. Frozen. */
export const DEFAULT_LIMITS: Readonly<LintLimits> = Object.freeze({
  maxLabels: 30,
  maxLabelNameLength: 1024,
  maxLabelValueLength: 2048,
});

/** The grouping key a payload is pushed under, for the push rules. */
export interface PushTarget {
  /** The URL path as given (`/metrics/job/<job>/…`), when there is one; used in messages. */
  path?: string;
  /** The grouping labels, `job` included, in URL order; empty when the path is invalid. */
  grouping: Label[];
  /** The gateway's reply when the path itself is refused (`improper label name "__x"`), else undefined. */
  pathError?: string;
}

/** A finding as a rule reports it; the linter adds code and severity and resolves the position. */
export interface Finding {
  /** Lower-case message; promlint rules use promlint's exact problem text. */
  message: string;
  /** The family concerned: defaults the position to its first metric and fills `Diagnostic.family`. */
  family?: MetricFamily;
  /** The metric concerned: the position becomes its first line. */
  metric?: Metric;
  /** Point at this label name on the metric's line. */
  label?: string;
  /** Point at the sample value on the metric's line. */
  value?: boolean;
  /** Point at the `# TYPE` line of the family, when there is one. */
  typeLine?: boolean;
  /**
   * Point at a particular sample line of a histogram or summary metric: the
   * sample name suffix (`_bucket`, `_sum`, `_count`, or `''` for a quantile
   * line) and, for buckets and quantiles, the `le`/`quantile` value.
   */
  sample?: { suffix: '_bucket' | '_sum' | '_count' | ''; bound?: number };
  /** An explicit position; wins over everything above. */
  pos?: SourcePos;
}

/** What a rule sees while it runs. Valid only during {@link LintRule.check}. */
export interface RuleContext {
  /** The parsed families, in input order. Must not be mutated. */
  readonly families: readonly MetricFamily[];
  /** The configured limits. */
  readonly limits: Readonly<LintLimits>;
  /** The push target when linting for a push (`--push`), else undefined. */
  readonly push: PushTarget | undefined;
  /** Records one finding of the running rule. */
  report(finding: Finding): void;
}

/**
 * A lint rule: data about the rule plus its check. Rules live one per file in
 * `src/validate/rules/`; users add theirs with `registerRule()`.
 */
export interface LintRule {
  /** Stable upper-case code (`HISTOGRAM_NOT_CUMULATIVE`); it is `Diagnostic.code`. */
  readonly id: string;
  /** Default severity; configuration may change it. */
  readonly severity: LintSeverity;
  readonly category: RuleCategory;
  /** One line: what the rule finds. */
  readonly description: string;
  /** Markdown: why it matters, what to do, an example. Rendered into docs/rules.md. */
  readonly docs: string;
  /** False for rules that run only when enabled explicitly (default true). */
  readonly enabledByDefault?: boolean;
  /** Runs only when a push target is given (`--push`). */
  readonly needsPush?: boolean;
  /** Finds problems in `ctx.families` and reports them with `ctx.report`. Must not mutate the families. */
  check(ctx: RuleContext): void;
}
