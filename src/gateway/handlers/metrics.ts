import { gzip } from 'node:zlib';
import type { HandlerRequest } from '../context.js';
import type { MetricStore, StoreSnapshot } from '../../store/index.js';
import { bodyChunks, writeChunks } from './body-chunks.js';
import {
  expositionFormat,
  fillExposition,
  ownSignature,
  renderExposition,
  renderTemplate,
  type Exposition,
  type ExpositionTemplate,
} from './exposition.js';
import { SharedRenderer, type Started } from './shared-render.js';
import { yieldToLoop } from '../../store/index.js';

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

/**
 * The last finished rendering of each format of one store, while the store
 * version is unchanged: the stored families as bytes with gaps for the
 * gateway's own families, so that a scrape of an unchanged store writes
 * these bytes and renders only its own metrics (fresh on every scrape).
 * Dropped as soon as the store changes ({@link dropStaleRenderings}), so at
 * most one rendering per format is kept, and none of an older version.
 */
class KeptRenderings {
  /** The store version the kept renderings show. */
  version = -1;
  readonly byFormat = new Map<string, ExpositionTemplate>();
  /** Text scrapes of the current version (kept or not). */
  textScrapes = 0;
  /** Whether the last version was scraped as text more than once: the store is read more often than it changes. */
  readMostly = false;

  /** Forgets the renderings of an older version than `version`. */
  at(version: number): void {
    if (version === this.version) return;
    this.version = version;
    this.byFormat.clear();
    this.readMostly = this.textScrapes > 1;
    this.textScrapes = 0;
  }
}

const keptOf = new WeakMap<object, KeptRenderings>();

function keptRenderings(store: object): KeptRenderings {
  let k = keptOf.get(store);
  if (!k) keptOf.set(store, (k = new KeptRenderings()));
  return k;
}

/**
 * Lets the renderings kept for an older store version go: call after a
 * write, so that a store changed by pushes and not scraped meanwhile does
 * not hold a stale exposition.
 */
export function dropStaleRenderings(store: MetricStore): void {
  keptOf.get(store)?.at(store.currentVersion);
}

/** The template's stored parts as Buffers (the gaps stay numbers), encoded a slice at a time. */
async function encoded(t: ExpositionTemplate): Promise<ExpositionTemplate> {
  const parts: (Buffer | number)[] = [];
  let run: (string | Uint8Array)[] = [];
  const flush = async (): Promise<void> => {
    if (run.length > 0) parts.push(...(await bodyChunks(run)));
    run = [];
  };
  for (const p of t.parts) {
    if (typeof p !== 'number') run.push(p);
    else {
      await flush();
      parts.push(p);
    }
  }
  await flush();
  return { ...t, parts };
}

/**
 * Takes a snapshot of the store now and renders it (with the gateway's own
 * metrics) to bytes, a slice at a time (see {@link bodyChunks}), letting
 * other requests run between the steps. The stored part is taken from the
 * kept rendering of this format when the store did not change since it was
 * made.
 */
function startRendering(h: HandlerRequest, gzipped: boolean): Started<Rendered> {
  const { gw, req } = h;
  const snapshot = gw.store.snapshot();
  const render = async (): Promise<Rendered> => {
    const kept = keptRenderings(gw.store);
    kept.at(snapshot.version);
    const n = expositionFormat(req.headers.accept);
    if (n.format === 'text') kept.textScrapes++;
    const own = gw.metrics.families();
    let t = kept.byFormat.get(n.contentType);
    if (t === undefined || t.own !== ownSignature(own)) {
      // Taking the snapshot, checking it and listing its pieces each hold the event loop: let
      // pushes in between (the snapshot is immutable, so it is what it was when taken).
      await yieldToLoop();
      logProblems(h, snapshot);
      await yieldToLoop();
      // Keeping the text of the families as bytes pays when the store is read more often than it
      // changes: a later version reuses the bytes of the families that did not change.
      t = await encoded(await renderTemplate(snapshot, own, req.headers.accept, kept.readMostly));
      // Kept only while it is current: a push meanwhile made it stale.
      if (gw.store.currentVersion === snapshot.version) {
        kept.at(snapshot.version);
        kept.byFormat.set(n.contentType, t);
      }
    }
    const parts = fillExposition(t, snapshot, own);
    const out: Exposition =
      parts === undefined
        ? await renderExposition(snapshot, own, req.headers.accept)
        : { contentType: t.contentType, body: parts };
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
      else writeChunks(res, out.chunks);
    },
  );
}

/** How many renderings are kept for `store` now (one per format at most). */
export function keptRenderingCount(store: MetricStore): number {
  return keptOf.get(store)?.byFormat.size ?? 0;
}
