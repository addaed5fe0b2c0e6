/**
 * Orchestration: inputs → text → loaded documents → findings, file by file, in input order.
 */
import { lintSource } from './lint-source.js';
import type { EngineOptions } from './lint-source.js';
import { collectInputs, STDIN, STDIN_NAME } from '../load/inputs.js';
import { decode } from '../load/decode.js';
import { fileProblem, readInput } from '../load/read-input.js';
import type { ReadOptions } from '../load/read-input.js';
import type { InputFile } from '../load/inputs.js';
import { loadSource } from '../load/source.js';
import type { FileResult, Finding, ReadProblem } from '../types.js';
import { lintInParallel, onlyKnownRules, workerCount, workerSetup } from './workers.js';
import type { WorkerEntry } from './workers.js';
import { lintIsolated } from './isolated.js';
import { withNamespaceObjects } from './injection.js';
import type { InjectionSettings } from '../model/injectors/index.js';
import type { SourceFile } from '../load/source.js';
import type { IsolatedEntry } from './isolated.js';
import { planRenders } from '../render/discover.js';
import { lintRendered, mapStdin } from '../render/render.js';
import type { KeepFn, LintSourceFn } from '../render/render.js';
import type { RenderSettings } from '../render/settings.js';
import { dirname, join, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { temporaryFolder } from '../load/temporary-folder.js';
import { isReadProblem } from '../load/read-problem.js';

export interface LintRun {
  readonly results: readonly FileResult[];
  /** Paths that could not be read at all (exit 2). */
  readonly problems: readonly ReadProblem[];
  /** What the user should know that does not fail the run (links not followed), as messages. */
  readonly notices: readonly string[];
}

/** What the config's `ignore:` entries skip: whole files, and findings in a file. */
export interface IgnoreMatcher {
  /** True when the file is not to be linted at all. */
  skipsFile(absolutePath: string | undefined): boolean;
  /** The finding filter for one file (undefined when no entry can match it). */
  forFile(absolutePath: string | undefined): ((finding: Finding) => boolean) | undefined;
}

export interface LintOptions extends EngineOptions, ReadOptions {
  /**
   * Worker threads (`workers.ts`): a number, or `auto` (currently none: see `workerCount`). Off by
   * default; workers rebuild the rules by id, so only built-in rules work.
   */
  readonly workers?: number | 'auto';
  /** The worker thread's module and its rules; without it everything runs on the calling thread. */
  readonly workerEntry?: WorkerEntry;
  /**
   * Lint every file on one watched worker thread with a time limit per rule and pod spec
   * (`isolated.ts`): for rules that may never return. Takes the place of `workers`.
   */
  readonly isolate?: IsolatedEntry;
  /**
   * Render Helm charts and Kustomize folders found among the inputs (`src/render/`), and map
   * rendered stdin back to its sources; without it every file is plain YAML.
   */
  readonly render?: RenderSettings;
  /** `--stdin-filename`: the name stdin's findings carry, and the path `ignore:` entries match. */
  readonly stdinFilename?: string;
  /**
   * Told every source the run lints (plain files, rendered charts and overlays, stdin) with the
   * injection settings it is linted with, on the calling thread: what `explain` draws. A run with it
   * uses no worker threads.
   */
  readonly onSource?: (source: SourceFile, text: string, injection: InjectionSettings | undefined) => void;
}

/** Lint one file's text. */
export function lintText(filePath: string, text: string, options: LintOptions): Finding[] {
  const source = loadSource(filePath, text);
  options.onSource?.(source, text, options.injection);
  return lintSource(source, options);
}

/** Tell `onSource` about a file another thread lints: read and loaded here as well. */
async function observe(file: InputFile, options: LintOptions, stdin: NodeJS.ReadableStream): Promise<void> {
  if (options.onSource === undefined) return;
  const read = await readInput(file, stdin, options.maxFileSizeMb);
  if (!('bytes' in read)) return;
  const decoded = decode(read.bytes);
  if (!('problem' in decoded)) options.onSource(loadSource(file.displayPath, decoded.text), decoded.text, options.injection);
}

export function lintBytes(filePath: string, bytes: Uint8Array, options: LintOptions): Finding[] {
  const decoded = decode(bytes);
  if ('problem' in decoded) return [fileProblem(filePath, `Cannot lint this file: ${decoded.problem}.`)];
  return lintText(filePath, decoded.text, options);
}

export async function lintInput(file: InputFile, options: LintOptions, stdin: NodeJS.ReadableStream): Promise<FileResult | ReadProblem> {
  const read = await readInput(file, stdin, options.maxFileSizeMb);
  if ('problem' in read) return read.problem;
  if ('finding' in read) return { filePath: file.displayPath, findings: [read.finding] };
  return { filePath: file.displayPath, findings: lintBytes(file.displayPath, read.bytes, options) };
}

function ruleIdsOf(options: LintOptions): string[] {
  return options.rules.map((configured) => configured.rule.meta.id);
}

/** Rendered text linted on the watched worker thread too (plugin rules keep their time limit): through a temporary file. */
async function lintRenderedIsolated(
  name: string,
  text: string,
  isolate: IsolatedEntry,
  ruleIds: readonly string[],
  stdin: NodeJS.ReadableStream,
  maxFileSizeMb: number | undefined,
  problems: ReadProblem[],
): Promise<Finding[]> {
  const made = await temporaryFolder('sidecar-lint-rendered-');
  if ('problem' in made) {
    problems.push({ path: name, message: `cannot lint the rendered text on the plugin rules' worker thread: ${made.problem}` });
    return [];
  }
  const dir = made.path;
  const found: Finding[] = [];
  try {
    const file = join(dir, 'rendered.yaml');
    await writeFile(file, text);
    await lintIsolated([{ displayPath: name, absolutePath: file }], isolate, ruleIds, { stdin, ...(maxFileSizeMb !== undefined ? { maxFileSizeMb } : {}) }, (outcome) => {
      if (isReadProblem(outcome)) problems.push({ path: name, message: outcome.message.split(file).join(name) });
      else found.push(...outcome.findings);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return found;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Code-unit order, the same on every machine and locale. */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Lint files and folders. Results come sorted by path (stdin first), whatever the order of the
 * arguments or of the file system, so the same files always give the same report.
 */
export async function lintPaths(
  paths: readonly string[],
  options: LintOptions & { readonly cwd: string; readonly stdin?: NodeJS.ReadableStream; readonly ignore?: IgnoreMatcher },
): Promise<LintRun> {
  const collected = await collectInputs(paths, options.cwd);
  const render = options.render;
  const plan = render === undefined ? undefined : planRenders(
    collected.files.flatMap((file) => (file.absolutePath !== undefined ? [file.absolutePath] : [])),
    paths.filter((path) => path !== STDIN).map((path) => resolve(options.cwd, path)).filter(isFolder),
    options.cwd,
  );
  // Stdin is read here when it may be rendered output or is given a name; templates and patches are never plain YAML.
  const stdinHere = render !== undefined || options.stdinFilename !== undefined;
  const inputs = {
    ...collected,
    files: collected.files.filter((file) => !(stdinHere && file.absolutePath === undefined && file.displayPath === STDIN_NAME) && !(file.absolutePath !== undefined && plan?.covers(file.absolutePath))),
  };
  const readsStdin = stdinHere && collected.files.some((file) => file.absolutePath === undefined && file.displayPath === STDIN_NAME);
  // One run: a rule that throws is reported once, however many files it fails on.
  options = { ...options, failedRules: options.failedRules ?? new Set() };
  const results: FileResult[] = [];
  const problems = [...inputs.problems];
  const { ignore } = options;
  const files = ignore ? inputs.files.filter((file) => !ignore.skipsFile(file.absolutePath)) : inputs.files;
  // Injector profiles: a workload sees its namespace's labels from a Namespace object in any linted file.
  const injection = await withNamespaceObjects(options.injection, files, options.stdin ?? process.stdin, options.maxFileSizeMb);
  if (injection !== undefined) options = { ...options, injection };
  const deliver = (outcome: FileResult | ReadProblem) => {
    if (isReadProblem(outcome)) problems.push(outcome);
    else results.push(outcome);
  };
  const stdin = options.stdin ?? process.stdin;
  const lintHere = (file: InputFile) => {
    const ignored = ignore?.forFile(file.absolutePath);
    return lintInput(file, ignored ? { ...options, ignored } : options, stdin);
  };
  // Worker threads rebuild the rules by id: only built-in rules, and no ignore entries (functions stay here).
  const requested = options.workers === 'auto' ? undefined : options.workers;
  const entry = options.workerEntry;
  const workers = entry !== undefined && ignore === undefined && options.onSource === undefined && onlyKnownRules(options.rules, entry) ? workerCount(requested) : 0;
  if (options.isolate !== undefined) {
    const ruleIds = options.rules.map((configured) => configured.rule.meta.id);
    for (const file of files) await observe(file, options, stdin);
    await lintIsolated(files, options.isolate, ruleIds, { stdin, maxFileSizeMb: options.maxFileSizeMb }, deliver);
  } else if (entry !== undefined && workers > 0) {
    const setup = workerSetup(options.rules, options.kubernetesVersion, options.reportUnusedSuppressions === true, options.maxFileSizeMb, options.injection);
    await lintInParallel(files, workers, entry, setup, lintHere, deliver);
  } else {
    for (const file of files) deliver(await lintHere(file));
  }
  const isolate = options.isolate;
  const lintOne: LintSourceFn = (source, text) => {
    options.onSource?.(source, text, options.injection);
    return isolate === undefined
      ? lintSource(source, { ...options, ignored: undefined })
      : lintRenderedIsolated(source.filePath, text, isolate, ruleIdsOf(options), stdin, options.maxFileSizeMb, problems);
  };
  const keep: KeepFn = (finding, absolutePath) => !ignore?.skipsFile(absolutePath) && !ignore?.forFile(absolutePath)?.(finding);
  if (readsStdin) {
    const name = options.stdinFilename ?? STDIN_NAME;
    const absolute = options.stdinFilename !== undefined ? resolve(options.cwd, options.stdinFilename) : undefined;
    const base = absolute === undefined ? options.cwd : isFolder(absolute) ? absolute : dirname(absolute);
    const read = await readInput({ displayPath: name }, stdin, options.maxFileSizeMb);
    if ('problem' in read) problems.push(read.problem);
    else if ('finding' in read) results.push({ filePath: name, findings: [read.finding] });
    else {
      const decoded = decode(read.bytes);
      const mapped = 'problem' in decoded || render === undefined ? undefined : await mapStdin(decoded.text, { name, base, cwd: options.cwd, maxFileSizeMb: options.maxFileSizeMb }, lintOne, keep);
      if (mapped !== undefined) results.push(...mapped);
      else if (!ignore?.skipsFile(absolute)) {
        const ignored = ignore?.forFile(absolute);
        // Plugin rules keep their watched thread and time limit on stdin too.
        if (isolate !== undefined && !('problem' in decoded)) options.onSource?.(loadSource(name, decoded.text), decoded.text, options.injection);
        const findings = isolate !== undefined && !('problem' in decoded) ? (await lintRenderedIsolated(name, decoded.text, isolate, ruleIdsOf(options), stdin, options.maxFileSizeMb, problems)).filter((finding) => !ignored?.(finding)) : lintBytes(name, read.bytes, ignored ? { ...options, ignored } : options);
        results.push({ filePath: name, findings });
      }
    }
  }
  if (plan !== undefined && render !== undefined) results.push(...(await lintRendered(plan, { ...render, maxFileSizeMb: options.maxFileSizeMb }, lintOne, keep)));
  const stdinFirst = (path: string) => (path === STDIN_NAME ? '' : path);
  results.sort((a, b) => byPath(stdinFirst(a.filePath), stdinFirst(b.filePath)));
  problems.sort((a, b) => byPath(a.path, b.path) || byPath(a.message, b.message));
  return { results, problems, notices: inputs.notices };
}
