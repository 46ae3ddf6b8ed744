import { describe, expect, test } from 'vitest';
import type { MetricFamily } from '../../../src/model/types.js';
import { createStore, type MetricStore, type OwnFamily, type StoreState } from '../../../src/store/index.js';
import { post, pushedLines, put } from './helpers.js';

const PREFIX = 'pushed metrics are invalid or inconsistent with existing metrics: ';

interface Step {
  mode?: 'replace' | 'merge';
  path: string;
  body: string | MetricFamily[];
}

interface RuleCase {
  name: string;
  own?: OwnFamily[];
  before?: Step[];
  push: Step;
  /** The full response text, or `undefined` when the push is accepted. */
  message?: string;
  /** A prefix of the response text, when the exact text is not pinned here. */
  prefix?: string;
}

async function run(s: MetricStore, step: Step) {
  return step.mode === 'merge' ? post(s, step.path, step.body) : put(s, step.path, step.body);
}

const summary = (name: string) => `# TYPE ${name} summary\n${name}{quantile="0.5"} 1\n${name}_sum 1\n${name}_count 1\n`;
const histogram = (name: string) =>
  `# TYPE ${name} histogram\n${name}_bucket{le="1"} 1\n${name}_bucket{le="+Inf"} 1\n${name}_sum 1\n${name}_count 1\n`;

