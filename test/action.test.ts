/**
 * The GitHub Action (`action.yml`) run the way the runner runs a JavaScript action: `runs.main` of
 * action.yml executed by node in a workspace folder, each input as `INPUT_<NAME>` (defaults from
 * action.yml), `GITHUB_WORKSPACE`, `GITHUB_OUTPUT` and `GITHUB_ACTIONS` set, no `node_modules` and
 * no build. Checks the outputs, the SARIF file, what the log shows and the exit code for each `fail-on`;
 * (the committed bundle, bin/sidecar-lint.cjs: test/bundle.test.ts checks it is what the sources build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { countFindings, ROOT } from './helpers/cli.js';
import { WARNING_POD } from './helpers/manifests.js';

interface Action {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; steps?: unknown };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  workspace: string;
  sarif: () => Log;
  /** What the step wrote to $GITHUB_STEP_SUMMARY. */
  summary: () => string;
}

/** Run the action as the runner does: `node <action>/<runs.main>` in the workspace, inputs in env. */
function runAction(inputs: Record<string, string>, files: Record<string, string>): ActionRun {
  const base = mkdtempSync(join(tmpdir(), 'sidecar-lint-action-'));
  temporary.push(base);
  const workspace = join(base, 'workspace');
  mkdirSync(workspace);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(workspace, name, '..'), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }
  const outputFile = join(base, 'github_output');
  writeFileSync(outputFile, '');
  const summaryFile = join(base, 'step_summary');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workspace,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo/shop',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    RUNNER_TEMP: base,
  };
  for (const [name, spec] of Object.entries(action.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  }
  const result = spawnSync(process.execPath, [join(ROOT, action.runs.main)], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const sarifPath = join(workspace, inputs['output-file'] ?? 'sidecar-lint.sarif');
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs, workspace, sarif: () => JSON.parse(readFileSync(sarifPath, 'utf8')) as Log, summary: () => readFileSync(summaryFile, 'utf8') };
}

const examples = Object.fromEntries(
  ['bad-deployment.yaml', 'bad-job.yaml', 'log-shipping-pod.yaml'].map((name) => [`k8s/${name}`, readFileSync(join(ROOT, 'fixtures/examples', name), 'utf8')]),
);

describe('action.yml', () => {
  it('is a node24 JavaScript action running the committed bundle, with the documented inputs', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'bin/sidecar-lint.cjs' });
    expect(Object.keys(action.inputs).sort()).toEqual(['config', 'fail-on', 'format', 'html-file', 'kube-version', 'output-file', 'paths', 'sarif-category', 'summary']);
    for (const input of Object.values(action.inputs)) expect(input.description).toBeTruthy();
    expect(Object.keys(action.outputs)).toEqual(['sarif', 'html']);
  });
});

