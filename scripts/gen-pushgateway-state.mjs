#!/usr/bin/env node
// Regenerates fixtures/pushgateway-state/: persistence files written by the
// real Pushgateway 1.5.1 (Debian prometheus-pushgateway) and what it served
// from them. For each state below, a fresh Pushgateway is started on a free
// 127.0.0.1 port with --persistence.file and --persistence.interval=1s, the
// pushes are sent, then its /metrics (text and protobuf) and /api/v1/metrics
// are recorded and it is stopped with SIGTERM (which persists). Kept per
// state NAME:
//   NAME.state           the persistence file, byte for byte (Go gob)
//   NAME.metrics.txt     GET /metrics (text 0.0.4), as served
//   NAME.metrics.pb      GET /metrics (delimited protobuf), as served
//   NAME.api.json        GET /api/v1/metrics, as served
//   NAME.log             what was pushed and how it was answered
// Protobuf bodies are written with promkit's serializer (dist/, `npm run build`).
// The Python client (python3-prometheus-client) and, unless --no-go, the Go
// client (client_golang, GOPATH build) push too.
//
//   node scripts/gen-pushgateway-state.mjs [--binary /usr/bin/prometheus-pushgateway] [--no-go]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGoPushClient, send, startPushgateway } from './gen-gateway-fixtures.lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'fixtures/pushgateway-state');
const args = process.argv.slice(2);
const binary = args.includes('--binary') ? args[args.indexOf('--binary') + 1] : '/usr/bin/prometheus-pushgateway';
const withGo = !args.includes('--no-go');
const PROTO = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

const TEXT = `# HELP text_requests_total Requests handled, with "quotes" and a \\\\ backslash.
# TYPE text_requests_total counter
text_requests_total{code="200",path="/a\\"b\\\\c\\nd"} 1027
text_requests_total{code="500",path=""} 3
# TYPE text_temperature gauge
text_temperature{room="küche"} -12.5
text_untyped_thing +Inf
text_nan NaN
text_tiny 1e-300
`;

const HIST_SUMMARY = `# HELP req_duration_seconds Request durations.
# TYPE req_duration_seconds histogram
req_duration_seconds_bucket{le="0.1"} 3
req_duration_seconds_bucket{le="1"} 7
req_duration_seconds_bucket{le="+Inf"} 9
req_duration_seconds_sum 12.75
req_duration_seconds_count 9
# TYPE rpc_latency_seconds summary
rpc_latency_seconds{quantile="0.5"} 0.25
rpc_latency_seconds{quantile="0.99"} 1.5
rpc_latency_seconds_sum 40.5
rpc_latency_seconds_count 100
`;

/** Families pushed as protobuf, including native-histogram fields and exemplars. */
function protoFamilies() {
  return [
    {
      name: 'proto_events_total',
      help: 'Events, pushed as protobuf.',
      type: 'counter',
      metrics: [
        {
          labels: [{ name: 'kind', value: 'a' }],
          value: 2 ** 53,
          exemplar: { labels: [{ name: 'trace_id', value: 'abc' }], value: 1, timestamp: 1700000000.5 },
        },
        { labels: [{ name: 'kind', value: 'b' }], value: 0.1 },
      ],
    },
    {
      name: 'proto_native_seconds',
      help: 'A histogram with native fields.',
      type: 'histogram',
      metrics: [
        {
          labels: [],
          histogram: {
            count: 6,
            sum: 3.5,
            buckets: [
              { upperBound: 0.5, cumulativeCount: 2 },
              { upperBound: 1, cumulativeCount: 5 },
            ],
            native: {
              schema: 3,
              zeroThreshold: 1e-128,
              zeroCount: 1,
              negativeSpans: [],
              negativeDeltas: [],
              negativeCounts: [],
              positiveSpans: [
                { offset: -2, length: 2 },
                { offset: 3, length: 1 },
              ],
              positiveDeltas: [2, -1, 1],
              positiveCounts: [],
            },
          },
        },
      ],
    },
    {
      name: 'proto_queue_length',
      type: 'gauge',
      metrics: [{ labels: [{ name: 'queue', value: 'x' }], value: -0 }],
    },
    {
      name: 'proto_sizes_bytes',
      type: 'summary',
      metrics: [
        {
          labels: [],
          summary: {
            count: 3,
            sum: 300,
            quantiles: [{ quantile: 0.9, value: 150 }],
          },
        },
      ],
    },
  ];
}