// Messages as Pushgateway 1.5.1 answers them (docs/pushgateway-compat.md, "Consistency");
// where 1.5.1 may blame either side, the store always blames the push.
const CASES: RuleCase[] = [
  {
    name: 'timestamps are refused',
    push: { path: '/metrics/job/s02', body: 'a 1 -5\n' },
    message: PREFIX + 'pushed metrics must not have timestamps',
  },
  {
    name: 'timestamps are refused before anything else',
    push: { path: '/metrics/job/s02', body: 'a{__x="1"} 1\nb 1 5\n' },
    message: PREFIX + 'pushed metrics must not have timestamps',
  },
  {
    name: 'type clash with another group',
    before: [{ path: '/metrics/job/ta', body: '# TYPE tt gauge\ntt 1\n' }],
    push: { path: '/metrics/job/tb', body: '# TYPE tt counter\ntt 1\n' },
    message:
      PREFIX +
      'collected metric "tt" { label:<name:"instance" value:"" > label:<name:"job" value:"tb" > counter:<value:1 > } is not a GAUGE',
  },
  {
    name: 'type clash: every pushed metric is reported',
    before: [{ path: '/metrics/job/ta', body: '# TYPE tt gauge\ntt 1\n' }],
    push: { path: '/metrics/job/tb', body: '# TYPE tt counter\ntt{a="1"} 1\ntt{a="2"} 2\n' },
    message:
      PREFIX +
      '2 error(s) occurred:\n' +
      '* collected metric "tt" { label:<name:"a" value:"1" > label:<name:"instance" value:"" > label:<name:"job" value:"tb" > counter:<value:1 > } is not a GAUGE\n' +
      '* collected metric "tt" { label:<name:"a" value:"2" > label:<name:"instance" value:"" > label:<name:"job" value:"tb" > counter:<value:2 > } is not a GAUGE',
  },
  {
    name: 'type clash with an own family',
    own: [{ name: 'go_threads', type: 'gauge', help: 'Number of OS threads created.' }],
    push: { path: '/metrics/job/s04', body: '# TYPE go_threads counter\ngo_threads 1\n' },
    message: PREFIX + 'gathered metric family go_threads has type COUNTER but should have GAUGE',
  },
  {
    name: 'untyped push of an own gauge',
    own: [{ name: 'pushgateway_build_info', type: 'gauge', help: 'build info' }],
    push: { path: '/metrics/job/s04', body: 'pushgateway_build_info 1\n' },
    message: PREFIX + 'gathered metric family pushgateway_build_info has type UNTYPED but should have GAUGE',
  },
  {
    name: 'own family with the right type is accepted',
    own: [{ name: 'go_goroutines', type: 'gauge', help: 'Number of goroutines that currently exist.' }],
    push: {
      path: '/metrics/job/s04',
      body: '# HELP go_goroutines Mine.\n# TYPE go_goroutines gauge\ngo_goroutines 1\n',
    },
  },
  {
    name: 'duplicate series after grouping, within the push',
    push: { path: '/metrics/job/s10/foo/url', body: 's10{foo="a"} 1\ns10{foo="b"} 2\n' },
    message:
      PREFIX +
      'collected metric "s10" { label:<name:"foo" value:"url" > label:<name:"instance" value:"" > label:<name:"job" value:"s10" > untyped:<value:2 > } was collected before with the same name and label values',
  },
  {
    name: 'duplicate series across groups',
    before: [{ path: '/metrics/job/s11/instance/x', body: 's11 7\n' }],
    push: { path: '/metrics/job/s11', body: 's11{instance="x"} 7\n' },
    message:
      PREFIX +
      'collected metric "s11" { label:<name:"instance" value:"x" > label:<name:"job" value:"s11" > untyped:<value:7 > } was collected before with the same name and label values',
  },
  {
    name: "replacing one's own series is no duplicate",
    before: [{ path: '/metrics/job/s11/instance/x', body: 's11 7\n' }],
    push: { path: '/metrics/job/s11/instance/x', body: 's11 8\n' },
  },
  {
    name: 'same name with other label names in another group is fine',
    before: [{ path: '/metrics/job/s31', body: 's31{a="1"} 1\n' }],
    push: { path: '/metrics/job/s31b', body: 's31{b="1"} 1\n' },
  },
  {
    name: 'different HELP in another group is tolerated',
    before: [{ path: '/metrics/job/h1', body: '# HELP hh Help one.\nhh 1\n' }],
    push: { path: '/metrics/job/h2', body: '# HELP hh Help two.\nhh 2\n' },
  },
  {
    name: '_count next to a stored summary',
    before: [{ path: '/metrics/job/a', body: summary('s30') }],
    push: { path: '/metrics/job/b', body: 's30_count 1\n' },
    message: PREFIX + 'collected metric named "s30_count" collides with previously collected summary named "s30"',
  },
  {
    name: 'summary next to a stored _count',
    before: [{ path: '/metrics/job/b', body: 's30_count 1\n' }],
    push: { path: '/metrics/job/a', body: summary('s30') },
    message:
      PREFIX + 'collected histogram or summary named "s30" collides with previously collected metric named "s30_count"',
  },
  {
    name: 'summary next to a stored _sum',
    before: [{ path: '/metrics/job/b', body: 's30_sum 1\n' }],
    push: { path: '/metrics/job/a', body: summary('s30') },
    message:
      PREFIX + 'collected histogram or summary named "s30" collides with previously collected metric named "s30_sum"',
  },
  {
    name: '_bucket next to a stored summary is fine',
    before: [{ path: '/metrics/job/a', body: summary('s30') }],
    push: { path: '/metrics/job/b', body: 's30_bucket 1\n' },
  },
  {
    name: '_bucket next to a stored histogram',
    before: [{ path: '/metrics/job/a', body: histogram('h') }],
    push: { path: '/metrics/job/b', body: 'h_bucket 1\n' },
    message: PREFIX + 'collected metric named "h_bucket" collides with previously collected histogram named "h"',
  },
  {
    name: 'histogram next to a stored _bucket',
    before: [{ path: '/metrics/job/b', body: 'h_bucket 1\n' }],
    push: { path: '/metrics/job/a', body: histogram('h') },
    message: PREFIX + 'collected histogram named "h" collides with previously collected metric named "h_bucket"',
  },
  {
    name: 'summary next to an own _count',
    own: [{ name: 'x_count', type: 'counter', help: 'h' }],
    push: { path: '/metrics/job/a', body: summary('x') },
    message:
      PREFIX + 'collected histogram or summary named "x" collides with previously collected metric named "x_count"',
  },
  {
    name: "PUT drops the group's own _count, so its summary is fine",
    before: [{ path: '/metrics/job/a', body: 'x_count 1\n' }],
    push: { path: '/metrics/job/a', body: summary('x') },
  },
  {
    name: "POST keeps the group's own _count, so its summary collides",
    before: [{ path: '/metrics/job/a', body: 'x_count 1\n' }],
    push: { mode: 'merge', path: '/metrics/job/a', body: summary('x') },
    message:
      PREFIX + 'collected histogram or summary named "x" collides with previously collected metric named "x_count"',
  },
  {
    name: 'reserved label name in the body',
    push: { path: '/metrics/job/j', body: 'a{__b="x"} 1\n' },
    message:
      PREFIX +
      'collected metric "a" { label:<name:"__b" value:"x" > label:<name:"instance" value:"" > label:<name:"job" value:"j" > untyped:<value:1 > } has a label with an invalid name: __b',
  },
  {
    name: 'grouping label quantile on a summary',
    push: { path: '/metrics/job/j/quantile/7', body: '# TYPE s summary\ns_count 1\n' },
    message:
      PREFIX +
      'collected metric "s" { label:<name:"instance" value:"" > label:<name:"job" value:"j" > label:<name:"quantile" value:"7" > summary:<sample_count:1 > } must not have an explicit "quantile" label',
  },
  {
    name: 'grouping label le on a histogram (refused here; 1.5.1 writes le twice)',
    push: { path: '/metrics/job/j/le/7', body: '# TYPE h histogram\nh_count 1\n' },
    message:
      PREFIX +
      'collected metric "h" { label:<name:"instance" value:"" > label:<name:"job" value:"j" > label:<name:"le" value:"7" > histogram:<sample_count:1 > } must not have an explicit "le" label',
  },
  {
    name: 'a name the text format cannot carry (refused here; 1.5.1 exports it verbatim)',
    push: {
      path: '/metrics/job/s36',
      body: [{ name: 's36-bad-name', type: 'gauge', metrics: [{ labels: [], value: 1 }] }],
    },
    message: PREFIX + 'collected metric family "s36-bad-name" has an invalid metric name',
  },
  {
    name: 'an empty name (refused here; 1.5.1 then serves an empty body)',
    push: { path: '/metrics/job/s36', body: [{ name: '', type: 'gauge', metrics: [{ labels: [], value: 1 }] }] },
    message: PREFIX + 'collected metric family "" has an invalid metric name',
  },
  {
    name: 'a gauge histogram (refused here; 1.5.1 cuts its exposition off)',
    push: {
      path: '/metrics/job/a37',
      body: [{ name: 'a37_gh', type: 'gauge_histogram', metrics: [{ labels: [], histogram: { buckets: [] } }] }],
    },
    message: PREFIX + 'collected metric family "a37_gh" has type GAUGE_HISTOGRAM, which the text format cannot express',
  },
  {
    name: 'a value field that does not match the type',
    push: {
      path: '/metrics/job/s36',
      body: [{ name: 's36_wv', type: 'summary', metrics: [{ labels: [], value: 1 }] }],
    },
    message:
      PREFIX +
      'collected metric "s36_wv" { label:<name:"instance" value:"" > label:<name:"job" value:"s36" > untyped:<value:1 > } is not a SUMMARY',
  },
  {
    name: "a new group whose bookkeeping series duplicate another group's",
    before: [{ path: '/metrics/job/s52', body: 'a 1\n' }],
    push: { path: '/metrics/job/s52/instance@base64/=', body: 'b 1\n' },
    message:
      PREFIX +
      '2 error(s) occurred:\n' +
      '* collected metric "push_failure_time_seconds" { label:<name:"instance" value:"" > label:<name:"job" value:"s52" > gauge:<value:0 > } was collected before with the same name and label values\n' +
      '* collected metric "push_time_seconds" { label:<name:"instance" value:"" > label:<name:"job" value:"s52" > gauge:<value:1.795543401031e+09 > } was collected before with the same name and label values',
  },
  {
    name: 'errors of several families come in name order',
    push: { path: '/metrics/job/j', body: 'b{__x="1"} 1\na{__y="1"} 1\n' },
    message:
      PREFIX +
      '2 error(s) occurred:\n' +
      '* collected metric "a" { label:<name:"__y" value:"1" > label:<name:"instance" value:"" > label:<name:"job" value:"j" > untyped:<value:1 > } has a label with an invalid name: __y\n' +
      '* collected metric "b" { label:<name:"__x" value:"1" > label:<name:"instance" value:"" > label:<name:"job" value:"j" > untyped:<value:1 > } has a label with an invalid name: __x',
  },
];

