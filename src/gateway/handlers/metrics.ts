import { gzip } from 'node:zlib';
import type { HandlerRequest } from '../context.js';
import { renderExposition } from '../exposition.js';

/** Whether an `Accept-Encoding` header offers gzip (promhttp's `gzipAccepted`). */
export function gzipAccepted(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const p = part.trim();
    if (p === 'gzip' || p.startsWith('gzip;')) return true;
  }
  return false;
}

function gzipAsync(body: string | Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => gzip(body, (err, out) => (err ? reject(err) : resolve(out))));
}

/** The store version whose problems were last logged, per store. */
const loggedVersion = new WeakMap<object, number>();

/** `GET <telemetry path>`: every stored group merged with the gateway's own metrics. */
export async function metricsHandler(h: HandlerRequest): Promise<void> {
  const { gw, req, res } = h;
  const snapshot = gw.store.snapshot();
  const problems = snapshot.problems();
  if (problems.length > 0 && loggedVersion.get(gw.store) !== snapshot.version) {
    loggedVersion.set(gw.store, snapshot.version);
    for (const p of problems.slice(0, 10)) {
      gw.logger.warn('left out of the exposition: inconsistent with other groups', { family: p.family, group: p.group, err: p.message });
    }
  }
  const own = gw.metrics.families();
  const out = renderExposition(snapshot, own, req.headers.accept);
  res.statusCode = 200;
  res.setHeader('Content-Type', out.contentType);
  if (gzipAccepted(req.headers['accept-encoding'])) {
    const z = await gzipAsync(out.body);
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', z.length);
    res.end(z);
    return;
  }
  // A string is written as is (no copy into a Buffer first).
  res.setHeader('Content-Length', typeof out.body === 'string' ? Buffer.byteLength(out.body) : out.body.length);
  res.end(out.body);
}
