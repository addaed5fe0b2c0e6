/**
 * The real-world precision set (test/precision/cases.tsv, test/precision/real-world.tsv): public
 * Helm charts, Kustomize overlays and example folders from ../shared/corpus/charts, rendered with
 * the real helm and kubectl as each case's command says, and linted with the default configuration.
 * A finding is known by what it is about, not by its line: the case, the source file in the
 * repository (helm's `# Source:` comment, the overlay's folder, the example file), the rule, the
 * object, the container and the field. Lines are kept for people: the line in the rendered output
 * (charts, overlays) or in the file (examples).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { documentSpans } from '../../src/load/documents.js';
import { formatPath } from '../../src/load/field-path.js';
import { lintText } from '../../src/engine/lint.js';
import type { LintOptions } from '../../src/engine/lint.js';
import type { Finding } from '../../src/types.js';

export interface Case {
  readonly id: string;
  readonly kind: 'chart' | 'overlay' | 'examples';
  readonly repository: string;
  /** The chart, overlay or folder in its repository. */
  readonly path: string;
  readonly commit: string;
  /** Where it is below ../shared/corpus/charts. */
  readonly folder: string;
  /** `helm template …`, `kubectl kustomize …`, `files` (every YAML file; charts inside rendered) or `kustomizations` (every kustomization folder rendered). */
  readonly command: string;
}

export interface Observed {
  readonly case: string;
  /** The file in the repository the finding's object comes from. */
  readonly path: string;
  readonly line: number;
  readonly rule: string;
  readonly severity: string;
  /** `Kind/namespace/name`. */
  readonly object: string;
  readonly container: string;
  /** The field, from the document root: `spec.template.spec.containers[1].resources`. */
  readonly field: string;
  readonly message: string;
}

export interface Tools {
  readonly helm: string;
  readonly kubectl: string;
}

export function readTsv(file: string): Record<string, string>[] {
  const [header = '', ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const names = header.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((value, index) => [names[index] ?? `${index}`, value])));
}

export function readCases(file: string): Case[] {
  return readTsv(file).map((row) => ({
    id: row.case ?? '',
    kind: (row.kind ?? 'chart') as Case['kind'],
    repository: row.repository ?? '',
    path: row.path ?? '',
    commit: row.commit ?? '',
    folder: row.folder ?? '',
    command: row.command ?? '',
  }));
}

/** What makes a finding the same across runs: everything but its line and message. */
export function keyOf(item: Pick<Observed, 'case' | 'path' | 'rule' | 'object' | 'container' | 'field'>): string {
  return [item.case, item.path, item.rule, item.object, item.container, item.field].join('|');
}

function run(binary: string, args: readonly string[], cwd: string): { text: string } | { problem: string } {
  const result = spawnSync(binary, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) return { problem: `${binary} ${args.join(' ')}: ${result.stderr || result.error?.message || 'failed'}`.slice(0, 400) };
  return { text: result.stdout };
}

/** The render of a `helm template …` or `kubectl kustomize …` command line (words split at spaces). */
function render(command: string, root: string, tools: Tools): { text: string } | { problem: string } {
  const [tool, ...args] = command.split(' ');
  return run(tool === 'helm' ? tools.helm : tools.kubectl, args, root);
}

function objectOf(finding: Finding): string {
  const ref = finding.object;
  return ref === undefined ? '' : `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

function observed(caseId: string, findings: readonly Finding[], pathOf: (documentIndex: number) => string): Observed[] {
  return findings.map((finding) => ({
    case: caseId,
    path: pathOf(finding.documentIndex),
    line: finding.region.start.line,
    rule: finding.ruleId,
    severity: finding.severity,
    object: objectOf(finding),
    container: finding.container ?? '',
    field: finding.path === undefined ? '' : formatPath(finding.path),
    message: finding.message,
  }));
}

/** helm's `# Source: chart/templates/x.yaml` of each document, as a path in the repository. */
function helmSources(text: string, chartPath: string): string[] {
  return documentSpans(text).map((span) => {
    const source = /^# Source: (.+)$/m.exec(text.slice(span.start, span.end))?.[1] ?? '';
    const inChart = source.split('/').slice(1).join('/');
    return chartPath === '.' ? inChart : `${chartPath}/${inChart}`;
  });
}

function lintRendered(item: Case, text: string, sourcePath: string | ((documentIndex: number) => string), options: LintOptions): Observed[] {
  const name = `${item.id}.rendered.yaml`;
  const sources = item.command.startsWith('helm ') ? helmSources(text, item.path) : [];
  const pathOf = typeof sourcePath === 'function' ? sourcePath : (index: number) => sources[index] ?? sourcePath;
  return observed(item.id, lintText(name, text, options), pathOf);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Folders below `dir` (itself included) holding `marker`. */
function foldersWith(dir: string, marker: string): string[] {
  const own = existsSync(join(dir, marker)) ? [dir] : [];
  const below = readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? foldersWith(path, marker) : [];
  });
  return [...own, ...below];
}

/** Lint one case as its command says; renders that fail are returned as problems, not findings. */
export function lintCase(item: Case, root: string, tools: Tools, options: LintOptions): { readonly findings: Observed[]; readonly problems: string[] } {
  const problems: string[] = [];
  const findings: Observed[] = [];
  if (item.command.startsWith('helm ') || item.command.startsWith('kubectl ')) {
    const rendered = render(item.command, root, tools);
    if ('problem' in rendered) problems.push(rendered.problem);
    else findings.push(...lintRendered(item, rendered.text, item.path, options));
    return { findings, problems };
  }
  const folder = join(root, item.folder);
  const marker = item.command === 'kustomizations' ? 'kustomization.yaml' : 'Chart.yaml';
  const rendered = foldersWith(folder, marker);
  for (const dir of rendered) {
    const inRepo = `${item.path}/${relative(folder, dir)}`;
    const args = marker === 'Chart.yaml' ? ['template', 'x', dir] : ['kustomize', dir];
    const out = run(marker === 'Chart.yaml' ? tools.helm : tools.kubectl, args, root);
    if ('problem' in out) problems.push(out.problem);
    else findings.push(...lintRendered({ ...item, command: marker === 'Chart.yaml' ? 'helm template' : 'kubectl kustomize', path: inRepo }, out.text, inRepo, options));
  }
  const covered = (file: string) => rendered.some((dir) => file.startsWith(`${dir}/`));
  for (const file of filesUnder(folder)) {
    if (!/\.ya?ml$/.test(file) || covered(file)) continue;
    const inRepo = `${item.path}/${relative(folder, file)}`;
    const text = readFileSync(file, 'utf8');
    findings.push(...observed(item.id, lintText(inRepo, text, options), () => inRepo));
  }
  return { findings, problems };
}
