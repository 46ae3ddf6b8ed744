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
  type LintOptions,
} from '../../validate/index.js';
import {
  choiceOption,
  flag,
  parseCommandLine,
  readCommandInput,
  stringList,
  stringOption,
  UsageError,
  withUsageErrors,
  type OptionSpec,
  type ParsedArgs,
} from '../args.js';
import { INPUT_FORMAT_HELP, INPUT_FORMAT_OPTION, inputFormatChoice } from '../input-format.js';
import type { CliIO } from '../io.js';
import { formatDiagnostic } from '../report.js';

const HELP = `usage: promkit lint [options] [FILE|GLOB|-]...

Checks text-format 0.0.4 and OpenMetrics expositions: every parse error (parsing
resumes at the next line), promtool's promlint rules, structural rules, and with
--push what a Pushgateway will do with the payload. Reads standard input without
FILE or with -.

  --format F              text (default; colour on a terminal), json, github
                          (workflow annotations) or promtool (exactly what
                          \`promtool check metrics\` prints, on standard error)
${INPUT_FORMAT_HELP}
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

interface Args {
  format: Format;
  files: string[];
  options: LintOptions;
  config?: string;
  colour?: boolean;
  listRules?: string;
}

/** Parses a positive integer option value. */
function positive(args: ParsedArgs, name: string): number | undefined {
  const v = stringOption(args, name);
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`--${name} needs a positive integer, got ${JSON.stringify(v)}`);
  return Number.parseInt(v, 10);
}

function splitIds(args: ParsedArgs, name: string): string[] {
  const out: string[] = [];
  for (const v of stringList(args, name)) {
    if (v === '') throw new UsageError(`--${name} needs a rule id or category`);
    out.push(
      ...v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    );
  }
  return out;
}

/**
 * `--push` and `--list-rules` take an optional value, which `parseArgs` does
 * not know: `--push /metrics/...` becomes `--push=/metrics/...`, a bare
 * `--push` or `--list-rules` gets an empty value.
 */
function optionalValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg === '--push' && argv[i + 1]?.startsWith('/metrics/')) out.push(`--push=${argv[++i]}`);
    else if (arg === '--push' || arg === '--list-rules') out.push(`${arg}=`);
    else out.push(arg);
  }
  return out;
}

const OPTIONS: Record<string, OptionSpec> = {
  format: { type: 'string' },
  ...INPUT_FORMAT_OPTION,
  push: { type: 'string' },
  enable: { type: 'string', multiple: true },
  disable: { type: 'string', multiple: true },
  config: { type: 'string' },
  'max-labels': { type: 'string' },
  'max-label-name-length': { type: 'string' },
  'max-label-value-length': { type: 'string' },
  color: { type: 'boolean' },
  colour: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'no-colour': { type: 'boolean' },
  'list-rules': { type: 'string' },
};

function lintArgs(parsed: ParsedArgs): Args {
  const args: Args = {
    format: choiceOption(parsed, 'format', FORMATS, 'text'),
    files: parsed.positionals,
    options: { inputFormat: inputFormatChoice(parsed) },
  };
  const push = stringOption(parsed, 'push');
  if (push !== undefined) args.options.push = push === '' ? true : push;
  const enable = splitIds(parsed, 'enable');
  const disable = splitIds(parsed, 'disable');
  if (enable.length > 0) args.options.enable = enable;
  if (disable.length > 0) args.options.disable = disable;
  const config = stringOption(parsed, 'config');
  if (config !== undefined) {
    if (config === '') throw new UsageError('--config needs a file');
    args.config = config;
  }
  const limits: NonNullable<LintOptions['limits']> = {};
  const maxLabels = positive(parsed, 'max-labels');
  const maxName = positive(parsed, 'max-label-name-length');
  const maxValue = positive(parsed, 'max-label-value-length');
  if (maxLabels !== undefined) limits.maxLabels = maxLabels;
  if (maxName !== undefined) limits.maxLabelNameLength = maxName;
  if (maxValue !== undefined) limits.maxLabelValueLength = maxValue;
  if (Object.keys(limits).length > 0) args.options.limits = limits;
  if (flag(parsed, 'color') || flag(parsed, 'colour')) args.colour = true;
  if (flag(parsed, 'no-color') || flag(parsed, 'no-colour')) args.colour = false;
  const list = stringOption(parsed, 'list-rules');
  if (list !== undefined) args.listRules = list === '' ? 'text' : list;
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

/** The JSON of a `--config` file. */
async function readConfig(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path} is not JSON: ${(e as Error).message}`);
  }
}

/** `promkit lint`: lint files, globs or standard input; exit 0 clean, 1 errors, 3 warnings only, 2 usage. */
export function lintCommand(argv: string[], io: CliIO): Promise<number> {
  return withUsageErrors(io, 'lint', async () => {
    const parsed = parseCommandLine(optionalValues(argv), OPTIONS);
    if (parsed.help) {
      io.stdout(HELP);
      return 0;
    }
    const args = lintArgs(parsed);
    if (args.listRules !== undefined) {
      if (!['text', 'markdown', 'json'].includes(args.listRules))
        throw new UsageError('--list-rules takes text, markdown or json');
      io.stdout(listRulesText(args.listRules));
      return 0;
    }
    let options = args.options;
    const config = args.config === undefined ? undefined : await readConfig(args.config);
    try {
      if (config !== undefined) options = mergeLintOptions(parseLintConfig(config), options);
      selectRules(options); // throws for unknown rule ids before any input is read
    } catch (e) {
      if (e instanceof TypeError) throw new UsageError(e.message);
      throw e;
    }
    const files = await resolveInputs(args.files);
    return lintFiles(files, args, options, io);
  });
}

/** Lints every input and prints the findings in the chosen format; returns the exit code. */
async function lintFiles(files: string[], args: Args, options: LintOptions, io: CliIO): Promise<number> {
  const colour = args.colour ?? io.isTTY;
  let exit = 0;
  const report: Array<{ file: string; diagnostics: Record<string, unknown>[] }> = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const path of files) {
    const file = path === '-' ? '<stdin>' : path;
    const input = await readCommandInput(io, path);
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