const PYTHON = `
import sys
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, push_to_gateway, pushadd_to_gateway
addr = sys.argv[1]
r = CollectorRegistry()
c = Counter('py_jobs', 'Jobs done by Python.', ['kind'], registry=r)
c.labels('x').inc(4)
g = Gauge('py_last_success_unixtime', 'Last success.', registry=r)
g.set(1700000000.25)
h = Histogram('py_duration_seconds', 'Durations.', buckets=(0.5, 2), registry=r)
h.observe(1)
push_to_gateway(addr, job='py_batch', registry=r, grouping_key={'instance': 'a/b', 'zone': ''})
r2 = CollectorRegistry()
Gauge('py_added', 'Added.', registry=r2).set(2)
pushadd_to_gateway(addr, job='py_batch', registry=r2, grouping_key={'instance': 'a/b', 'zone': ''})
print('python ok')
`;

/** The states: each a list of actions against a fresh server. */
function states(encodeProtobuf, goClient) {
  const put = (path, body, headers = { 'Content-Type': 'text/plain; version=0.0.4' }) => ({
    method: 'PUT',
    path,
    headers,
    body,
  });
  const all = [
    put('/metrics/job/text_job', TEXT),
    put('/metrics/job/hist_job/instance/host:9100', HIST_SUMMARY),
    {
      method: 'PUT',
      path: '/metrics/job/proto_job/instance/p1',
      headers: { 'Content-Type': PROTO },
      bodyBase64: Buffer.from(encodeProtobuf(protoFamilies())).toString('base64'),
    },
    put('/metrics/job@base64/L3Zhci90bXA/dir@base64/=', 'base64_gauge 1\n'),
    put('/metrics/job/empty_value/empty@base64/=/other/x', 'empty_value_gauge 2\n'),
    { ...put('/metrics/job/fail_job', 'fail_gauge 1\n'), method: 'POST' },
    // A counter of another group pushed as a gauge: refused, push_failure_time_seconds set.
    put('/metrics/job/fail_job', '# TYPE text_requests_total gauge\ntext_requests_total 5\n'),
    // A refused push to a group that did not exist.
    put('/metrics/job/fail_new', '# TYPE text_temperature counter\ntext_temperature 5\n'),
    { python: true },
  ];
  if (goClient) all.push({ go: goClient });
  return {
    all,
    emptied: [put('/metrics/job/gone', 'gone 1\n'), { method: 'DELETE', path: '/metrics/job/gone' }],
  };
}

async function main() {
  const { encodeProtobuf } = await import(join(root, 'dist/index.js'));
  const work = mkdtempSync(join(tmpdir(), 'pg-state-'));
  try {
    const goClient = withGo ? buildGoPushClient(join(work, 'goclient'), 'inherit') : undefined;
    mkdirSync(out, { recursive: true });
    for (const [name, actions] of Object.entries(states(encodeProtobuf, goClient))) {
      const dir = mkdtempSync(join(work, `${name}-`));
      const file = join(dir, 'pg.state');
      const pg = await startPushgateway(binary, [`--persistence.file=${file}`, '--persistence.interval=1s']);
      const log = [];
      try {
        for (const a of actions) {
          if (a.python) {
            const said = execFileSync('/usr/bin/python3', ['-c', PYTHON, pg.base.slice('http://'.length)], {
              encoding: 'utf8',
            });
            log.push(`python client: ${said.trim()}`);
          } else if (a.go) {
            const said = execFileSync(a.go, [pg.base], { encoding: 'utf8', timeout: 60_000 });
            log.push(`go client: ${said.trim().split('\n').join('; ')}`);
          } else {
            const res = await send(pg.base, a);
            log.push(`${a.method} ${a.path} -> ${res.status} ${res.body.toString('utf8').trim()}`);
          }
        }
        // DELETE is applied after the answer; then let a persistence interval pass.
        await new Promise((r) => setTimeout(r, 2500));
        const get = async (path, headers = {}) => (await send(pg.base, { method: 'GET', path, headers })).body;
        writeFileSync(join(out, `${name}.metrics.txt`), await get('/metrics', { Accept: 'text/plain' }));
        writeFileSync(join(out, `${name}.metrics.pb`), await get('/metrics', { Accept: PROTO }));
        writeFileSync(join(out, `${name}.api.json`), await get('/api/v1/metrics'));
      } finally {
        await pg.stop();
      }
      copyFileSync(file, join(out, `${name}.state`));
      writeFileSync(join(out, `${name}.log`), log.join('\n') + '\n');
      process.stderr.write(`${name}: ${actions.length} actions\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
