import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Small HTTP helpers that answer the way Go's `net/http` does (`http.Error`,
 * `http.Redirect`, content sniffing of plain text).
 */

/** Content type Go sniffs for plain text, and uses in `http.Error`. */
export const TEXT_PLAIN = 'text/plain; charset=utf-8';

const STATUS_TEXT: Record<number, string> = {
  301: 'Moved Permanently',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
};

/**
 * Go's `http.Error`: `status`, `Content-Type: text/plain; charset=utf-8`,
 * `X-Content-Type-Options: nosniff`, body `message` + `\n` (none for HEAD).
 */
export function sendError(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', TEXT_PLAIN);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const body = message + '\n';
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * A handler writing `body` without a content type of its own: Go sniffs
 * text, so a non-empty body gets `text/plain; charset=utf-8`; an empty one
 * gets no content type.
 */
export function sendPlain(req: IncomingMessage, res: ServerResponse, status: number, body = ''): void {
  res.statusCode = status;
  if (body !== '' && !res.hasHeader('Content-Type')) res.setHeader('Content-Type', TEXT_PLAIN);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' || body === '' ? undefined : body);
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);
}

/**
 * Go's `http.Redirect` to an absolute path `location` (already escaped):
 * `Location` set; for GET a `text/html` body `<a href="…">Moved Permanently</a>.\n\n`.
 */
export function sendRedirect(req: IncomingMessage, res: ServerResponse, status: number, location: string): void {
  res.statusCode = status;
  res.setHeader('Location', location);
  if (req.method === 'GET' || req.method === 'HEAD') res.setHeader('Content-Type', 'text/html; charset=utf-8');
  if (req.method === 'GET') {
    const body = `<a href="${htmlEscape(location)}">${STATUS_TEXT[status] ?? ''}</a>.\n\n`;
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  res.setHeader('Content-Length', 0);
  res.end();
}

/** Go's `http.NotFound`. */
export function sendNotFound(req: IncomingMessage, res: ServerResponse): void {
  sendError(req, res, 404, '404 page not found');
}
