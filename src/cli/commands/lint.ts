import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../../model/types.js';
import {
  BUILTIN_RULES,
  exitCodeOf,
  lineExcerpt,
  lint,
  listRules,
  mergeLintOptions,
  parseLintConfig,
  promtoolCheckMetrics,
  rulesMarkdown,
  selectRules,
  type LintInputFormat,
  type LintOptions,
} from '../../validate/index.js';
import { EXIT_USAGE, type CliIO } from '../io.js';
import { formatDiagnostic } from '../report.js';

const HELP = `usage: promkit lint [options] [FILE|GLOB|-]...

Checks text-format 0.0.4 and OpenMetrics expositions: every parse error (parsing
resumes at the next line), promtool's promlint rules, structural rules, and with
--push what a Pushgateway will do with the payload. Reads standard input without
FILE or with -.

  --format F              text (default; colour on a terminal), json, github
                          (workflow annotations) or promtool (exactly what
                          \`promtool check metrics\` prints, on standard error)
  --input-format F        text (0.0.4), openmetrics, or auto (default: OpenMetrics
                          when the last line is "# EOF", else text)
  --push[=PATH]           lint for a push to PATH (/metrics/job/<job>{/<label>/<value>})
  --enable ID[,ID...]     turn rules or categories (promlint, structure, push) on
  --disable ID[,ID...]    turn rules or categories off
  --config FILE           JSON config: {"rules": {"ID": "off"|"error"|"warning"|"info"},
                          "enable": [], "disable": [], "limits": {...}, "push": PATH}
  --max-labels N          LABEL_LIMIT limit (default 30)
  --max-label-name-length N, --max-label-value-length N
                          LABEL_LENGTH limits in bytes (default 1024, 2048)
  --color, --no-color     force colour on or off
  --list-rules[=FORMAT]   print the rules (text, markdown or json) and exit

Exit status: 0 clean, 1 errors (parse errors included), 3 only warnings, 2 usage
or unreadable input. Rules are documented in docs/rules.md.
`;

type Format = 'text' | 'json' | 'github' | 'promtool';
const FORMATS: readonly Format[] = ['text', 'json', 'github', 'promtool'];
const INPUT_FORMATS: readonly LintInputFormat[] = ['text', 'openmetrics', 'auto'];

interface Args {
  format: Format;
  files: string[];
  options: LintOptions;
  config?: string;
  colour?: boolean;
  listRules?: string;
}

class UsageError extends Error {}

/** Parses a positive integer option value. */
function positive(name: string, v: string | undefined): number {
  if (v === undefined || !/^[1-9][0-9]*$/.test(v))
    throw new UsageError(`${name} needs a positive integer, got ${JSON.stringify(v ?? '')}`);
  return Number.parseInt(v, 10);
}

