// Runs gateway request scenarios against a server and turns the answers into
// normalized transcripts (timestamps masked, the server's own metrics left
// out, JSON groups sorted), so that two servers can be compared.
// Used by scripts/gen-gateway-fixtures.mjs (against Pushgateway 1.5.1), by the
// unit tests (against promkit in-process) and by the compat tests (both, live).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Families of the servers' own metrics, which differ by design (Go runtime vs Node). */
export const OWN_METRIC = /^(go_|process_|pushgateway_|promkit_|nodejs_|promhttp_)/;

/** Headers compared between servers. */
export const COMPARED_HEADERS = [
  'allow',
  'location',
  'content-type',
  'content-encoding',
  'x-content-type-options',
  'www-authenticate',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'cache-control',
];

/** The body bytes of a step: `body` (text), `bodyBase64`, optionally gzipped. */
export function stepBody(step) {
  let body =
    step.bodyBase64 !== undefined
      ? Buffer.from(step.bodyBase64, 'base64')
      : step.body !== undefined
        ? Buffer.from(step.body, 'utf8')
        : undefined;
  if (step.gzip) body = gzipSync(body ?? Buffer.alloc(0));
  return body;
}

/** Sends one raw HTTP request (the path is sent byte for byte). */
export function send(base, step, timeoutMs = 10_000) {
  const url = new URL(base);
  const body = stepBody(step);
  const headers = { ...(step.headers ?? {}) };
  if (body !== undefined) headers['Content-Length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: step.method, path: step.path, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout: ${step.method} ${step.path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

const TS_FAMILIES = /^(push_time_seconds|push_failure_time_seconds)(\{[^}]*\})? (.*)$/;

/** Masks a text exposition: own families dropped, non-zero push times as `<ts>`. */
export function normalizeExposition(text) {
  const out = [];
  let own = false;
  for (const line of text.split('\n')) {
    const m = /^# (?:HELP|TYPE) (\S+)/.exec(line);
    const name = m ? m[1] : (/^[^{ ]+/.exec(line)?.[0] ?? '');
    if (m) own = OWN_METRIC.test(name);
    else if (line !== '') own = OWN_METRIC.test(name);
    if (own) continue;
    const ts = TS_FAMILIES.exec(line);
    if (ts && ts[3] !== '0') {
      out.push(`${ts[1]}${ts[2] ?? ''} <ts>`);
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

function maskFamilyTimes(group) {
  for (const [k, v] of Object.entries(group)) {
    if (k === 'labels' || k === 'last_push_successful' || typeof v !== 'object') continue;
    v.time_stamp = '<ts>';
    if (k === 'push_time_seconds' || k === 'push_failure_time_seconds') {
      for (const m of v.metrics) if (m.value !== '0') m.value = '<ts>';
    }
  }
  return group;
}

/** Masks `/api/v1/metrics`: times masked, groups sorted by their labels (1.5.1's order is random). */
export function normalizeApiMetrics(text) {
  const doc = JSON.parse(text);
  if (Array.isArray(doc.data)) {
    doc.data = doc.data
      .map(maskFamilyTimes)
      .sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
  }
  return JSON.stringify(doc, null, 1);
}

/** Masks `/api/v1/status`: only the keys of build information and flags, and the flags both servers share. */
export function normalizeApiStatus(text) {
  const doc = JSON.parse(text);
  const shared = [
    'log.format',
    'log.level',
    'persistence.interval',
    'push.disable-consistency-check',
    'web.config.file',
    'web.enable-admin-api',
    'web.enable-lifecycle',
    'web.external-url',
    'web.route-prefix',
    'web.telemetry-path',
  ];
  const flags = {};
  for (const k of shared) flags[k] = doc.data?.flags?.[k];
  return JSON.stringify({
    status: doc.status,
    build_information: Object.keys(doc.data?.build_information ?? {}).sort(),
    flags,
    start_time: typeof doc.data?.start_time === 'string' ? '<ts>' : doc.data?.start_time,
  });
}

/**
 * Masks what varies between runs in an error text: the order of a
 * multi-error's `* ` lines (Go map order; sorted here) and push times inside
 * rendered metrics (`gauge:<value:1.79e+09 >`).
 */
export function normalizeErrorText(text) {
  const masked = text.replace(/value:\d\.\d+e\+09 /g, 'value:<ts> ');
  const lines = masked.split('\n');
  const first = lines.findIndex((l) => l.startsWith('* '));
  if (first < 0) return masked;
  let last = first;
  while (last < lines.length && lines[last].startsWith('* ')) last++;
  const sorted = lines.slice(first, last).sort();
  return [...lines.slice(0, first), ...sorted, ...lines.slice(last)].join('\n');
}

/**
 * Masks a protobuf text or compact-text exposition (one family per block,
 * blocks separated by a blank line or a newline): own families dropped,
 * non-zero push times as `<ts>`.
 */
export function normalizeProtoText(text) {
  const sep = text.includes('>\n\n') ? '\n\n' : '\n';
  return text
    .split(sep)
    .filter((block) => {
      const name = /^name: ?"([^"]*)"/.exec(block)?.[1] ?? '';
      return !OWN_METRIC.test(name);
    })
    .map((block) =>
      /^name: ?"push_(failure_)?time_seconds"/.test(block)
        ? block.replace(/value: ?\d\.\d+e\+09/g, 'value:<ts>')
        : block,
    )
    .join(sep);
}

/**
 * Turns a response into a transcript entry: status, compared headers, and
 * the body (gunzipped when gzip-encoded) normalized by `step.normalize`:
 * `exposition`, `api-metrics`, `api-status`, `proto-text`, `none` (body not kept), or raw text.
 */
export function transcript(step, res) {
  const headers = {};
  for (const h of COMPARED_HEADERS) if (res.headers[h] !== undefined) headers[h] = String(res.headers[h]);
  let body = res.body;
  if (res.headers['content-encoding'] === 'gzip' && body.length > 0) body = gunzipSync(body);
  let text = body.toString('utf8');
  switch (step.normalize) {
    case 'exposition':
      text = res.status === 200 ? normalizeExposition(text) : normalizeErrorText(text);
      break;
    case 'api-metrics':
      text = res.status === 200 ? normalizeApiMetrics(text) : text;
      break;
    case 'api-status':
      text = res.status === 200 ? normalizeApiStatus(text) : text;
      break;
    case 'none':
      text = `<${body.length > 0 ? 'non-empty' : 'empty'}>`;
      break;
    case 'protobuf':
      text = `<${body.length > 0 ? 'protobuf' : 'empty'}>`;
      break;
    case 'proto-text':
      text = res.status === 200 ? normalizeProtoText(text) : text;
      break;
    default:
      if (res.status >= 400) text = normalizeErrorText(text);
  }
  return { status: res.status, headers, body: text };
}

/**
 * Runs a scenario's steps in order against `base` and returns the
 * transcripts. A step with `waitMs` waits before it is sent (the Pushgateway
 * applies DELETE and wipe after answering).
 */
export async function runScenario(base, scenario) {
  const out = [];
  for (const step of scenario.steps) {
    if (step.waitMs) await new Promise((r) => setTimeout(r, step.waitMs));
    if (step.timeoutMs !== undefined) {
      // A step that may get no answer at all (1.5.1's wedged route): recorded as status 0.
      try {
        out.push(transcript(step, await send(base, step, step.timeoutMs)));
      } catch (e) {
        if (!/^timeout/.test(e.message)) throw e;
        out.push({ status: 0, headers: {}, body: '<no answer>' });
      }
      continue;
    }
    const res = await send(base, step);
    out.push(transcript(step, res));
  }
  return out;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts the Pushgateway with `flags` on a free loopback port; resolves once it answers /-/ready. */
export async function startPushgateway(bin, flags = []) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pg151-'));
  const child = spawn(
    bin,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      // A caller's own --persistence.file (kept after stop) replaces the temporary one.
      ...(flags.some((f) => f.startsWith('--persistence.file=')) ? [] : [`--persistence.file=${join(dir, 'pg.data')}`]),
      ...flags,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (c) => (log += c));
  const prefixFlag = flags.find((f) => f.startsWith('--web.route-prefix='));
  const prefix = prefixFlag ? prefixFlag.slice('--web.route-prefix='.length).replace(/\/$/, '') : '';
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pushgateway exited: ${log}`);
    try {
      const r = await send(base, { method: 'GET', path: `${prefix}/-/ready` }, 1000);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pushgateway did not become ready: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { base, stop, log: () => log };
}

/**
 * Builds the client_golang push client of test/compat/gateway-go-client
 * (GOPATH build against Debian's Go sources, no network) as `out`.
 */
export function buildGoPushClient(out, stdio = 'ignore') {
  execFileSync('go', ['build', '-o', out, 'main.go'], {
    cwd: join(dirname(fileURLToPath(import.meta.url)), '../test/compat/gateway-go-client'),
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: '/usr/share/gocode',
      GOFLAGS: '',
      GOPROXY: 'off',
      GOCACHE: join(tmpdir(), 'promkit-gocache'),
    },
    stdio,
    timeout: 600_000,
  });
  return out;
}
