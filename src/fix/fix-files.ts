/**
 * `--fix` and `--fix-dry-run` over inputs: fix each file's text, write back only files that
 * changed (atomically, in their own encoding), and report what the fixed files still contain.
 * A file is not written when its bytes would not survive decoding and encoding again (a lone
 * surrogate in UTF-16), or when it changed on disk after it was read (an editor saved it meanwhile).
 */
import { FileChangedError, snapshotOf, statBeforeRead, writeFileAtomic } from './atomic-write.js';
import type { WriteSteps } from './atomic-write.js';
import type { EngineOptions } from '../engine/lint-source.js';
import { collectInputs } from '../load/inputs.js';
import { fixText } from './fix-text.js';
import { withNamespaceObjects } from '../engine/injection.js';
import type { AppliedEdit, FixFilter, RefusedFix, TextFixResult } from './fix-text.js';
import { WatchedRun } from '../engine/isolated.js';
import type { IsolatedEntry } from '../engine/isolated.js';
import { lintText } from '../engine/lint.js';
import type { IgnoreMatcher, LintRun } from '../engine/lint.js';
import { decode, encode } from '../load/decode.js';
import { fileProblem, readInput } from '../load/read-input.js';
import type { ReadOptions } from '../load/read-input.js';
import type { FileResult, Finding, ReadProblem } from '../types.js';
import { planRenders } from '../render/discover.js';
import { isRenderedText, lintRendered, mapStdin, notFixedNotice } from '../render/render.js';
import type { RenderSettings } from '../render/settings.js';
import { lintSource } from '../engine/lint-source.js';
import { resolve } from 'node:path';

export interface FixPathsOptions extends EngineOptions, ReadOptions {
  readonly cwd: string;
  readonly stdin?: NodeJS.ReadableStream;
  readonly filter?: FixFilter;
  /** Config `ignore:` entries: ignored files are neither linted nor fixed, ignored findings not fixed. */
  readonly ignore?: IgnoreMatcher;
  /** False for `--fix-dry-run`: compute and report, write nothing. */
  readonly write: boolean;
  readonly writeSteps?: WriteSteps;
  /** Rules that may never return (plugin rules): lint and fix on a watched worker thread. */
  readonly isolate?: IsolatedEntry;
  /** Charts and kustomizations are rendered and reported, never fixed (`src/render/`). */
  readonly render?: RenderSettings;
}

export interface FileChange {
  readonly filePath: string;
  readonly before: string;
  readonly after: string;
  readonly applied: readonly Finding[];
  /** The splices that turned `before` into `after`, one set per applied fix, in order. */
  readonly edits: readonly AppliedEdit[];
  /** Undefined for stdin (its fixed text goes to stdout). */
  readonly absolutePath?: string;
}

export interface FixRun extends LintRun {
  /** Files whose text the fixes changed, in input order. */
  readonly changes: readonly FileChange[];
  readonly refused: readonly RefusedFix[];
  /** Files left as they were for a reason of their own (changed on disk meanwhile, bytes that do not survive decoding): exit 2. */
  readonly unfixed: readonly ReadProblem[];
  /** The text read from stdin after fixing (unchanged when nothing was fixed); undefined without stdin. */
  readonly stdinText?: string;
}

