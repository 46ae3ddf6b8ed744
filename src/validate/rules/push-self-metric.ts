import { suffixCollision, typeMismatchMessage } from '../../merge/conflict.js';
import type { MetricType } from '../../model/types.js';
import { rejects } from '../push.js';
import type { LintRule } from '../rule.js';

/** The families a Pushgateway 1.5.1 exports about itself, with their types. */
export const GATEWAY_SELF_METRICS: ReadonlyMap<string, MetricType> = new Map<string, MetricType>([
  ['go_gc_duration_seconds', 'summary'],
  ['go_goroutines', 'gauge'],
  ['go_info', 'gauge'],
  ['go_memstats_alloc_bytes', 'gauge'],
  ['go_memstats_alloc_bytes_total', 'counter'],
  ['go_memstats_buck_hash_sys_bytes', 'gauge'],
  ['go_memstats_frees_total', 'counter'],
  ['go_memstats_gc_sys_bytes', 'gauge'],
  ['go_memstats_heap_alloc_bytes', 'gauge'],
  ['go_memstats_heap_idle_bytes', 'gauge'],
  ['go_memstats_heap_inuse_bytes', 'gauge'],
  ['go_memstats_heap_objects', 'gauge'],
  ['go_memstats_heap_released_bytes', 'gauge'],
  ['go_memstats_heap_sys_bytes', 'gauge'],
  ['go_memstats_last_gc_time_seconds', 'gauge'],
  ['go_memstats_lookups_total', 'counter'],
  ['go_memstats_mallocs_total', 'counter'],
  ['go_memstats_mcache_inuse_bytes', 'gauge'],
  ['go_memstats_mcache_sys_bytes', 'gauge'],
  ['go_memstats_mspan_inuse_bytes', 'gauge'],
  ['go_memstats_mspan_sys_bytes', 'gauge'],
  ['go_memstats_next_gc_bytes', 'gauge'],
  ['go_memstats_other_sys_bytes', 'gauge'],
  ['go_memstats_stack_inuse_bytes', 'gauge'],
  ['go_memstats_stack_sys_bytes', 'gauge'],
  ['go_memstats_sys_bytes', 'gauge'],
  ['go_threads', 'gauge'],
  ['process_cpu_seconds_total', 'counter'],
  ['process_max_fds', 'gauge'],
  ['process_open_fds', 'gauge'],
  ['process_resident_memory_bytes', 'gauge'],
  ['process_start_time_seconds', 'gauge'],
  ['process_virtual_memory_bytes', 'gauge'],
  ['process_virtual_memory_max_bytes', 'gauge'],
  ['pushgateway_build_info', 'gauge'],
  ['pushgateway_http_push_duration_seconds', 'summary'],
  ['pushgateway_http_push_size_bytes', 'summary'],
  ['pushgateway_http_requests_total', 'counter'],
]);

/** Pushed families that clash with the gateway's own metrics. */
export const pushSelfMetric: LintRule = {
  id: 'PUSH_SELF_METRIC',
  severity: 'error',
  category: 'push',
  needsPush: true,
  description: "a pushed family clashes with one of the Pushgateway's own metrics (go_*, process_*, pushgateway_*)",
  docs: `The Pushgateway exports its own \`go_*\`, \`process_*\` and \`pushgateway_*\`
metrics next to the pushed ones, and gathers them first. A pushed family with
one of those names and another type is rejected
(\`gathered metric family go_threads has type COUNTER but should have GAUGE\`),
and so is one named like a series of its summaries
(\`go_gc_duration_seconds_count\`). Rename the family, or push from a process
that does not export its runtime metrics under the same names.`,
  check(ctx) {
    if (!ctx.push || ctx.push.pathError) return;
    for (const family of ctx.families) {
      const own = GATEWAY_SELF_METRICS.get(family.name);
      let message: string | undefined;
      if (own !== undefined) {
        if (own !== family.type) message = typeMismatchMessage(family.name, family.type, own);
      } else if (
        family.name.startsWith('go_') ||
        family.name.startsWith('process_') ||
        family.name.startsWith('pushgateway_')
      ) {
        message = suffixCollision(family.name, family.type, (n) => GATEWAY_SELF_METRICS.get(n));
      }
      if (message === undefined) continue;
      ctx.report({
        family,
        typeLine: true,
        message: `${family.name} clashes with the Pushgateway's own metrics; ${rejects(message)}`,
      });
    }
  },
};
