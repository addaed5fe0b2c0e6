/**
 * The command line: parse arguments, load the configuration, lint, format, and return the exit code
 * (0 clean, 1 errors or too many warnings, 2 usage, configuration or internal failure).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, findConfigFile, readConfigFile, resolveConfig } from './config.js';
import { INTERNAL_ERROR } from './engine.js';
import { FORMATS, isFormatName } from './formatters/index.js';
import { escapeForTerminal } from './formatters/escape.js';
import { compileIgnore } from './ignore.js';
import { DEFAULT_MAX_FILE_SIZE_MB, lintPaths } from './lint.js';
import type { LintRun } from './lint.js';
import { FIX_TYPES } from './fix.js';
import type { FixType } from './fix.js';
import { fixPaths } from './fix-files.js';
import type { FixRun } from './fix-files.js';
import type { FixFilter } from './fix-text.js';
import { unifiedDiff } from './diff.js';
import { effectiveConfig } from './print-config.js';
import type { AnyRule } from './rule.js';
import { loadRuleSet } from './rule-set.js';
import type { FileResult } from './types.js';
import { packageInfo } from './package-info.js';
import { resolve } from 'node:path';

export interface CliIO {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: NodeJS.ReadableStream;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const OPTIONS = {
  format: { type: 'string', short: 'f', default: 'text' },
  config: { type: 'string', short: 'c' },
  'output-file': { type: 'string', short: 'o' },
  'sarif-category': { type: 'string' },
  'kube-version': { type: 'string' },
  'max-warnings': { type: 'string' },
  'max-file-size': { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'list-rules': { type: 'boolean', default: false },
  'print-config': { type: 'string' },
  'report-unused-suppressions': { type: 'boolean', default: false },
  fix: { type: 'boolean', default: false },
  'fix-dry-run': { type: 'boolean', default: false },
  'fix-type': { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

function help(): string {
  const { homepage } = packageInfo();
  return `Usage: sidecar-lint [options] <path...>

Lint Kubernetes manifests for sidecar-container mistakes. Paths are files or
folders (searched for *.yaml, *.yml, *.json); use - to read from stdin:
  helm template my-chart | sidecar-lint -

Options:
  -f, --format <name>      Output format: ${Object.keys(FORMATS).join(', ')} (default: text)
                           sarif: SARIF 2.1.0 for code scanning; github: workflow-command annotations
  -o, --output-file <file> Write the report to a file instead of stdout
      --sarif-category <id>
                           SARIF automationDetails.id, to upload several runs for one commit
  -c, --config <file>      Use this config file instead of the nearest one
                           (.sidecar-lint.yaml, .sidecar-lint.json, package.json)
      --kube-version <x.y> Target Kubernetes version (default: 1.33)
      --max-warnings <n>   Exit 1 when there are more than n warnings
      --max-file-size <MB> Refuse (report, not lint) files larger than this (default: ${DEFAULT_MAX_FILE_SIZE_MB})
  -q, --quiet              Report errors only
      --color, --no-color  Force colour on or off (default: on for a terminal, off with NO_COLOR)
      --list-rules         List the rules with their configured severity, whether they
                           depend on the Kubernetes version, and their description
      --report-unused-suppressions
                           Warn about ignore annotations and sidecar-lint-disable
                           comments that suppressed nothing (rule id unused-suppression)
      --print-config <file>
                           Print the effective configuration for a file (JSON)
      --fix                Apply automatic fixes to the files, then report what remains
                           (with - the fixed document goes to stdout, the report to stderr)
      --fix-dry-run        Print the fixes as a unified diff, write nothing (report to stderr)
      --fix-type <types>   Fix only these kinds: edit (a field in place), move (a container
                           to initContainers); comma-separated or repeated
      --rule <ids>         Fix only findings of these rules; comma-separated or repeated
  -h, --help               Show this help
  -v, --version            Show the version

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage, config or internal failure.
${homepage !== '' ? `Documentation: ${homepage}\n` : ''}`;
}

class UsageError extends Error {}

function defaultIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env };
}

export async function main(argv: readonly string[], io: CliIO = defaultIO()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      io.stderr.write(`sidecar-lint: ${safeLines(error.message)}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`sidecar-lint: internal error: ${safeLines(message)}\n`);
    if (io.env.SIDECAR_LINT_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    else io.stderr.write('Set SIDECAR_LINT_DEBUG=1 to see the stack trace, and please report this.\n');
    return 2;
  }
}

/** Messages may quote config keys or paths: escape each line, keep the line breaks. */
function safeLines(message: string): string {
  return message.split('\n').map(escapeForTerminal).join('\n');
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${message}\nRun sidecar-lint --help for usage.`);
  }
}

function listOf(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values.flatMap((value) => value.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}

function fixFilter(ruleIds: readonly string[] | undefined, types: readonly string[] | undefined, rules: readonly AnyRule[]): FixFilter {
  const filter: { rules?: Set<string>; types?: Set<FixType> } = {};
  const idList = listOf(ruleIds);
  if (idList !== undefined) {
    for (const id of idList) {
      const rule = rules.find((candidate) => candidate.meta.id === id);
      if (!rule) throw new UsageError(`--rule ${id}: no such rule. Run sidecar-lint --list-rules to see them.`);
      if (!rule.meta.fixable) throw new UsageError(`--rule ${id}: this rule has no automatic fix.`);
    }
    filter.rules = new Set(idList);
  }
  const typeList = listOf(types);
  if (typeList !== undefined) {
    for (const type of typeList) {
      if (!(FIX_TYPES as readonly string[]).includes(type)) throw new UsageError(`--fix-type ${type}: use one of ${FIX_TYPES.join(', ')}.`);
    }
    filter.types = new Set(typeList as FixType[]);
  }
  return filter;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One row per rule: id, configured severity (after preset and config), version-aware yes/no, description. */
function listRules(rules: readonly AnyRule[], severities: ReadonlyMap<string, string>): string {
  const rows = [
    ['RULE', 'SEVERITY', 'VERSION-AWARE', 'DESCRIPTION'],
    ...rules.map((rule) => [rule.meta.id, severities.get(rule.meta.id) ?? 'off', rule.meta.versionAware ? 'yes' : 'no', rule.meta.description]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return `${rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ').trimEnd()).join('\n')}\n`;
}

/** `SIDECAR_LINT_WORKERS=0` lints on one thread, `=N` uses N worker threads; unset: automatic. */
function workersFrom(value: string | undefined): number | 'auto' {
  if (value === undefined || value === '') return 'auto';
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new UsageError(`SIDECAR_LINT_WORKERS needs a whole number ≥ 0, got "${value}"`);
  return count;
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.stdout.write(help());
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${packageInfo().version}\n`);
    return 0;
  }
  const format = values.format;
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}": use one of ${Object.keys(FORMATS).join(', ')}`);
  const sarifCategory = values['sarif-category'];
  if (sarifCategory !== undefined && format !== 'sarif') throw new UsageError('--sarif-category applies to --format sarif only');
  if (sarifCategory !== undefined && sarifCategory.trim() === '') throw new UsageError('--sarif-category needs a non-empty id, e.g. --sarif-category manifests/staging');
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings needs a whole number ≥ 0, got "${values['max-warnings']}"`);
  }
  let maxFileSizeMb: number | undefined;
  if (values['max-file-size'] !== undefined) {
    maxFileSizeMb = Number(values['max-file-size']);
    if (!Number.isFinite(maxFileSizeMb) || maxFileSizeMb <= 0) throw new UsageError(`--max-file-size needs a number of megabytes > 0, got "${values['max-file-size']}"`);
  }

  const configFile = values.config !== undefined ? resolve(io.cwd, values.config) : findConfigFile(io.cwd);
  const configData = configFile !== undefined ? readConfigFile(configFile) : undefined;
  const ruleSet = await loadRuleSet(configData, { cwd: io.cwd, ...(configFile !== undefined ? { file: configFile } : {}) });
  const config = await resolveConfig(configData, ruleSet.rules, {
    cwd: io.cwd,
    ...(configFile !== undefined ? { file: configFile } : {}),
    ...(values['kube-version'] !== undefined ? { kubernetesVersion: values['kube-version'] } : {}),
  });

  if (values['list-rules']) {
    const severities = new Map(config.rules.map((configured) => [configured.rule.meta.id, configured.severity]));
    io.stdout.write(listRules(ruleSet.rules, severities));
    return 0;
  }
  if (values['print-config'] !== undefined) {
    const printed = effectiveConfig(values['print-config'], { cwd: io.cwd, data: configData, ruleSet, config });
    io.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('no input: give files or folders to lint, or - to read stdin.\nRun sidecar-lint --help for usage.');
  const fixing = values.fix || values['fix-dry-run'];
  if (values.fix && values['fix-dry-run']) throw new UsageError('use --fix or --fix-dry-run, not both.');
  if (!fixing && (values.rule !== undefined || values['fix-type'] !== undefined)) {
    throw new UsageError('--rule and --fix-type choose what --fix or --fix-dry-run fixes; add one of them.');
  }

  const engine = {
    rules: config.rules,
    kubernetesVersion: config.kubernetesVersion,
    cwd: io.cwd,
    stdin: io.stdin,
    workers: workersFrom(io.env.SIDECAR_LINT_WORKERS),
    reportUnusedSuppressions: values['report-unused-suppressions'],
    ...(config.ignore.length > 0 ? { ignore: compileIgnore(config.ignore, config.baseDir) } : {}),
    ...(maxFileSizeMb !== undefined ? { maxFileSizeMb } : {}),
  };
  let run: LintRun | FixRun;
  // Where the report goes: stdout, unless stdout carries the fixed document or the diff.
  let reportTo: { write(text: string): unknown } = io.stdout;
  if (fixing) {
    const filter = fixFilter(values.rule, values['fix-type'], ruleSet.rules);
    const fixed = await fixPaths(positionals, { ...engine, filter, write: values.fix });
    run = fixed;
    for (const refusal of fixed.refused) {
      const { finding, reason } = refusal;
      io.stderr.write(`sidecar-lint: ${escapeForTerminal(`${finding.filePath}:${finding.region.start.line}:${finding.region.start.column}: ${finding.ruleId} not fixed automatically: ${reason}.`)}\n`);
    }
    if (values['fix-dry-run']) {
      io.stdout.write(fixed.changes.map((change) => unifiedDiff(change.filePath, change.before, change.after)).join(''));
      reportTo = io.stderr;
    } else if (fixed.stdinText !== undefined) {
      io.stdout.write(fixed.stdinText);
      reportTo = io.stderr;
    }
    const count = fixed.changes.reduce((sum, change) => sum + change.applied.length, 0);
    const verb = values.fix ? 'fixed' : 'would fix';
    io.stderr.write(`sidecar-lint: ${verb} ${plural(count, 'problem')} in ${plural(fixed.changes.length, 'file')}.\n`);
  } else {
    run = await lintPaths(positionals, engine);
  }
  // Paths come from the file system: a file name can carry escape sequences too.
  for (const problem of run.problems) io.stderr.write(`sidecar-lint: ${escapeForTerminal(problem)}\n`);

  const results: FileResult[] = values.quiet
    ? run.results.map((result) => ({ ...result, findings: result.findings.filter((finding) => finding.severity === 'error') }))
    : [...run.results];
  const color = values.color ?? (!values['no-color'] && io.stdout.isTTY === true && !io.env.NO_COLOR && values['output-file'] === undefined);
  const formatter = await FORMATS[format]();
  const output = formatter(results, {
    color,
    rules: config.rules.map((configured) => configured.rule),
    severities: new Map(config.rules.map((configured) => [configured.rule.meta.id, configured.severity])),
    cwd: io.cwd,
    toolVersion: packageInfo().version,
    problems: run.problems,
    ...(sarifCategory !== undefined ? { sarifCategory } : {}),
  });
  if (values['output-file'] !== undefined) {
    try {
      writeFileSync(resolve(io.cwd, values['output-file']), output);
    } catch (error) {
      throw new UsageError(`cannot write ${values['output-file']}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else {
    reportTo.write(output);
  }

  const all = run.results.flatMap((result) => result.findings);
  if (run.problems.length > 0 || all.some((finding) => finding.ruleId === INTERNAL_ERROR)) return 2;
  const errors = all.filter((finding) => finding.severity === 'error').length;
  const warnings = all.length - errors;
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && !values.quiet && warnings > maxWarnings) {
    io.stderr.write(`sidecar-lint: ${warnings} warnings exceed --max-warnings ${maxWarnings}.\n`);
    return 1;
  }
  return 0;
}
