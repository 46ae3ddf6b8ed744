import { gzip } from 'node:zlib';
import type { HandlerRequest } from '../context.js';
import type { StoreSnapshot } from '../../store/index.js';
import { bodyChunks, writeChunks } from './body-chunks.js';
import { expositionFormat, renderExposition } from './exposition.js';
import { SharedRenderer, type Started, yieldToLoop } from './shared-render.js';

/** Whether an `Accept-Encoding` header offers gzip (promhttp's `gzipAccepted`). */
export function gzipAccepted(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const p = part.trim();
    if (p === 'gzip' || p.startsWith('gzip;')) return true;
  }
  return false;
}

function gzipAsync(body: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => gzip(body, (err, out) => (err ? reject(err) : resolve(out))));
}

/** A rendered exposition as bytes, shared by every scrape that writes it. */
interface Rendered {
  contentType: string;
  chunks: Buffer[];
  length: number;
}

/** Renderings in use, per store. */
const shared = new WeakMap<object, SharedRenderer<Rendered>>();

function sharedOf(store: object): SharedRenderer<Rendered> {
  let s = shared.get(store);
  if (!s) shared.set(store, (s = new SharedRenderer()));
  return s;
}

/** The store version whose problems were last logged, per store. */
const loggedVersion = new WeakMap<object, number>();

/** The store version the last text scrape rendered, per store. */
const textVersion = new WeakMap<object, number>();

/**
 * Takes a snapshot of the store now and renders it (with the gateway's own
 * metrics) to bytes, a slice at a time (see {@link bodyChunks}), letting
 * other requests run between the steps.
 */
function startRendering(h: HandlerRequest, gzipped: boolean): Started<Rendered> {
  const { gw, req } = h;
  const snapshot = gw.store.snapshot();
  const render = async (): Promise<Rendered> => {
    // Taking the snapshot, checking it and listing its pieces each hold the event loop: let
    // pushes in between (the snapshot is immutable, so it is what it was when taken).
    await yieldToLoop();
    logProblems(h, snapshot);
    await yieldToLoop();
    const { format } = expositionFormat(req.headers.accept);
    // A second text rendering of an unchanged store keeps the text of its families as bytes, so
    // that scrapes of a store read more often than it changes copy nothing (see textChunks).
    let keepText = false;
    if (format === 'text') {
      keepText = textVersion.get(gw.store) === snapshot.version;
      textVersion.set(gw.store, snapshot.version);
    }
    const out = await renderExposition(snapshot, gw.metrics.families(), req.headers.accept, keepText);
    let chunks = await bodyChunks(out.body);
    if (gzipped) chunks = [await gzipAsync(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))];
    let length = 0;
    for (const c of chunks) length += c.length;
    return { contentType: out.contentType, chunks, length };
  };
  return { version: snapshot.version, value: render() };
}

/** Logs the first problems of a snapshot, once per store version. */
function logProblems(h: HandlerRequest, snapshot: StoreSnapshot): void {
  const { gw } = h;
  const problems = snapshot.problems();
  if (problems.length === 0 || loggedVersion.get(gw.store) === snapshot.version) return;
  loggedVersion.set(gw.store, snapshot.version);
  for (const p of problems.slice(0, 10)) {
    gw.logger.warn('left out of the exposition: inconsistent with other groups', {
      family: p.family,
      group: p.group,
      err: p.message,
    });
  }
}

/**
 * `GET <telemetry path>`: every stored group merged with the gateway's own
 * metrics. Concurrent scrapes share renderings (see `SharedRenderer`); each
 * gets one of the store version it saw on arrival or later.
 */
export async function metricsHandler(h: HandlerRequest): Promise<void> {
  const { gw, req, res } = h;
  const { contentType } = expositionFormat(req.headers.accept);
  const gzipped = gzipAccepted(req.headers['accept-encoding']);
  const key = `${contentType} ${gzipped}`;
  const seen = gw.store.currentVersion;
  await sharedOf(gw.store).use(
    key,
    seen,
    () => startRendering(h, gzipped),
    async (out) => {
      res.statusCode = 200;
      res.setHeader('Content-Type', out.contentType);
      if (gzipped) res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', out.length);
      if (req.method === 'HEAD') res.end();
      else await writeChunks(res, out.chunks);
    },
  );
}
