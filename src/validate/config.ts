import type { LintOptions, RuleSetting } from './lint.js';
import type { LintLimits } from './rule.js';

/**
 * The lint configuration file (JSON):
 *
 * ```json
 * {
 *   "rules": { "MISSING_HELP": "off", "EMPTY_LABEL_VALUE": "error", "LABEL_LIMIT": true },
 *   "enable": ["push"],
 *   "disable": ["promlint"],
 *   "limits": { "maxLabels": 20, "maxLabelNameLength": 128, "maxLabelValueLength": 512 },
 *   "push": "/metrics/job/batch"
 * }
 * ```
 *
 * Every key is optional; rule ids are checked when the options are used.
 */
export interface LintConfig {
  rules?: Record<string, RuleSetting>;
  enable?: string[];
  disable?: string[];
  limits?: Partial<LintLimits>;
  push?: string | true;
}

const SETTINGS = new Set<unknown>(['off', 'error', 'warning', 'info', true, false]);
const LIMIT_KEYS: ReadonlyArray<keyof LintLimits> = ['maxLabels', 'maxLabelNameLength', 'maxLabelValueLength'];

function fail(msg: string): never {
  throw new TypeError(`lint config: ${msg}`);
}

function stringList(v: unknown, key: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(`"${key}" must be an array of strings`);
  return v.slice() as string[];
}

/**
 * Validates a parsed configuration object and returns it as {@link LintOptions}
 * (a new object). Throws a `TypeError` naming the first bad key: unknown keys,
 * wrong types, settings other than `off`/`error`/`warning`/`info`/`true`/`false`,
 * limits that are not positive integers.
 */
export function parseLintConfig(value: unknown): LintOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('must be a JSON object');
  const out: LintOptions = {};
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case 'rules': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('"rules" must be an object');
        const rules: Record<string, RuleSetting> = {};
        for (const [id, s] of Object.entries(v)) {
          if (!SETTINGS.has(s)) fail(`rule ${id}: setting must be "off", "error", "warning", "info", true or false`);
          rules[id] = s as RuleSetting;
        }
        out.rules = rules;
        break;
      }
      case 'enable':
        out.enable = stringList(v, key);
        break;
      case 'disable':
        out.disable = stringList(v, key);
        break;
      case 'limits': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('"limits" must be an object');
        const limits: Partial<LintLimits> = {};
        for (const [k, n] of Object.entries(v)) {
          if (!LIMIT_KEYS.includes(k as keyof LintLimits))
            fail(`unknown limit "${k}" (known: ${LIMIT_KEYS.join(', ')})`);
          if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) fail(`limit "${k}" must be a positive integer`);
          limits[k as keyof LintLimits] = n;
        }
        out.limits = limits;
        break;
      }
      case 'push':
        if (v !== true && typeof v !== 'string') fail('"push" must be a push path or true');
        out.push = v as string | true;
        break;
      default:
        fail(`unknown key "${key}" (known: rules, enable, disable, limits, push)`);
    }
  }
  return out;
}

/**
 * Combines a configuration with command-line options: `rules` and `limits`
 * merge key by key (the command line wins); an id the command line enables
 * leaves the configuration's `disable` list and vice versa; `push` is
 * replaced when the command line sets it. Returns a new object.
 */
export function mergeLintOptions(base: LintOptions, over: LintOptions): LintOptions {
  const out: LintOptions = { ...base, ...over };
  if (base.rules || over.rules) out.rules = { ...base.rules, ...over.rules };
  if (base.limits || over.limits) out.limits = { ...base.limits, ...over.limits };
  const overEnable = new Set(over.enable ?? []);
  const overDisable = new Set(over.disable ?? []);
  if (base.enable || over.enable)
    out.enable = [...(base.enable ?? []).filter((id) => !overDisable.has(id)), ...overEnable];
  if (base.disable || over.disable)
    out.disable = [...(base.disable ?? []).filter((id) => !overEnable.has(id)), ...overDisable];
  if (over.push === undefined && base.push !== undefined) out.push = base.push;
  return out;
}
