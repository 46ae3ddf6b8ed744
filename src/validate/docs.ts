import { PARSE_ERROR_CODES } from '../errors/codes.js';
import type { LintRule } from './rule.js';

const CATEGORY_TITLES: Record<string, string> = {
  promlint: 'promlint rules (what `promtool check metrics` reports)',
  structure: 'Structural rules',
  push: 'Push rules (with `--push`)',
  custom: 'Custom rules',
};

/**
 * The rules reference as Markdown: a summary table, then one section per
 * rule (id, severity, category, description, docs), in the order given,
 * then the parse error codes.
 * `docs/rules.md` is this text for the built-in rules.
 */
export function rulesMarkdown(rules: readonly LintRule[]): string {
  const out: string[] = [
    '# Lint rules',
    '',
    '<!-- Generated from src/validate/rules/*.ts by `promkit lint --list-rules=markdown`; do not edit. -->',
    '',
    'Every finding of `promkit lint` has one of these codes (or a parse error code, see',
    '`src/errors/codes.ts`). Severities: `error` fails the run (exit 1), `warning` gives exit 3',
    'when there is no error, `info` never fails. Turn rules on and off with `--enable`/`--disable`',
    '(ids or the categories `promlint`, `structure`, `push`, `custom`) or a config file (`--config`).',
    '',
    '| code | severity | category | finds |',
    '|---|---|---|---|',
  ];
  for (const r of rules)
    out.push(
      `| [${r.id}](#${r.id.toLowerCase()}) | ${r.severity} | ${r.category} | ${r.description.replace(/\|/g, '\\|')} |`,
    );
  let category = '';
  for (const r of rules) {
    if (r.category !== category) {
      category = r.category;
      out.push('', `## ${CATEGORY_TITLES[category] ?? category}`);
    }
    const sentence = r.description.charAt(0).toUpperCase() + r.description.slice(1);
    out.push(
      '',
      `### ${r.id}`,
      '',
      `*${r.severity}*${r.needsPush ? ', only with `--push`' : ''}${r.enabledByDefault === false ? ', off by default' : ''}. ${sentence}.`,
      '',
      r.docs,
    );
  }
  out.push(
    '',
    '## Parse errors',
    '',
    'Lines the reference parser rejects are findings too (severity `error`); linting resumes at the',
    "next line. Their message is the reference parser's.",
    '',
    '| code | meaning |',
    '|---|---|',
  );
  for (const [code, summary] of Object.entries(PARSE_ERROR_CODES)) {
    if (code.startsWith('OM_')) continue; // OpenMetrics input is not linted
    out.push(`| ${code} | ${summary.replace(/\|/g, '\\|')} |`);
  }
  return out.join('\n') + '\n';
}
