import { ParseError } from '../errors/parse-error.js';
import type { Diagnostic, MetricFamily, SourcePos } from '../model/types.js';
import type { ParseOptions } from '../parse/options.js';
import { parseAll } from '../parse/parse.js';
import { inputFormatOf, type InputFormat } from '../parse/detect.js';
import { resolvePushTarget } from './push.js';
import { listRules } from './registry.js';
import {
  DEFAULT_LIMITS,
  type Finding,
  type LintLimits,
  type LintRule,
  type LintSeverity,
  type PushTarget,
  type RuleCategory,
  type RuleContext,
} from './rule.js';
import { SourceText } from './source.js';

/** How a configuration sets one rule: `off`/`false`, `true` (on at its default severity), or a severity (on). */
export type RuleSetting = 'off' | LintSeverity | boolean;

/** Options of {@link lint}. */
export interface LintOptions {
  /** Per-rule settings by id, applied first (a config file's `rules`). */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** Rule ids or categories (`promlint`, `structure`, `push`, `custom`) to turn on, after `rules`. */
  enable?: readonly string[];
  /** Rule ids or categories to turn off, last. */
  disable?: readonly string[];
  /** Limits of LABEL_LIMIT and LABEL_LENGTH. */
  limits?: Partial<LintLimits>;
  /**
   * Lint for a push: a push path (`/metrics/job/batch/instance/h1`), `true`
   * for a push whose path is unknown, or a resolved {@link PushTarget}.
   * Push rules run only when this is set.
   */
  push?: string | true | PushTarget;
  /** Parser limits; a limit stops the parse and becomes the last diagnostic. */
  parse?: Pick<ParseOptions, 'maxLineLength' | 'maxBodyBytes' | 'maxSeries' | 'maxLabelsPerSeries'>;
  /**
   * The format of text or byte input: `text` (default) is text format 0.0.4,
   * `openmetrics` is OpenMetrics 1.0 text, `auto` chooses by content
   * ({@link inputFormatOf}). Ignored for families.
   */
  inputFormat?: LintInputFormat;
}

/** The input formats {@link lint} reads (the one rule of the parse stage, {@link inputFormatOf}). */
export type LintInputFormat = InputFormat;

/** A rule selected for a run, with its effective severity. */
export interface ActiveRule {
  rule: LintRule;
  severity: LintSeverity;
}

const CATEGORIES: ReadonlySet<string> = new Set<RuleCategory>(['promlint', 'structure', 'push', 'custom']);

function checkIds(ids: Iterable<string>, known: ReadonlyMap<string, LintRule>, what: string): void {
  for (const id of ids) {
    if (!known.has(id) && !CATEGORIES.has(id)) throw new TypeError(`${what}: unknown rule ${JSON.stringify(id)}`);
  }
}

/**
 * The rules a run with `options` uses, in registry order, with their
 * severities: defaults, then `rules`, then `enable`, then `disable`; push
 * rules only with `push`. Throws a `TypeError` for an unknown rule id.
 */
export function selectRules(options: LintOptions = {}): ActiveRule[] {
  const all = listRules();
  const known = new Map(all.map((r) => [r.id, r]));
  const settings = options.rules ?? {};
  checkIds(Object.keys(settings), known, 'rules');
  const enable = new Set(options.enable ?? []);
  const disable = new Set(options.disable ?? []);
  checkIds(enable, known, 'enable');
  checkIds(disable, known, 'disable');
  const pushing = options.push !== undefined;
  const out: ActiveRule[] = [];
  for (const rule of all) {
    let on = rule.enabledByDefault !== false;
    let severity = rule.severity;
    const s = settings[rule.id];
    if (s === 'off' || s === false) on = false;
    else if (s === true) on = true;
    else if (s !== undefined) {
      on = true;
      severity = s;
    }
    if (enable.has(rule.id) || enable.has(rule.category)) on = true;
    if (disable.has(rule.id) || disable.has(rule.category)) on = false;
    if (rule.needsPush && !pushing) on = false;
    if (on) out.push({ rule, severity });
  }
  return out;
}

function comparePos(a: Diagnostic, b: Diagnostic): number {
  const x = a.pos ? a.pos.offset : -1;
  const y = b.pos ? b.pos.offset : -1;
  return x - y;
}

