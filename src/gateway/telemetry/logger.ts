/**
 * A small structured logger with the Pushgateway's two output formats
 * (`--log.format=logfmt|json`) and four levels (`--log.level`), in go-kit's
 * spelling: `ts=2026-11-24T23:22:58.306Z level=info msg="starting" k=v`.
 */

/** A log level, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** A log output format. */
export type LogFormat = 'logfmt' | 'json';

/** The values {@link LogLevel} can take, lowest first. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
/** The values {@link LogFormat} can take. */
export const LOG_FORMATS: readonly LogFormat[] = ['logfmt', 'json'];

/** Key/value pairs of one log line (`undefined` values are left out). */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** Writes log lines. Each method formats one line and hands it to the sink. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Whether a logfmt value must be quoted (go-logfmt: a rune <= ' ', '=', '"', or U+FFFD). */
function needsQuote(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c <= 32 || c === 61 || c === 34 || c === 0xfffd || c === 0x7f) return true;
  }
  return false;
}

function logfmtValue(v: string): string {
  return needsQuote(v) ? JSON.stringify(v) : v;
}

/**
 * Creates a logger that writes lines at `level` and above to `sink`
 * (default: standard error). `now` gives the timestamp in milliseconds.
 */
export function createLogger(
  options: { level?: LogLevel; format?: LogFormat; sink?: (line: string) => void; now?: () => number } = {},
): Logger {
  const min = LOG_LEVELS.indexOf(options.level ?? 'info');
  const format = options.format ?? 'logfmt';
  const sink = options.sink ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? Date.now;
  const log = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    const ts = new Date(now()).toISOString();
    if (format === 'json') {
      const o: Record<string, string | number | boolean> = { level, msg, ts };
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) o[k] = v;
      const sorted: Record<string, string | number | boolean> = {};
      for (const k of Object.keys(o).sort()) sorted[k] = o[k];
      sink(JSON.stringify(sorted) + '\n');
      return;
    }
    let line = `ts=${ts} level=${level} msg=${logfmtValue(msg)}`;
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      line += ` ${k}=${logfmtValue(String(v))}`;
    }
    sink(line + '\n');
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
