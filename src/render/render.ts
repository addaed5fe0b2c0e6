/**
 * The render stage of a run: each chart and top kustomization of the plan rendered by the real
 * tool, its text loaded and linted (by the engine's function, handed in) and its findings mapped
 * back (`map-findings.ts`); one `render-error` finding for a chart or overlay that did not render
 * or whose renderer is not installed. Stdin that carries `# Source:` comments or origin
 * annotations is mapped the same way (`mapStdin`).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPathOf } from '../load/inputs.js';
import { DEFAULT_MAX_FILE_SIZE_MB } from '../load/read-input.js';
import { loadSource } from '../load/source.js';
import type { SourceFile } from '../load/source.js';
import type { FileResult, Finding, Severity } from '../types.js';
import { kustomizationFileIn, planRenders } from './discover.js';
import type { RenderPlan } from './discover.js';
import { renderChart } from './helm.js';
import type { Rendered } from './helm.js';
import { renderKustomization } from './kustomize.js';
import { mapFindings, templateFileFor } from './map-findings.js';
import { remoteRefusal } from './remote.js';
import { FileCache } from './sources.js';
import { chartsBelow } from './stdin-charts.js';
import type { MapContext } from './sources.js';
import { documentOrigins, isRendered } from './origins.js';
import { RENDER_ERROR } from './settings.js';
import type { RenderSettings } from './settings.js';

/** Lints one loaded source (its text too, for an engine that lints on another thread). */
export type LintSourceFn = (source: SourceFile, text: string) => readonly Finding[] | Promise<readonly Finding[]>;
export type KeepFn = (finding: Finding, absolutePath: string | undefined) => boolean;

function renderProblem(filePath: string, message: string, severity: Severity, line = 1, column = 1): Finding {
  const at = { line, column };
  return { ruleId: RENDER_ERROR, severity, message, filePath, region: { start: at, end: at }, documentIndex: 0, fatal: true };
}

