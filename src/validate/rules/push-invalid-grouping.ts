import type { LintRule } from '../rule.js';

/** A push path the Pushgateway refuses before it reads the body. */
export const pushInvalidGrouping: LintRule = {
  id: 'PUSH_INVALID_GROUPING',
  severity: 'error',
  category: 'push',
  needsPush: true,
  description: 'the push path is refused by the Pushgateway (bad label name, odd segments, bad base64, empty job)',
  docs: `The grouping key comes from the URL path \`/metrics/job/<job>{/<label>/<value>}\`.
The Pushgateway refuses, before reading the body: label names that are not
\`[a-zA-Z_][a-zA-Z0-9_]*\` or start with \`__\` (\`400 improper label name "__x"\`),
an odd number of segments (\`400 odd number of components in label string
"/a/b/c"\`), bad \`@base64\` values, and an empty job. Paths with \`//\`, \`/./\`
or a trailing \`/\` after the job are redirected, and a client that does not
follow the redirect pushes nothing. The finding quotes the gateway's reply.`,
  check(ctx) {
    const push = ctx.push;
    if (!push || push.pathError === undefined) return;
    ctx.report({
      message: `the Pushgateway refuses the push path ${JSON.stringify(push.path ?? '')}: ${push.pathError}`,
    });
  },
};
