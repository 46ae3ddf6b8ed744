import { describe, expect, test } from 'vitest';
import type { MetricFamily } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';
import { serializeText } from '../../../src/serialize/index.js';
import { createStore } from '../../../src/store/index.js';
import { del, post, pushedLines, put } from './helpers.js';

describe('exposition order (docs/pushgateway-compat.md, "Exposition")', () => {
  test('series: label count, then values position by position (as observed on 1.5.1)', async () => {
    const s = createStore();
    await put(s, '/metrics/job/s32_z', 's32_b{k="z"} 1\n');
    await put(s, '/metrics/job/s32_a/instance/i9', 's32_b{k="a"} 2\n');
    await put(s, '/metrics/job/s32_m', 's32_b{k="m",extra="e"} 3\ns32_b{k="b"} 4\ns32_b{zz="top"} 5\n');
    // The transcript of scenario 32, as 1.5.1 printed it.
    expect(pushedLines(s.snapshot().text())).toEqual([
      '# TYPE s32_b untyped',
      's32_b{instance="",job="s32_m",k="b"} 4',
      's32_b{instance="",job="s32_m",zz="top"} 5',
      's32_b{instance="",job="s32_z",k="z"} 1',
      's32_b{instance="i9",job="s32_a",k="a"} 2',
      's32_b{extra="e",instance="",job="s32_m",k="m"} 3',
    ]);
  });

  test('families by name in byte order, whatever the push order', async () => {
    const s = createStore();
    await put(s, '/metrics/job/a', 'zz 1\na_b 1\naB 1\n');
    await put(s, '/metrics/job/b', 'a:b 1\nA 1\n');
    const names = s
      .snapshot()
      .families()
      .map((f) => f.name);
    const byteOrder = names.slice().sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(names).toEqual(byteOrder);
    expect(names).toHaveLength(7);
    expect(
      s
        .snapshot()
        .text()
        .split('\n')
        .filter((l) => l.startsWith('# TYPE'))
        .map((l) => l.split(' ')[2]),
    ).toEqual(names);
  });

  test('quantiles and buckets in pushed order, a missing +Inf bucket is added', async () => {
    const s = createStore();
    await put(
      s,
      '/metrics/job/s29',
      '# TYPE s29_sum summary\ns29_sum{quantile="0.9"} 2\ns29_sum{quantile="0.1"} 1\n# TYPE s29_hist_noinf histogram\ns29_hist_noinf_bucket{le="2"} 2\ns29_hist_noinf_bucket{le="1"} 1\ns29_hist_noinf_count 3\n',
    );
    expect(pushedLines(s.snapshot().text())).toEqual([
      '# TYPE s29_hist_noinf histogram',
      's29_hist_noinf_bucket{instance="",job="s29",le="2"} 2',
      's29_hist_noinf_bucket{instance="",job="s29",le="1"} 1',
      's29_hist_noinf_bucket{instance="",job="s29",le="+Inf"} 3',
      's29_hist_noinf_sum{instance="",job="s29"} 0',
      's29_hist_noinf_count{instance="",job="s29"} 3',
      '# TYPE s29_sum summary',
      's29_sum{instance="",job="s29",quantile="0.9"} 2',
      's29_sum{instance="",job="s29",quantile="0.1"} 1',
      's29_sum_sum{instance="",job="s29"} 0',
      's29_sum_count{instance="",job="s29"} 0',
    ]);
  });

  test('families without metrics are left out', async () => {
    const s = createStore();
    await put(s, '/metrics/job/a', [{ name: 'empty', type: 'gauge', metrics: [] }]);
    expect(
      s
        .snapshot()
        .families()
        .map((f) => f.name),
    ).toEqual(['push_failure_time_seconds', 'push_time_seconds']);
    expect(s.snapshot().groups.get('3:job1:a')!.families.has('empty')).toBe(true);
  });

  test('text equals the serializer on families()', async () => {
    const s = createStore();
    await put(
      s,
      '/metrics/job/a',
      '# HELP m Some \\\\ help\\n.\n# TYPE m counter\nm{x="\\"q\\""} 1\nm 2\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\nh_sum 0.5\n',
    );
    await put(s, '/metrics/job/b', 'm 3\n');
    const snap = s.snapshot();
    expect(snap.text()).toBe(serializeText(snap.families() as MetricFamily[]));
    expect(parse(snap.text())).toEqual(parse(serializeText(snap.families() as MetricFamily[])));
  });
});