/** Results by file: every file a document came from is "checked", with or without findings. */
class Collector {
  readonly byFile = new Map<string, Finding[]>();
  /** What is already in: a base built by two overlays gives its own problems once. */
  private readonly seen = new Set<string>();
  touch(filePath: string): Finding[] {
    let list = this.byFile.get(filePath);
    if (list === undefined) this.byFile.set(filePath, (list = []));
    return list;
  }
  add(finding: Finding): void {
    const { line, column } = finding.region.start;
    const key = JSON.stringify([finding.filePath, finding.ruleId, line, column, finding.message]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.touch(finding.filePath).push(finding);
  }
  /** Each file's findings in the engine's order: line, column, rule id, message (code units). */
  results(): FileResult[] {
    const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const order = (a: Finding, b: Finding) =>
      a.region.start.line - b.region.start.line || a.region.start.column - b.region.start.column || text(a.ruleId, b.ruleId) || text(a.message, b.message);
    return [...this.byFile].map(([filePath, findings]) => ({ filePath, findings: [...findings].sort(order) }));
  }
}

async function collect(text: string, displayName: string, context: MapContext, lint: LintSourceFn, keep: KeepFn, into: Collector, cache: FileCache): Promise<void> {
  const source = loadSource(displayName, text);
  const origins = documentOrigins(text, source);
  for (const mapped of mapFindings(await lint(source, text), source, origins, context, cache)) {
    if (keep(mapped.finding, mapped.file)) into.add(mapped.finding);
  }
  // Every file a document came from is checked, if it is one that is read.
  for (const origin of origins) {
    const file = origin.template !== undefined ? templateFileFor(origin.template, context, cache) : origin.origin !== undefined ? resolve(context.base, origin.origin) : undefined;
    if (file !== undefined && cache.source(file) !== undefined) into.touch(displayPathOf(file, context.cwd));
  }
}

function failed(rendered: Exclude<Rendered, { kind: 'text' }>, fallback: string, settings: RenderSettings, into: Collector): void {
  if (rendered.kind === 'missing') {
    const severity = settings.missing ?? 'error';
    if (severity !== 'off') into.add(renderProblem(displayPathOf(fallback, settings.cwd), rendered.message, severity));
    return;
  }
  const file = rendered.file !== undefined && existsSync(rendered.file) ? rendered.file : fallback;
  const at = file === rendered.file ? [rendered.line, rendered.column] : [];
  into.add(renderProblem(displayPathOf(file, settings.cwd), rendered.message, 'error', at[0], at[1]));
}

export async function lintRendered(plan: RenderPlan, settings: RenderSettings, lint: LintSourceFn, keep: KeepFn): Promise<FileResult[]> {
  const into = new Collector();
  const maxFileSizeMb = settings.maxFileSizeMb ?? DEFAULT_MAX_FILE_SIZE_MB;
  for (const chartDir of plan.charts) {
    const shown = displayPathOf(chartDir, settings.cwd);
    const rendered = await renderChart(chartDir, shown, settings);
    if (rendered.kind !== 'text') failed(rendered, join(chartDir, 'Chart.yaml'), settings, into);
    else await collect(rendered.text, shown, { cwd: settings.cwd, command: rendered.command, chartDir, base: chartDir, scope: shown }, lint, keep, into, new FileCache([chartDir], maxFileSizeMb));
  }
  for (const dir of plan.kustomizations) {
    const shown = displayPathOf(dir, settings.cwd);
    const info = plan.trees.get(dir);
    const remote = settings.allowRemote === true ? [] : foldersOf(dir, plan).flatMap((folder) => plan.trees.get(folder)?.remote ?? []);
    const rendered = remote.length > 0 ? ({ kind: 'failed', ...remoteRefusal(remote) } as const) : await renderKustomization(dir, shown, settings);
    if (rendered.kind !== 'text') failed(rendered, info?.file ?? dir, settings, into);
    else {
      const context = { cwd: settings.cwd, command: rendered.command, base: rendered.wrapper ?? dir, overlay: shown, patches: patchesOf(dir, plan), scope: `the folders ${shown} builds on` };
      await collect(rendered.text, shown, context, lint, keep, into, new FileCache(foldersOf(dir, plan), maxFileSizeMb));
    }
  }
  return into.results();
}

/** The folders of a tree: the kustomization's own and those of every base and component it builds on. */
function foldersOf(dir: string, plan: RenderPlan, seen = new Set<string>()): string[] {
  if (seen.has(dir)) return [];
  seen.add(dir);
  return [dir, ...(plan.trees.get(dir)?.folders ?? []).flatMap((folder) => foldersOf(folder, plan, seen))];
}

/** Patch files of a tree in the order Kustomize applies them: bases' and components' first, then the folder's own. */
function patchesOf(dir: string, plan: RenderPlan, seen = new Set<string>()): string[] {
  if (seen.has(dir)) return [];
  seen.add(dir);
  const info = plan.trees.get(dir);
  if (info === undefined) return [];
  return [...info.folders.flatMap((folder) => patchesOf(folder, plan, seen)), ...info.patches];
}

/**
 * Stdin's findings, mapped when its text is rendered output (`# Source:` comments, origin
 * annotations); `base` is where their relative paths start (the `--stdin-filename` folder, or the
 * working directory). Undefined when the text is plain YAML.
 */
export async function mapStdin(
  text: string,
  stdin: { readonly name: string; readonly base: string; readonly cwd: string; readonly maxFileSizeMb?: number | undefined },
  lint: LintSourceFn,
  keep: KeepFn,
): Promise<FileResult[] | undefined> {
  const { name: stdinName, base, cwd } = stdin;
  const source = loadSource(stdinName, text);
  const origins = documentOrigins(text, source);
  if (!isRendered(origins)) return undefined;
  const into = new Collector();
  into.touch(stdinName);
  const chartDir = existsSync(join(base, 'Chart.yaml')) ? base : undefined;
  // Named as an overlay folder (`--stdin-filename overlays/prod`): its patches count too.
  const tree = kustomizationFileIn(base) !== undefined ? planRenders([], [base]) : undefined;
  const shown = base === cwd ? 'the working directory' : displayPathOf(base, cwd);
  let context: MapContext = {
    cwd,
    command: stdinName,
    base,
    scope: tree !== undefined ? `the folders ${shown} builds on` : shown,
    ...(chartDir !== undefined ? { chartDir } : {}),
    ...(tree !== undefined ? { overlay: stdinName, patches: patchesOf(base, tree) } : {}),
  };
  const cache = new FileCache(tree !== undefined ? foldersOf(base, tree) : [base], stdin.maxFileSizeMb ?? DEFAULT_MAX_FILE_SIZE_MB);
  // `helm template charts/web | sidecar-lint -`: `# Source: web/…` names the chart only by its name.
  if (chartDir === undefined && tree === undefined && origins.some((origin) => origin.template !== undefined)) {
    context = { ...context, chartsByName: chartsBelow(base, (file) => cache.source(file)?.text) };
  }
  for (const mapped of mapFindings(await lint(source, text), source, origins, context, cache)) {
    if (keep(mapped.finding, mapped.file)) into.add(mapped.finding);
  }
  const results = into.results();
  return results.filter((result) => result.filePath !== stdinName || result.findings.length > 0 || results.length === 1);
}


/** True when text carries `# Source:` comments or origin annotations: rendered output, not a file people edit. */
export function isRenderedText(text: string): boolean {
  return isRendered(documentOrigins(text, loadSource('', text)));
}

/** What `--fix` says instead of fixing rendered input. */
export function notFixedNotice(what: string, count: number): string {
  return `${what}: not fixed (${count} problem${count === 1 ? '' : 's'}): fixes are for the files people edit, and rendered output is not one; fix the template, base or patch the report names`;
}
