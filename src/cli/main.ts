/**
 * The command line: parse arguments, load the configuration, lint, format, and return the exit code
 * (0 clean, 1 errors or too many warnings, 2 usage, configuration or internal failure).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../config/config.js';
import { INTERNAL_ERROR } from '../engine/lint-source.js';
import { FORMATS, isFormatName } from '../report/formats.js';
import { escapeForTerminal, escapeJsonForTerminal } from '../report/terminal-escape.js';
import { lintPaths } from '../engine/lint.js';
import type { LintRun } from '../engine/lint.js';
import { fixPaths } from '../fix/fix-files.js';
import type { FixRun } from '../fix/fix-files.js';
import { unifiedDiff } from '../fix/diff.js';
import { effectiveConfig } from './print-config.js';
import type { FileResult } from '../types.js';
import { packageInfo } from '../report/package-info.js';
import { fixFilter, help, maxFileSizeFrom, parseArguments, USAGE_HINT, UsageError } from './options.js';
import { listRules } from './rule-table.js';
import { setUp } from './run-setup.js';
import { runExplain } from './explain.js';
import { collectPods } from './pods-of-run.js';
import { formatKubeVersion } from '../model/kube-version.js';
import { isPluginProbe, runPluginProbe } from './plugin-probe.js';
import { isPluginWorker, runPluginWorker } from './plugin-worker.js';
import { pluginIsolation } from './lsp-plugins.js';
// This module is the lint workers' too (lint-worker.ts acts only in such a thread).
import './lint-worker.js';
import { isMainThread, workerData } from 'node:worker_threads';
import { dirname, resolve } from 'node:path';
import { problemText } from '../load/read-problem.js';

export interface CliIO {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: NodeJS.ReadableStream;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

function defaultIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env };
}

// Loaded as the worker thread of a run with plugin rules (`plugin-worker.ts`): be that worker.
if (!isMainThread && isPluginWorker(workerData)) runPluginWorker();
// Or the worker that checks plugins finish loading (`plugin-probe.ts`).
if (!isMainThread && isPluginProbe(workerData)) runPluginProbe();

export async function main(argv: readonly string[], io: CliIO = defaultIO()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    // Messages quote paths, arguments and config values: one line, every control character escaped.
    if (error instanceof ConfigError || error instanceof UsageError) {
      const hint = error instanceof UsageError && error.hint !== undefined ? `${error.hint}\n` : '';
      io.stderr.write(`sidecar-lint: ${escapeForTerminal(error.message)}\n${hint}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`sidecar-lint: internal error: ${escapeForTerminal(message)}\n`);
    if (io.env.SIDECAR_LINT_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${escapeForTerminal(error.stack, { lineFeeds: true })}\n`);
    else io.stderr.write('Set SIDECAR_LINT_DEBUG=1 to see the stack trace, and please report this.\n');
    return 2;
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  // The one subcommand: the pods as they will run (src/cli/explain.ts).
  if (argv[0] === 'explain') return runExplain(argv.slice(1), io, new URL(import.meta.url), (file, text) => writeReport(io.cwd, file, text));
  const { values, positionals } = parseArguments(argv);
  if (values.help) {
    io.stdout.write(help());
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${packageInfo().version}\n`);
    return 0;
  }
  if (values.stdio && !values.lsp) throw new UsageError('--stdio goes with --lsp (the language server).', USAGE_HINT);
  if (values.lsp) {
    if (positionals.length > 0) throw new UsageError('--lsp takes no paths: the editor sends the documents.', USAGE_HINT);
    // Loaded only here: the language server and its protocol library stay out of a lint run's start-up.
    const { startLanguageServer } = await import('../lsp/server.js');
    // Messages go to stdout, which for --lsp is always a stream of this process.
    // A trusted workspace's plugins run on this module's watched worker, as in a lint run.
    const isolation = pluginIsolation(new URL(import.meta.url), io.env);
    await startLanguageServer({ input: io.stdin, output: io.stdout as unknown as NodeJS.WritableStream, cwd: io.cwd, isolation });
    return 0;
  }
  const format = values.format;
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}": use one of ${Object.keys(FORMATS).join(', ')}`);
  const sarifCategory = values['sarif-category'];
  if (sarifCategory !== undefined && format !== 'sarif' && values['sarif-output'] === undefined) throw new UsageError('--sarif-category applies to --format sarif or --sarif-output only');
  if (sarifCategory !== undefined && sarifCategory.trim() === '') throw new UsageError('--sarif-category needs a non-empty id, e.g. --sarif-category manifests/staging');
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings needs a whole number ≥ 0, got "${values['max-warnings']}"`);
  }
  const maxFileSizeMb = maxFileSizeFrom(values['max-file-size']);

  const { configData, ruleSet, config, engine, isolate } = await setUp(values, io, maxFileSizeMb, new URL(import.meta.url));

  if (values['list-rules']) {
    const severities = new Map(config.rules.map((configured) => [configured.rule.meta.id, configured.severity]));
    io.stdout.write(listRules(ruleSet.rules, severities));
    return 0;
  }
  if (values['print-config'] !== undefined) {
    const printed = effectiveConfig(values['print-config'], { cwd: io.cwd, data: configData, ruleSet, config });
    io.stdout.write(`${escapeJsonForTerminal(JSON.stringify(printed, null, 2))}\n`);
    return 0;
  }
  // A bare `sidecar-lint` lints the working directory, as ESLint does.
  if (positionals.length === 0) positionals.push('.');
  const fixing = values.fix || values['fix-dry-run'];
  if (values.fix && values['fix-dry-run']) throw new UsageError('use --fix or --fix-dry-run, not both.');
  if (!fixing && (values['fix-rule'] !== undefined || values['fix-type'] !== undefined)) {
    throw new UsageError('--fix-rule and --fix-type choose what --fix or --fix-dry-run fixes; add one of them.');
  }

  // The HTML report draws every pod of the run: collected as the run loads its sources.
  const collector = format === 'html' || values['html-output'] !== undefined ? collectPods(config.kubernetesVersion, io.cwd) : undefined;
  let run: LintRun | FixRun;
  // Where the report goes: stdout, unless stdout carries the fixed document or the diff.
  let reportTo: { write(text: string): unknown } = io.stdout;
  if (fixing) {
    const filter = fixFilter(values['fix-rule'], values['fix-type'], ruleSet.rules);
    const fixed = await fixPaths(positionals, { ...engine, filter, write: values.fix, ...(isolate !== undefined ? { isolate } : {}) });
    run = fixed;
    for (const refusal of fixed.refused) {
      const { finding, reason } = refusal;
      io.stderr.write(`sidecar-lint: ${escapeForTerminal(`${finding.filePath}:${finding.region.start.line}:${finding.region.start.column}: ${finding.ruleId} not fixed automatically: ${reason}.`)}\n`);
    }
    if (values['fix-dry-run']) {
      // The file's own text, escaped but for its tabs and line ends; the name escaped whole.
      const diffs = fixed.changes.map((change) => unifiedDiff(escapeForTerminal(change.filePath), change.before, change.after));
      io.stdout.write(escapeForTerminal(diffs.join(''), { lineFeeds: true, fileText: true }));
      reportTo = io.stderr;
    } else if (fixed.stdinText !== undefined) {
      io.stdout.write(fixed.stdinText);
      reportTo = io.stderr;
    }
    const count = fixed.changes.reduce((sum, change) => sum + change.applied.length, 0);
    const verb = values.fix ? 'fixed' : 'would fix';
    io.stderr.write(`sidecar-lint: ${verb} ${plural(count, 'problem')} in ${plural(fixed.changes.length, 'file')}.\n`);
    for (const problem of fixed.unfixed) io.stderr.write(`sidecar-lint: ${escapeForTerminal(problemText(problem))}\n`);
  } else {
    run = await lintPaths(positionals, { ...engine, ...(isolate !== undefined ? { isolate } : {}), ...(collector !== undefined ? { onSource: collector.onSource } : {}) });
  }
  // Paths come from the file system: a file name can carry escape sequences too.
  for (const notice of run.notices) io.stderr.write(`sidecar-lint: ${escapeForTerminal(notice)}\n`);
  // Paths that could not be read are in every format's report; said on stderr too when the report
  // is not one a person reads where it is printed (JSON, SARIF, HTML, or a report written to a file).
  const readByPerson = values['output-file'] === undefined && (format === 'text' || format === 'compact' || format === 'github');
  if (!readByPerson) for (const problem of run.problems) io.stderr.write(`sidecar-lint: ${escapeForTerminal(problemText(problem))}\n`);

  const results: FileResult[] = values.quiet
    ? run.results.map((result) => ({ ...result, findings: result.findings.filter((finding) => finding.severity === 'error') }))
    : [...run.results];
  const color = values.color ?? (!values['no-color'] && io.stdout.isTTY === true && !io.env.NO_COLOR && values['output-file'] === undefined);
  // Wrap long messages only for a person at a terminal, never in a pipe or a file.
  const width = reportTo === io.stdout && io.stdout.isTTY === true && values['output-file'] === undefined ? io.stdout.columns : undefined;
  const context = {
    color,
    ...(width !== undefined && width > 0 ? { width } : {}),
    rules: config.rules.map((configured) => configured.rule),
    severities: new Map(config.rules.map((configured) => [configured.rule.meta.id, configured.severity])),
    cwd: io.cwd,
    toolVersion: packageInfo().version,
    problems: run.problems,
    ...(sarifCategory !== undefined ? { sarifCategory } : {}),
    kubernetesVersion: formatKubeVersion(config.kubernetesVersion),
    ...(collector !== undefined ? { pods: collector.pods(results), sourceText: collector.sourceText } : {}),
  };
  const formatter = await FORMATS[format]();
  const output = formatter(results, context);
  if (values['output-file'] !== undefined) writeReport(io.cwd, values['output-file'], output);
  else reportTo.write(output);
  // --sarif-output: the same run as SARIF as well (the GitHub Action: the log shows one format, code scanning gets SARIF).
  if (values['sarif-output'] !== undefined) writeReport(io.cwd, values['sarif-output'], (await FORMATS.sarif())(results, { ...context, color: false }));
  // --html-output: the HTML report as well (the Action's artifact).
  if (values['html-output'] !== undefined) writeReport(io.cwd, values['html-output'], (await FORMATS.html())(results, { ...context, color: false }));

  const all = run.results.flatMap((result) => result.findings);
  const unfixed = 'unfixed' in run ? run.unfixed.length : 0;
  if (run.problems.length > 0 || unfixed > 0 || all.some((finding) => finding.ruleId === INTERNAL_ERROR)) return 2;
  const errors = all.filter((finding) => finding.severity === 'error').length;
  const warnings = all.length - errors;
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && !values.quiet && warnings > maxWarnings) {
    io.stderr.write(`sidecar-lint: ${warnings} warnings exceed --max-warnings ${maxWarnings}.\n`);
    return 1;
  }
  return 0;
}

/** Write a report file, creating its folder; a failure is a usage error (exit 2). */
function writeReport(cwd: string, file: string, text: string): void {
  const target = resolve(cwd, file);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