/** Resolves where a finding points. */
function findingPos(f: Finding, source: SourceText | undefined): SourcePos | undefined {
  if (f.pos) return f.pos;
  const family = f.family;
  const metric = f.metric;
  const mpos = metric?.pos;
  if (metric && mpos) {
    if (!source) return mpos;
    if (f.sample && family) {
      const s = f.sample;
      const boundLabel = s.suffix === '_bucket' ? 'le' : s.suffix === '' ? 'quantile' : undefined;
      return source.findSample(mpos, family.name + s.suffix, metric.labels, boundLabel, s.bound) ?? mpos;
    }
    if (f.label !== undefined) return source.labelPos(mpos, f.label) ?? mpos;
    if (f.value) return source.valuePos(mpos) ?? mpos;
    return mpos;
  }
  if (!family) return undefined;
  if (f.typeLine && source) {
    const t = source.typePos(family.name);
    if (t) return t;
  }
  for (const m of family.metrics) if (m.pos) return m.pos;
  return undefined;
}

/**
 * Runs `rules` over `families` and returns their findings in report order.
 * `source` (the input the families were parsed from, with positions) lets
 * findings point at labels, values and particular lines. Does not mutate its inputs.
 */
export function runRules(
  families: readonly MetricFamily[],
  rules: readonly ActiveRule[],
  options: { limits?: Partial<LintLimits>; push?: PushTarget; source?: SourceText } = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const limits: LintLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const source = options.source;
  for (const { rule, severity } of rules) {
    const ctx: RuleContext = {
      families,
      limits,
      push: options.push,
      report(f: Finding) {
        const d: Diagnostic = { code: rule.id, severity, message: f.message };
        if (f.family) d.family = f.family.name;
        const pos = findingPos(f, source);
        if (pos) d.pos = { line: pos.line, column: pos.column, offset: pos.offset };
        out.push(d);
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      throw new Error(`lint rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  return out;
}

/** A parse error as a diagnostic (code, `error`, the message after `line N: `, position). */
export function parseErrorDiagnostic(e: ParseError): Diagnostic {
  return { code: e.code, severity: 'error', message: e.msg, pos: e.pos };
}

/** The push target `options.push` asks for, or undefined. */
function pushTargetOf(options: LintOptions): PushTarget | undefined {
  const p = options.push;
  if (p === undefined) return undefined;
  if (p === true) return resolvePushTarget();
  if (typeof p === 'string') return resolvePushTarget(p);
  return p;
}

/**
 * Lints an exposition: every parse error (the parser resumes at the next
 * line) and every finding of the selected rules over the families that
 * parsed, sorted by position (findings without a position first), rules in
 * registry order within a position.
 *
 * `input` is text-format 0.0.4 (or OpenMetrics with `inputFormat`) as bytes
 * (positions in bytes, as files are best read) or a string (positions in
 * UTF-16 units), or families already
 * parsed (from protobuf, say), whose `Metric.pos` is used when present.
 * Throws a `TypeError` for unknown rule ids in the options. Does not mutate its inputs.
 */
export function lint(input: string | Uint8Array | readonly MetricFamily[], options: LintOptions = {}): Diagnostic[] {
  const rules = selectRules(options);
  const push = pushTargetOf(options);
  let families: readonly MetricFamily[];
  let source: SourceText | undefined;
  const out: Diagnostic[] = [];
  if (typeof input === 'string' || input instanceof Uint8Array) {
    source = new SourceText(input);
    try {
      const r = parseAll(input, {
        ...options.parse,
        positions: true,
        format: inputFormatOf(input, options.inputFormat),
      });
      families = r.families;
      for (const e of r.errors) out.push(parseErrorDiagnostic(e));
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      families = [];
      out.push(parseErrorDiagnostic(e));
    }
  } else {
    families = input as readonly MetricFamily[];
  }
  out.push(...runRules(families, rules, { limits: options.limits, push, source }));
  return out.sort(comparePos);
}

/**
 * The exit status promtool's convention gives these diagnostics: 1 when
 * any is an error, 3 when there are only warnings, 0 otherwise (`info` never fails).
 */
export function exitCodeOf(diagnostics: readonly Diagnostic[]): 0 | 1 | 3 {
  let code: 0 | 1 | 3 = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') return 1;
    if (d.severity === 'warning') code = 3;
  }
  return code;
}
