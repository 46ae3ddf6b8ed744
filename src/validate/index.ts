/**
 * The validation stage: lint rules (one per file in `rules/`), the rule
 * registry, `lint()` and promtool-compatible output.
 */
export type { LintRule, LintSeverity, RuleCategory, RuleContext, Finding, LintLimits, PushTarget } from './rule.js';
export { DEFAULT_LIMITS } from './rule.js';
export { BUILTIN_RULES, registerRule, unregisterRule, listRules, getRule } from './registry.js';
export {
  lint,
  selectRules,
  exitCodeOf,
  type LintOptions,
  type LintInputFormat,
  type RuleSetting,
  type ActiveRule,
} from './lint.js';
export { promtoolCheckMetrics, type PromtoolResult, type PromlintProblem } from './promtool.js';
export { parseLintConfig, mergeLintOptions, type LintConfig } from './config.js';
export { lineExcerpt } from './source.js';
export { rulesMarkdown } from './docs.js';