describe('the action, run as the runner runs it', () => {
  it('lints once: writes SARIF, sets the sarif output, prints the text report, fails on errors by default', () => {
    const run = runAction({ paths: 'k8s' }, examples);
    expect(run.status).toBe(1);
    expect(run.outputs).toEqual({ sarif: 'sidecar-lint.sarif' });
    const expected = countFindings(['k8s'], { cwd: run.workspace });
    expect(expected.errors).toBeGreaterThan(0);
    const log = run.sarif();
    expect(log.runs[0]!.results).toHaveLength(expected.total);
    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toMatch(/^k8s\/bad-/);
    const summary = `${expected.total} problems (${expected.errors} errors, ${expected.warnings} warnings)`;
    expect(run.stdout.split(summary)).toHaveLength(2);
    expect(run.stderr).toBe('');
  });

  it('writes the job summary: counts, the most severe findings linked to the file at the commit, the reports', () => {
    const run = runAction({ paths: 'k8s', 'html-file': 'reports/sidecar-lint.html' }, examples);
    expect(run.status).toBe(1);
    expect(run.outputs).toEqual({ sarif: 'sidecar-lint.sarif', html: 'reports/sidecar-lint.html' });
    expect(readFileSync(join(run.workspace, 'reports/sidecar-lint.html'), 'utf8')).toMatch(/^<!doctype html>/);
    const expected = countFindings(['k8s'], { cwd: run.workspace });
    const summary = run.summary().split('\n');
    expect(summary[0]).toBe(`### ❌ sidecar-lint: ${expected.errors} errors, ${expected.warnings} warnings in 3 files`);
    expect(summary.slice(2, 4)).toEqual(['| | Rule | Where | Problem |', '| --- | --- | --- | --- |']);
    const rows = summary.filter((line) => line.startsWith('| ❌') || line.startsWith('| ⚠️'));
    expect(rows).toHaveLength(Math.min(20, expected.total));
    // Errors first; each place a link to the line at the commit; the rule to its page.
    expect(rows.findIndex((line) => line.startsWith('| ⚠️'))).toBeGreaterThanOrEqual(expected.errors);
    expect(rows[0]).toBe('| ❌ error | [volume-mount-undefined](https://github.com/sidecar-lint/sidecar-lint/blob/main/rules/volume-mount-undefined.md) | [k8s/bad-deployment.yaml:17:15](https://github.com/octo/shop/blob/0123456789abcdef0123456789abcdef01234567/k8s/bad-deployment.yaml#L17) | Deployment/api: container "api" mounts volume "app-logs", but neither spec.volumes nor volumeClaimTemplates declares a volume of that name; the API server rejects the pod. Declare the volume or fix the name. |');
    expect(run.summary()).toContain('Reports: SARIF `sidecar-lint.sarif` (for code scanning: github/codeql-action/upload-sarif); HTML `reports/sidecar-lint.html` (a page with a timeline per pod: actions/upload-artifact).');
    // summary: false writes none.
    expect(runAction({ paths: 'k8s', summary: 'false' }, examples).summary()).toBe('');
  });

  it('keeps text from the manifests out of the summary\'s Markdown and HTML', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: "a|<b>[c](https://evil.example)@team"\n      image: example.com/a:1\n';
    const row = runAction({ paths: 'evil.yaml' }, { 'evil.yaml': pod }).summary().split('\n').find((line) => line.includes('container-name-invalid'))!;
    expect(row).toContain('a&#124;&#60;b&#62;&#91;c&#93;(https://evil.example)&#64;team');
    expect(row.split('|')).toHaveLength(6);
  });

  it('exits as fail-on says: error, warning, never', () => {
    const warn = { 'warn.yaml': WARNING_POD };
    expect(runAction({ paths: 'warn.yaml' }, warn).status).toBe(0);
    expect(runAction({ paths: 'warn.yaml', 'fail-on': 'error' }, warn).status).toBe(0);
    expect(runAction({ paths: 'warn.yaml', 'fail-on': 'warning' }, warn).status).toBe(1);
    expect(runAction({ paths: 'warn.yaml', 'fail-on': 'never' }, warn).status).toBe(0);
    expect(runAction({ paths: 'k8s', 'fail-on': 'warning' }, examples).status).toBe(1);
    const never = runAction({ paths: 'k8s', 'fail-on': 'never' }, examples);
    expect(never.status).toBe(0);
    expect(never.sarif().runs[0]!.results!.length).toBeGreaterThan(0);
  });

  it('takes one path or glob per line, spaces included, and creates the output folder', () => {
    const files = { ...examples, 'my manifests/a pod.yaml': WARNING_POD, 'deep/x/one.yaml': WARNING_POD, 'deep/y/two.yml': WARNING_POD };
    const run = runAction({ paths: 'my manifests/a pod.yaml\n\n  k8s/bad-*.yaml\ndeep/**/*.y*ml\n', 'output-file': 'reports/sarif/out.sarif', 'fail-on': 'never' }, files);
    expect(run.status).toBe(0);
    expect(run.outputs.sarif).toBe('reports/sarif/out.sarif');
    const uris = new Set(run.sarif().runs[0]!.results!.map((result) => result.locations![0]!.physicalLocation!.artifactLocation!.uri));
    expect([...uris].sort()).toEqual(['deep/x/one.yaml', 'deep/y/two.yml', 'k8s/bad-deployment.yaml', 'k8s/bad-job.yaml', 'my%20manifests/a%20pod.yaml']);
  });

  it('takes config, kube-version, format github and sarif-category', () => {
    const files = { ...examples, 'lint.yaml': 'rules:\n  setup-in-init-container: off\n' };
    const run = runAction({ paths: 'k8s/bad-job.yaml\nk8s/bad-deployment.yaml', config: 'lint.yaml', format: 'github', 'sarif-category': 'k8s', 'kube-version': '1.30' }, files);
    expect(run.status).toBe(1);
    const log = run.sarif();
    expect(log.runs[0]!.automationDetails).toEqual({ id: 'k8s/' });
    expect(log.runs[0]!.results!.map((result) => result.ruleId)).not.toContain('setup-in-init-container');
    const expected = countFindings(['--config', 'lint.yaml', '--kube-version', '1.30', 'k8s/bad-job.yaml', 'k8s/bad-deployment.yaml'], { cwd: run.workspace });
    expect(log.runs[0]!.results).toHaveLength(expected.total);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error file=k8s/'))).toHaveLength(expected.errors);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::warning file=k8s/'))).toHaveLength(expected.warnings);
  });

  it('with format sarif writes the SARIF file and prints no report', () => {
    const run = runAction({ paths: 'k8s', format: 'sarif' }, examples);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.sarif().runs[0]!.results!.length).toBe(countFindings(['k8s'], { cwd: run.workspace }).total);
  });

  it('exits 2 on a configuration error, prints it once, and still writes SARIF saying why, whatever fail-on says', () => {
    const run = runAction({ paths: 'k8s', 'fail-on': 'never' }, { ...examples, '.sidecar-lint.yaml': 'rules:\n  no-such-rule: error\n' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('sidecar-lint: invalid config .sidecar-lint.yaml: rules.no-such-rule: unknown rule "no-such-rule" (run sidecar-lint --list-rules)\n');
    expect(run.outputs).toEqual({ sarif: 'sidecar-lint.sarif' });
    const invocation = run.sarif().runs[0]!.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications![0]!.message.text).toBe('invalid config .sidecar-lint.yaml: rules.no-such-rule: unknown rule "no-such-rule" (run sidecar-lint --list-rules).');
    expect(run.sarif().runs[0]!.results).toEqual([]);
  });

  it('exits 2 on a bad fail-on or format, a glob that matches nothing, or a missing path, with SARIF written', () => {
    const badFailOn = runAction({ 'fail-on': 'sometimes' }, examples);
    expect(badFailOn).toMatchObject({ status: 2, stdout: '::error title=sidecar-lint::fail-on must be error, warning or never, got "sometimes"\n' });
    expect(badFailOn.sarif().runs[0]!.invocations![0]!.executionSuccessful).toBe(false);
    expect(runAction({ format: 'xml' }, examples).status).toBe(2);
    expect(runAction({ paths: 'nothing/**/*.yaml', 'fail-on': 'never' }, examples)).toMatchObject({ status: 2, stdout: '::error title=sidecar-lint::paths: no file matches nothing/**/*.yaml\n' });
    const missing = runAction({ paths: 'missing', 'fail-on': 'never' }, examples);
    expect(missing.status).toBe(2);
    expect(existsSync(join(missing.workspace, 'sidecar-lint.sarif'))).toBe(true);
    expect(runAction({ paths: 'k8s', 'kube-version': 'latest' }, examples).status).toBe(2);
  });
});