function splitIds(v: string | undefined, name: string): string[] {
  if (v === undefined || v === '') throw new UsageError(`${name} needs a rule id or category`);
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseArgs(argv: string[]): Args {
  const args: Args = { format: 'text', files: [], options: { inputFormat: 'auto' } };
  const enable: string[] = [];
  const disable: string[] = [];
  const limits: NonNullable<LintOptions['limits']> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    switch (name) {
      case '--format': {
        const f = value();
        if (!FORMATS.includes(f as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
        args.format = f as Format;
        break;
      }
      case '--input-format': {
        const f = value();
        if (!INPUT_FORMATS.includes(f as LintInputFormat))
          throw new UsageError(`--input-format must be one of ${INPUT_FORMATS.join(', ')}`);
        args.options.inputFormat = f as LintInputFormat;
        break;
      }
      case '--push': {
        if (inline !== undefined) args.options.push = inline;
        else if (argv[i + 1]?.startsWith('/metrics/')) args.options.push = argv[++i];
        else args.options.push = true;
        break;
      }
      case '--enable':
        enable.push(...splitIds(value(), name));
        break;
      case '--disable':
        disable.push(...splitIds(value(), name));
        break;
      case '--config': {
        const c = value();
        if (!c) throw new UsageError('--config needs a file');
        args.config = c;
        break;
      }
      case '--max-labels':
        limits.maxLabels = positive(name, value());
        break;
      case '--max-label-name-length':
        limits.maxLabelNameLength = positive(name, value());
        break;
      case '--max-label-value-length':
        limits.maxLabelValueLength = positive(name, value());
        break;
      case '--color':
      case '--colour':
        args.colour = true;
        break;
      case '--no-color':
      case '--no-colour':
        args.colour = false;
        break;
      case '--list-rules':
        args.listRules = inline ?? 'text';
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        args.files.push(arg);
    }
  }
  if (enable.length > 0) args.options.enable = enable;
  if (disable.length > 0) args.options.disable = disable;
  if (Object.keys(limits).length > 0) args.options.limits = limits;
  return args;
}

const GLOB_CHARS = /[*?[]/;

/** A glob segment (`*`, `?`, `[...]`) as a regular expression matching one path segment. */
function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = segment.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Expands a glob (`*`, `?`, `[...]`, `**` for any depth) to the matching files, sorted; dot files match only explicit dots. */
async function expandGlob(pattern: string): Promise<string[]> {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  if (absolute) segments.shift();
  const out: string[] = [];
  const walk = async (dir: string, rest: string[]): Promise<void> => {
    if (rest.length === 0) {
      if (!(await isDirectory(dir))) out.push(dir);
      return;
    }
    const [head, ...tail] = rest;
    const base = dir === '' ? (absolute ? '/' : '.') : dir;
    const joinTo = (name: string): string => (dir === '' ? (absolute ? '/' + name : name) : join(dir, name));
    if (head === '**') {
      await walk(dir, tail);
      let entries;
      try {
        entries = await readdir(base, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) await walk(joinTo(e.name), rest);
      return;
    }
    if (!GLOB_CHARS.test(head)) {
      await walk(joinTo(head), tail);
      return;
    }
    const re = segmentRegExp(head);
    let entries;
    try {
      entries = await readdir(base, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') && !head.startsWith('.')) continue;
      if (re.test(e.name)) await walk(joinTo(e.name), tail);
    }
  };
  await walk('', segments);
  return [...new Set(out)].sort();
}

/** The inputs to lint: `-` for standard input, files as given, globs expanded. */
async function resolveInputs(patterns: readonly string[]): Promise<string[]> {
  if (patterns.length === 0) return ['-'];
  const out: string[] = [];
  for (const p of patterns) {
    if (p === '-' || !GLOB_CHARS.test(p)) out.push(p);
    else {
      const files = await expandGlob(p);
      if (files.length === 0) throw new UsageError(`no files match ${p}`);
      out.push(...files);
    }
  }
  return out;
}

/** GitHub's escaping of an annotation's message and of its properties. */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command per finding: `::error file=F,line=L,col=C,title=CODE::message`. */
function githubAnnotation(file: string, d: Diagnostic): string {
  const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props: string[] = [];
  if (file !== '<stdin>') props.push(`file=${ghProperty(file)}`);
  if (d.pos) props.push(`line=${d.pos.line}`, `col=${d.pos.column}`);
  props.push(`title=${ghProperty(d.code)}`);
  return `::${level} ${props.join(',')}::${ghData(d.message)}\n`;
}

function jsonDiagnostic(d: Diagnostic): Record<string, unknown> {
  const o: Record<string, unknown> = { code: d.code, severity: d.severity, message: d.message };
  if (d.family !== undefined) o.family = d.family;
  if (d.pos) {
    o.line = d.pos.line;
    o.column = d.pos.column;
    o.offset = d.pos.offset;
  }
  return o;
}

function listRulesText(format: string): string {
  const rules = listRules();
  if (format === 'markdown') return rulesMarkdown(rules);
  if (format === 'json') {
    return (
      JSON.stringify(
        rules.map((r) => ({
          id: r.id,
          severity: r.severity,
          category: r.category,
          description: r.description,
          push: r.needsPush === true,
          builtin: BUILTIN_RULES.includes(r),
        })),
        null,
        2,
      ) + '\n'
    );
  }
  return rules
    .map((r) => `${r.id.padEnd(28)} ${r.severity.padEnd(8)} ${r.category.padEnd(10)} ${r.description}\n`)
    .join('');
}

/** Combines exit codes: 1 (errors) wins over 3 (warnings) wins over 0. */
function worst(a: number, b: number): number {
  if (a === 1 || b === 1) return 1;
  if (a === 3 || b === 3) return 3;
  return 0;
}

/** `promkit lint`: lint files, globs or standard input; exit 0 clean, 1 errors, 3 warnings only, 2 usage. */
export async function lintCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  let args: Args;
  let files: string[];
  let options: LintOptions;
  try {
    args = parseArgs(argv);
    if (args.listRules !== undefined) {
      if (!['text', 'markdown', 'json'].includes(args.listRules))
        throw new UsageError('--list-rules takes text, markdown or json');
      io.stdout(listRulesText(args.listRules));
      return 0;
    }
    options = args.options;
    if (args.config !== undefined) {
      let text: string;
      try {
        text = await readFile(args.config, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read ${args.config}: ${(e as Error).message}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new UsageError(`${args.config} is not JSON: ${(e as Error).message}`);
      }
      options = mergeLintOptions(parseLintConfig(json), options);
    }
    selectRules(options); // throws for unknown rule ids before any input is read
    files = await resolveInputs(args.files);
  } catch (e) {
    if (!(e instanceof UsageError) && !(e instanceof TypeError)) throw e;
    io.stderr(`promkit lint: ${e.message}\nRun \`promkit lint --help\` for usage.\n`);
    return EXIT_USAGE;
  }

  const colour = args.colour ?? io.isTTY;
  let exit = 0;
  const report: Array<{ file: string; diagnostics: Record<string, unknown>[] }> = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const path of files) {
    const file = path === '-' ? '<stdin>' : path;
    let input: Uint8Array;
    try {
      input = await io.readInput(path);
    } catch (e) {
      io.stderr(`promkit lint: cannot read ${path}: ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
    if (args.format === 'promtool') {
      const r = promtoolCheckMetrics(input, options);
      const out = files.length > 1 ? r.output.replace(/^(?=.)/gm, `${file}: `) : r.output;
      io.stderr(out);
      exit = worst(exit, r.exitCode);
      continue;
    }
    const diagnostics = lint(input, options);
    exit = worst(exit, exitCodeOf(diagnostics));
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else infos++;
    }
    if (args.format === 'json') {
      report.push({ file, diagnostics: diagnostics.map(jsonDiagnostic) });
    } else if (args.format === 'github') {
      io.stdout(diagnostics.map((d) => githubAnnotation(file, d)).join(''));
    } else {
      let text = '';
      for (const d of diagnostics)
        text += formatDiagnostic(file, d, d.pos ? lineExcerpt(input, d.pos.offset) : undefined, colour);
      io.stdout(text);
    }
  }
  if (args.format === 'json') {
    io.stdout(JSON.stringify({ files: report, errors, warnings, infos }) + '\n');
  } else if (args.format === 'text' && errors + warnings + infos > 0) {
    const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
    if (infos > 0) parts.push(`${infos} info`);
    io.stdout(
      `${errors + warnings + infos} problem${errors + warnings + infos === 1 ? '' : 's'} (${parts.join(', ')}) in ${files.length} file${files.length === 1 ? '' : 's'}\n`,
    );
  }
  return exit;
}