describe('consistency rules of a checked store', () => {
  test.each(CASES)('$name', async (c) => {
    const s = createStore({ ownFamilies: c.own });
    for (const step of c.before ?? []) expect(await run(s, step)).toMatchObject({ ok: true });
    const before = s.exportState();
    const textBefore = s.snapshot().text();
    const r = await run(s, c.push);
    if (c.message === undefined) {
      expect(r).toMatchObject({ ok: true });
      return;
    }
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe(c.message);
    expect(r.reason).toBe(c.message.endsWith('must not have timestamps') ? 'timestamps' : 'inconsistent');
    // Nothing but the target group's failure time changed (the group may have been created).
    const after = s.exportState();
    const noFailure = (st: StoreState) =>
      st.groups.map((g) => ({ ...g, families: g.families.filter((f) => f.name !== 'push_failure_time_seconds') }));
    expect(noFailure(after).slice(0, before.groups.length)).toEqual(noFailure(before));
    expect([0, 1]).toContain(after.groups.length - before.groups.length);
    const failureTimes = (st: StoreState) =>
      st.groups
        .slice(0, before.groups.length)
        .map((g) => g.families.find((f) => f.name === 'push_failure_time_seconds')!.metrics[0].value);
    const changed = failureTimes(after).filter((v, i) => v !== failureTimes(before)[i]);
    expect(changed.length + after.groups.length - before.groups.length).toBe(r.failureRecorded ? 1 : 0);
    expect(pushedLines(s.snapshot().text())).toEqual(pushedLines(textBefore));
  });
});

describe('failure recording', () => {
  test('a refused push whose new group would clash records nothing', async () => {
    const s = createStore();
    await put(s, '/metrics/job/s52', 'a 1\n');
    const v = s.snapshot().version;
    const r = await put(s, '/metrics/job/s52/instance@base64/=', 'b 1\n');
    expect(r).toMatchObject({ ok: false, failureRecorded: false });
    expect(s.snapshot().version).toBe(v);
    expect(s.snapshot().groups.size).toBe(1);
  });

  test('own HELP replaces a pushed HELP in the exposition', async () => {
    const s = createStore({
      ownFamilies: [{ name: 'go_goroutines', type: 'gauge', help: 'Number of goroutines that currently exist.' }],
    });
    await put(s, '/metrics/job/s04', '# HELP go_goroutines Mine.\n# TYPE go_goroutines gauge\ngo_goroutines 1\n');
    expect(s.snapshot().text()).toContain(
      '# HELP go_goroutines Number of goroutines that currently exist.\n# TYPE go_goroutines gauge\ngo_goroutines{instance="",job="s04"} 1\n',
    );
  });
});