export async function fixPaths(paths: readonly string[], options: FixPathsOptions): Promise<FixRun> {
  const collected = await collectInputs(paths, options.cwd);
  const { render } = options;
  const plan = render === undefined ? undefined : planRenders(
    collected.files.flatMap((file) => (file.absolutePath !== undefined ? [file.absolutePath] : [])),
    paths.filter((path) => path !== '-').map((path) => resolve(options.cwd, path)),
    options.cwd,
  );
  const inputs = { ...collected, files: collected.files.filter((file) => !(file.absolutePath !== undefined && plan?.covers(file.absolutePath))) };
  // Injector profiles see the Namespace objects of every file, as when linting.
  const injection = await withNamespaceObjects(options.injection, inputs.files.filter((file) => !options.ignore?.skipsFile(file.absolutePath)), options.stdin ?? process.stdin, options.maxFileSizeMb);
  const notices = [...inputs.notices];
  const lintOne = (source: Parameters<typeof lintSource>[0]) => lintSource(source, { rules: options.rules, kubernetesVersion: options.kubernetesVersion, ...(injection !== undefined ? { injection } : {}) });
  const keep = (finding: Finding, absolutePath: string | undefined) => !options.ignore?.skipsFile(absolutePath) && !options.ignore?.forFile(absolutePath)?.(finding);
  const results: LintRun['results'][number][] = [];
  const problems = [...inputs.problems];
  const unfixed: ReadProblem[] = [];
  const changes: FileChange[] = [];
  const refused: RefusedFix[] = [];
  let stdinText: string | undefined;
  const watched = options.isolate ? new WatchedRun(options.isolate, options.rules.map((configured) => configured.rule.meta.id)) : undefined;
  try {
  for (const [index, file] of inputs.files.entries()) {
    if (options.ignore?.skipsFile(file.absolutePath)) continue;
    const ignored = options.ignore?.forFile(file.absolutePath);
    // Each file is linted several times while fixing: no run-wide failedRules, so that a rule that
    // throws is reported in the final report of every file it fails on.
    const engine: EngineOptions = {
      rules: options.rules,
      kubernetesVersion: options.kubernetesVersion,
      ...(injection !== undefined ? { injection } : {}),
      ...(options.reportUnusedSuppressions !== undefined ? { reportUnusedSuppressions: options.reportUnusedSuppressions } : {}),
      ...(ignored ? { ignored } : {}),
    };
    // Taken before reading: a change made after this moment shows when the fix is written.
    const statBefore = options.write && file.absolutePath !== undefined ? await statBeforeRead(file.absolutePath) : undefined;
    const read = await readInput(file, options.stdin ?? process.stdin, options.maxFileSizeMb);
    if ('problem' in read) {
      problems.push(read.problem);
      continue;
    }
    if ('finding' in read) {
      results.push({ filePath: file.displayPath, findings: [read.finding] });
      continue;
    }
    const decoded = decode(read.bytes);
    if ('problem' in decoded) {
      results.push({ filePath: file.displayPath, findings: [fileProblem(file.displayPath, `Cannot lint this file: ${decoded.problem}.`)] });
      continue;
    }
    if (render !== undefined && file.absolutePath === undefined && isRenderedText(decoded.text)) {
      const mapped = (await mapStdin(decoded.text, { name: file.displayPath, base: options.cwd, cwd: options.cwd, maxFileSizeMb: options.maxFileSizeMb }, lintOne, keep)) ?? [];
      stdinText = decoded.text;
      results.push(...mapped);
      notices.push(notFixedNotice('stdin is rendered output', mapped.reduce((sum, result) => sum + result.findings.length, 0)));
      continue;
    }
    const filter = options.filter ?? {};
    const fixed = watched
      ? ((await watched.run({ index, file, text: decoded.text, fix: filter })) as TextFixResult)
      : fixText(file.displayPath, decoded.text, engine, filter);
    const lintAgain = async (text: string): Promise<readonly Finding[]> =>
      watched ? ((await watched.run({ index, file, text })) as FileResult).findings : lintText(file.displayPath, text, engine);
    refused.push(...fixed.refused);
    if (fixed.text === decoded.text) {
      if (file.absolutePath === undefined) stdinText = fixed.text;
      results.push({ filePath: file.displayPath, findings: fixed.findings });
      continue;
    }
    const leaveUnfixed = async (problem: string) => {
      unfixed.push({ path: file.displayPath, message: problem });
      if (file.absolutePath === undefined) stdinText = decoded.text;
      results.push({ filePath: file.displayPath, findings: await lintAgain(decoded.text) });
    };
    // Every byte no fix touches must stay: only a file whose bytes decode and encode back as they were.
    if (!Buffer.from(encode(decoded.text, decoded.encoding)).equals(read.bytes)) {
      await leaveUnfixed("cannot fix: the file's bytes do not survive decoding (lone surrogate / invalid sequence); left it unchanged");
      continue;
    }
    if (file.absolutePath === undefined) stdinText = fixed.text;
    if (options.write && file.absolutePath !== undefined) {
      try {
        await writeFileAtomic(file.absolutePath, encode(fixed.text, decoded.encoding), {
          ...options.writeSteps,
          ...(statBefore ? { unchangedSince: snapshotOf(statBefore, read.bytes) } : {}),
        });
      } catch (error) {
        if (error instanceof FileChangedError) await leaveUnfixed('changed on disk while it was being fixed; did not write the fix (run --fix again)');
        else await leaveUnfixed(`cannot write the fixed file, left it unchanged: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        continue;
      }
    }
    changes.push({
      filePath: file.displayPath,
      before: decoded.text,
      after: fixed.text,
      applied: fixed.applied,
      edits: fixed.edits,
      ...(file.absolutePath !== undefined ? { absolutePath: file.absolutePath } : {}),
    });
    results.push({ filePath: file.displayPath, findings: fixed.findings });
  }
  } finally {
    await watched?.close();
  }
  if (plan !== undefined && render !== undefined && plan.charts.length + plan.kustomizations.length > 0) {
    const rendered = await lintRendered(plan, { ...render, maxFileSizeMb: options.maxFileSizeMb }, lintOne, keep);
    results.push(...rendered);
    const count = rendered.reduce((sum, result) => sum + result.findings.length, 0);
    notices.push(notFixedNotice(`${plan.charts.length} chart(s) and ${plan.kustomizations.length} kustomization(s) rendered`, count));
  }
  return { results, problems, unfixed, notices, changes, refused, ...(stdinText !== undefined ? { stdinText } : {}) };
}
