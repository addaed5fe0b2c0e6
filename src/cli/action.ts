/**
 * The GitHub Action (`action.yml`, `runs.using: node24`, `runs.main: bin/sidecar-lint.cjs`, built by
 * `npm run build:package`): reads the `INPUT_*` variables the runner sets, expands the `paths` input
 * (one path or glob per line, spaces kept), and lints once: the job log gets the chosen format,
 * `output-file` gets SARIF (its folder created), `html-file` (when given) the HTML report, and
 * `$GITHUB_OUTPUT` gets `sarif=<file>` (and `html=<file>`); the job summary (`$GITHUB_STEP_SUMMARY`)
 * gets the counts and the most severe findings. A run that fails before linting (bad input,
 * configuration error) still writes a SARIF log naming the problem.
 * Exit code: the CLI's, with `fail-on` deciding what a finding does (0/1); 2 always fails.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Log } from 'sarif';
import { formatSarif } from '../report/sarif.js';
import { formatStepSummary } from '../report/step-summary.js';
import { packageInfo } from '../report/package-info.js';
import { main } from './main.js';
import type { CliIO } from './main.js';

const FAIL_ON = ['error', 'warning', 'never'] as const;
const FORMATS = ['text', 'compact', 'github', 'json', 'sarif'] as const;
const SKIPPED = new Set(['node_modules', '.git']);

/** An input as the runner passes it: `INPUT_<NAME>`, upper case, spaces as `_`, hyphens kept. */
export function input(env: Readonly<Record<string, string | undefined>>, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Every file under `base` (relative to `cwd`, forward slashes) that `glob` matches, sorted. */
function expandGlob(glob: string, cwd: string): string[] {
  const { base } = picomatch.scan(glob);
  const root = resolve(cwd, base === '' ? '.' : base);
  if (!existsSync(root)) return [];
  const matches = picomatch(glob.replace(/^\.\//, ''), { dot: true });
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const full = join(dir, entry.name);
      const rel = relative(cwd, full).split(sep).join('/');
      if (entry.isDirectory()) walk(full);
      else if (matches(rel)) found.push(rel);
    }
  };
  walk(root);
  return found.sort();
}

/** The `paths` input: one path or glob per line (spaces are part of the path); none means `.`. */
export function pathsFrom(text: string, cwd: string): { paths: string[]; unmatched: string[] } {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const paths: string[] = [];
  const unmatched: string[] = [];
  for (const line of lines.length > 0 ? lines : ['.']) {
    if (!picomatch.scan(line).isGlob) paths.push(line);
    else {
      const matched = expandGlob(line, cwd);
      if (matched.length === 0) unmatched.push(line);
      paths.push(...matched);
    }
  }
  return { paths, unmatched };
}

/** Run the action in `cwd` (the workspace); returns the step's exit code. */
export async function runAction(env: Readonly<Record<string, string | undefined>>, io: CliIO): Promise<number> {
  const output = input(env, 'output-file') || 'sidecar-lint.sarif';
  const sarifPath = resolve(io.cwd, output);
  const failOn = input(env, 'fail-on') || 'error';
  const format = input(env, 'format') || 'text';
  const category = input(env, 'sarif-category');
  const html = input(env, 'html-file');
  const summary = input(env, 'summary') || 'true';
  const problems: string[] = [];
  if (summary !== 'true' && summary !== 'false') problems.push(`summary must be true or false, got "${summary}"`);
  if (!(FAIL_ON as readonly string[]).includes(failOn)) problems.push(`fail-on must be error, warning or never, got "${failOn}"`);
  if (!(FORMATS as readonly string[]).includes(format)) problems.push(`format must be text, compact, github, json or sarif, got "${format}"`);
  const { paths, unmatched } = pathsFrom(input(env, 'paths'), io.cwd);
  for (const glob of unmatched) problems.push(`paths: no file matches ${glob}`);

  let status = 2;
  const messages: string[] = [];
  if (problems.length === 0) {
    const argv = [
      '--format', format,
      ...(format === 'sarif' ? ['--output-file', output] : ['--sarif-output', output]),
      ...(input(env, 'config') !== '' ? ['--config', input(env, 'config')] : []),
      ...(input(env, 'kube-version') !== '' ? ['--kube-version', input(env, 'kube-version')] : []),
      ...(category !== '' ? ['--sarif-category', category] : []),
      ...(html !== '' ? ['--html-output', html] : []),
      ...(failOn === 'warning' ? ['--max-warnings', '0'] : []),
      '--',
      ...paths,
    ];
    // The report goes to the log as it is; errors too, and they are kept for the SARIF log of a failed run.
    const stderr = { write: (text: string) => (messages.push(...text.split('\n').filter(Boolean)), io.stderr.write(text)) };
    status = await main(argv, { ...io, stderr });
    if (status === 1 && failOn === 'never') status = 0;
  } else {
    for (const problem of problems) io.stdout.write(`::error title=sidecar-lint::${problem}\n`);
  }
  if (!existsSync(sarifPath)) {
    // Nothing linted (a bad input or configuration): code scanning still gets a log, saying why.
    const reasons = problems.length > 0 ? problems : messages.map((line) => line.replace(/^sidecar-lint: /, ''));
    mkdirSync(dirname(sarifPath), { recursive: true });
    writeFileSync(sarifPath, formatSarif([], { color: false, rules: [], cwd: io.cwd, toolVersion: packageInfo().version, runErrors: reasons, ...(category !== '' ? { sarifCategory: category } : {}) }));
  }
  const githubOutput = env.GITHUB_OUTPUT;
  const htmlWritten = html !== '' && existsSync(resolve(io.cwd, html));
  if (githubOutput !== undefined && githubOutput !== '') appendFileSync(githubOutput, `sarif=${output}\n${htmlWritten ? `html=${html}\n` : ''}`);
  const stepSummary = env.GITHUB_STEP_SUMMARY;
  if (summary === 'true' && stepSummary !== undefined && stepSummary !== '') {
    const log = JSON.parse(readFileSync(sarifPath, 'utf8')) as Log;
    appendFileSync(stepSummary, formatStepSummary(log, {
      ...(env.GITHUB_SERVER_URL !== undefined ? { server: env.GITHUB_SERVER_URL } : {}),
      ...(env.GITHUB_REPOSITORY !== undefined ? { repository: env.GITHUB_REPOSITORY } : {}),
      ...(env.GITHUB_SHA !== undefined ? { sha: env.GITHUB_SHA } : {}),
      sarif: output,
      ...(htmlWritten ? { html } : {}),
    }));
  }
  return status;
}

