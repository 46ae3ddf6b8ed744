import { ParseError } from '../../errors/parse-error.js';
import { parsePushPath } from '../../merge/grouping-key.js';
import type { Diagnostic, Label, MetricFamily } from '../../model/types.js';
import { parse } from '../../parse/index.js';
import { lint } from '../../validate/index.js';
import type { HandlerRequest } from '../context.js';
import { answerBodyError } from '../http/body.js';
import { validatePathOf } from './validate-path.js';

/**
 * Dry run (`--api.enable-validate`): `POST /api/v1/validate/job/<job>{/<label>/<value>}`
 * with a text-format body runs what a push would: parse, the lint push
 * rules, limits, aggregation and the store's consistency checks against the
 * current state (the store's `check`, which costs the size of the push).
 * Nothing is stored. `?method=post`
 * checks POST semantics (default PUT).
 */

/** One finding of the dry run; `line`/`column` are 1-based when the finding has a position. */
export interface ValidateFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  family?: string;
  line?: number;
  column?: number;
}

/** The `data` of the reply. `valid` is false when the gateway would refuse the push (any `error` finding). */
export interface ValidateReport {
  valid: boolean;
  method: 'PUT' | 'POST';
  grouping: Record<string, string>;
  findings: ValidateFinding[];
}

function fromDiagnostic(d: Diagnostic): ValidateFinding {
  const f: ValidateFinding = { code: d.code, severity: d.severity, message: d.message };
  if (d.family !== undefined) f.family = d.family;
  if (d.pos) {
    f.line = d.pos.line;
    f.column = d.pos.column;
  }
  return f;
}

function reply(h: HandlerRequest, status: number, data: unknown): void {
  const body = JSON.stringify(status === 200 ? { status: 'success', data } : { status: 'error', error: data });
  h.res.statusCode = status;
  h.res.setHeader('Content-Type', 'application/json');
  h.res.setHeader('Content-Length', Buffer.byteLength(body));
  h.res.end(body);
}

/**
 * Checks `body` as a push to `grouping` against the gateway's current state.
 * Never stores anything.
 */
export async function validatePush(
  h: HandlerRequest,
  path: string,
  grouping: Label[],
  body: Buffer,
  method: 'PUT' | 'POST',
): Promise<ValidateReport> {
  const findings: ValidateFinding[] = lint(body, { push: path }).map(fromDiagnostic);
  let families: MetricFamily[] | undefined;
  try {
    families = parse(body);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
  }
  if (families) {
    const gw = h.gw;
    for (const p of gw.dryRun?.(grouping, families, method === 'PUT') ?? [])
      findings.push({ code: p.code, severity: 'error', message: p.message });
    // A dry run: costs the size of the push, the store is not copied.
    const r = gw.store.check({
      grouping,
      mode: method === 'PUT' ? 'replace' : 'merge',
      families,
      receivedAt: gw.now(),
    });
    if (!r.ok)
      for (const e of r.errors)
        findings.push({
          code: r.reason === 'timestamps' ? 'PUSH_TIMESTAMPS' : 'INCONSISTENT',
          severity: 'error',
          message: e,
        });
  }
  return {
    valid: !findings.some((f) => f.severity === 'error'),
    method,
    grouping: Object.fromEntries(grouping.map((l) => [l.name, l.value])),
    findings,
  };
}

/** The handler: 200 with the report (valid or not), 400 for a bad grouping path or method, 413 for a body too large. */
export async function validateHandler(h: HandlerRequest): Promise<void> {
  const path = validatePathOf(h.rawRelative);
  const parsed = path === undefined ? undefined : parsePushPath(path, 'PUT');
  if (!parsed || parsed.kind !== 'grouping') {
    reply(
      h,
      400,
      `bad grouping path: ${parsed?.kind === 'error' ? parsed.message : 'want /api/v1/validate/job/<job>{/<label>/<value>}'}`,
    );
    return;
  }
  const q = h.rawRelative.indexOf('?');
  const m = new URLSearchParams(q < 0 ? '' : h.rawRelative.slice(q + 1)).get('method')?.toUpperCase() ?? 'PUT';
  if (m !== 'PUT' && m !== 'POST') {
    reply(h, 400, `method must be put or post, got ${JSON.stringify(m)}`);
    return;
  }
  let body: Buffer;
  try {
    body = await h.body.read({ limit: h.gw.config.maxBodyBytes, budget: h.gw.bodyBudget });
  } catch (e) {
    if (answerBodyError(h.req, h.res, e)) return;
    throw e;
  }
  reply(h, 200, await validatePush(h, path!, parsed.grouping, body, m));
}