describe('HELP of a family held by several groups: the longest holder wins', () => {
  test.each([
    {
      name: 'first pusher wins',
      steps: [
        ['put', 'a', '# HELP m one\nm 1\n'],
        ['put', 'b', '# HELP m two\nm 2\n'],
      ],
      help: '# HELP m one',
    },
    {
      name: 'absent HELP can win',
      steps: [
        ['put', 'a', 'm 1\n'],
        ['put', 'b', '# HELP m two\nm 2\n'],
      ],
      help: undefined,
    },
    {
      name: 'a re-push keeps the holder in place and updates its HELP',
      steps: [
        ['put', 'a', '# HELP m one\nm 1\n'],
        ['put', 'b', '# HELP m two\nm 2\n'],
        ['put', 'a', '# HELP m three\nm 1\n'],
      ],
      help: '# HELP m three',
    },
    {
      name: 'deleting the first holder passes the name on',
      steps: [
        ['put', 'a', '# HELP m one\nm 1\n'],
        ['put', 'b', '# HELP m two\nm 2\n'],
        ['del', 'a', ''],
        ['put', 'a', '# HELP m one\nm 1\n'],
      ],
      help: '# HELP m two',
    },
    {
      name: 'a PUT without the family gives it up',
      steps: [
        ['put', 'a', '# HELP m one\nm 1\n'],
        ['put', 'b', '# HELP m two\nm 2\n'],
        ['put', 'a', 'other 1\n'],
        ['post', 'a', '# HELP m one\nm 1\n'],
      ],
      help: '# HELP m two',
    },
  ])('$name', async ({ steps, help }) => {
    const s = createStore();
    for (const [op, job, body] of steps) {
      const path = `/metrics/job/${job}`;
      if (op === 'put') await put(s, path, body);
      else if (op === 'post') await post(s, path, body);
      else await del(s, path);
    }
    const lines = s.snapshot().text().split('\n');
    expect(lines.find((l) => l.startsWith('# HELP m '))).toBe(help);
  });
});

