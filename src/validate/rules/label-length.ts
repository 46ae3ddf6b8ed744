import type { LintRule } from '../rule.js';

/** UTF-8 length of `s` in bytes. */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // a surrogate pair: 4 bytes for 2 units
      i++;
    } else n += 2;
  }
  return n;
}

/** Label names or values longer than the configured limits. */
export const labelLength: LintRule = {
  id: 'LABEL_LENGTH',
  severity: 'warning',
  category: 'structure',
  description:
    'a label name or value is longer than the limit (maxLabelNameLength 1024, maxLabelValueLength 2048 bytes)',
  docs: `Very long label values are usually payloads (URLs with query strings, error
messages, stack traces) that should not be labels at all. Ingesters cut them
off or reject them (Prometheus \`label_value_length_limit\` and
\`label_name_length_limit\`; Mimir's defaults are 2048 and 1024 bytes). Lengths
are UTF-8 bytes. Set the limits with \`--max-label-value-length N\`,
\`--max-label-name-length N\` or \`"limits"\` in the config file.`,
  check(ctx) {
    const maxName = ctx.limits.maxLabelNameLength;
    const maxValue = ctx.limits.maxLabelValueLength;
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        for (const l of metric.labels) {
          if (l.name.length > maxName) {
            const shown = l.name.length > 40 ? `${l.name.slice(0, 40)}…` : l.name;
            ctx.report({
              family,
              metric,
              label: l.name,
              message: `label name "${shown}" is ${l.name.length} bytes long, more than the limit of ${maxName}`,
            });
          }
          if (l.value.length * 3 > maxValue) {
            const bytes = utf8Length(l.value);
            if (bytes > maxValue) {
              ctx.report({
                family,
                metric,
                label: l.name,
                message: `value of label "${l.name}" is ${bytes} bytes long, more than the limit of ${maxValue}`,
              });
            }
          }
        }
      }
    }
  },
};