describe('snapshots', () => {
  test('a snapshot never changes after later writes', async () => {
    const s = createStore();
    await put(s, '/metrics/job/a', 'm 1\n');
    const snap = s.snapshot();
    const text = snap.text();
    const families = structuredClone(snap.families());
    const group = snap.groups.get('3:job1:a');
    await put(s, '/metrics/job/a', 'm 2\nn 1\n');
    await put(s, '/metrics/job/b', 'm 3\n');
    expect(snap.text()).toBe(text);
    expect(snap.families()).toEqual(families);
    expect(snap.groups.get('3:job1:a')).toBe(group);
    expect(snap.groups.size).toBe(1);
    expect(s.snapshot().groups.size).toBe(2);
    expect(s.snapshot().text()).not.toBe(text);
  });

  test('textChunks: the text as pieces; kept bytes are reused by later snapshots where the family did not change', async () => {
    const s = createStore();
    await put(s, '/metrics/job/a', 'm 1\nn{x="1"} 2\n');
    const own: MetricFamily[] = [
      { name: 'n', type: 'untyped', help: 'own n', metrics: [{ labels: [{ name: 'x', value: '0' }], value: 0 }] },
      { name: 'o', type: 'gauge', metrics: [{ labels: [], value: 3 }] },
    ];
    const joined = (pieces: (string | Uint8Array)[]) => Buffer.concat(pieces.map((p) => Buffer.from(p))).toString();
    const snap = s.snapshot();
    const streamed = snap.textChunks(own);
    expect(streamed.every((p) => typeof p === 'string')).toBe(true);
    expect(joined(streamed)).toBe(snap.text(own));
    const kept = snap.textChunks(own, true);
    expect(joined(kept)).toBe(snap.text(own));
    // m and the bookkeeping families as bytes; n merged with the own family and o are strings.
    expect(kept.filter((p) => p instanceof Uint8Array)).toHaveLength(3);
    const all = snap.textChunks(undefined, true);
    expect(all.every((p) => p instanceof Uint8Array)).toBe(true);
    expect(joined(all)).toBe(snap.text());
    await put(s, '/metrics/job/b', 'm 2\n');
    const next = s.snapshot();
    const later = next.textChunks();
    expect(joined(later)).toBe(next.text());
    // Only n's family (not written) keeps its bytes; m and the bookkeeping families changed.
    expect(later.filter((p) => p instanceof Uint8Array).map((p) => Buffer.from(p).toString())).toEqual([
      '# TYPE n untyped\nn{instance="",job="a",x="1"} 2\n',
    ]);
  });

  test('a snapshot taken before any read still renders its own version', async () => {
    const s = createStore();
    await put(s, '/metrics/job/a', 'm 1\n');
    const snap = s.snapshot();
    await del(s, '/metrics/job/a');
    expect(pushedLines(snap.text())).toEqual(['# TYPE m untyped', 'm{instance="",job="a"} 1']);
    expect(s.snapshot().text()).toBe('');
  });

  test('the same object is returned while nothing changes; versions count changes', async () => {
    const s = createStore();
    const s0 = s.snapshot();
    expect(s.snapshot()).toBe(s0);
    await put(s, '/metrics/job/a', 'm 1\n');
    const s1 = s.snapshot();
    expect(s1).not.toBe(s0);
    expect(s1.version).toBe(s0.version + 1);
    await del(s, '/metrics/job/nothing');
    expect(s.snapshot()).toBe(s1);
  });

  test('group() finds a group whatever the label order', async () => {
    const s = createStore();
    await put(s, '/metrics/job/a/zone/z', 'm 1\n');
    const g = s.snapshot().group([
      { name: 'zone', value: 'z' },
      { name: 'job', value: 'a' },
    ]);
    expect(g?.labels).toEqual([
      { name: 'job', value: 'a' },
      { name: 'zone', value: 'z' },
    ]);
    expect(s.snapshot().group([{ name: 'job', value: 'a' }])).toBeUndefined();
  });

  test('each series is rendered once, however many scrapes and pushes follow', async () => {
    let calls = 0;
    const s = createStore({
      render: (f) => {
        calls += f.reduce((n, x) => n + x.metrics.length, 0);
        return serializeText(f);
      },
    });
    await put(s, '/metrics/job/a', 'm 1\nn 1\n');
    await put(s, '/metrics/job/b', 'm 2\n');
    s.snapshot().text();
    const first = calls;
    expect(first).toBe(3 + 4); // three pushed series and two bookkeeping series per group
    await put(s, '/metrics/job/b', 'm 3\n');
    s.snapshot().text();
    s.snapshot().text();
    expect(calls - first).toBe(2); // b's new m series and its new push_time series, nothing else
  });
});

describe("text(extra): the gateway's own families merged in", () => {
  test('by name, own HELP and type, metrics sorted with the pushed ones', async () => {
    const own: MetricFamily[] = [
      {
        name: 'go_goroutines',
        help: 'Number of goroutines that currently exist.',
        type: 'gauge',
        metrics: [{ labels: [], value: 9 }],
      },
      {
        name: 'pushgateway_build_info',
        help: 'Build info.',
        type: 'gauge',
        metrics: [{ labels: [{ name: 'version', value: '1' }], value: 1 }],
      },
    ];
    const s = createStore({ ownFamilies: own });
    await put(s, '/metrics/job/a', '# HELP go_goroutines Mine.\n# TYPE go_goroutines gauge\ngo_goroutines 1\nzz 1\n');
    const lines = s
      .snapshot()
      .text(own)
      .split('\n')
      .filter((l) => !/push_(failure_)?time_seconds/.test(l));
    expect(lines).toEqual([
      '# HELP go_goroutines Number of goroutines that currently exist.',
      '# TYPE go_goroutines gauge',
      'go_goroutines 9',
      'go_goroutines{instance="",job="a"} 1',
      '# HELP pushgateway_build_info Build info.',
      '# TYPE pushgateway_build_info gauge',
      'pushgateway_build_info{version="1"} 1',
      '# TYPE zz untyped',
      'zz{instance="",job="a"} 1',
      '',
    ]);
  });
});
