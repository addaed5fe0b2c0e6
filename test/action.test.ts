/**
 * The GitHub Action (`action.yml`): every input is wired, and its `run:` steps, run locally the way
 * the runner runs them (`bash --noprofile --norc -eo pipefail`), write SARIF and exit as `fail-on` says.
 * The install step (`npm ci` + build in the action's folder) is not run here: `npm test` has built
 * this checkout already, and test/pack.test.ts installs the package from nothing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { countFindings, ROOT } from './helpers/cli.js';
import { WARNING_POD } from './helpers/manifests.js';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const source = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const action = parse(source) as Action;

/** Fill `${{ inputs.x }}` and `${{ github.action_path }}` as the runner does. */
function expand(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (whole, expression: string) => {
    if (expression === 'github.action_path') return ROOT;
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (input) {
      const name = input[1]!;
      return inputs[name] ?? action.inputs[name]?.default ?? '';
    }
    throw new Error(`unexpected expression ${whole} in action.yml`);
  });
}

interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  workspace: string;
}

function runAction(inputs: Record<string, string>, files: Record<string, string>): StepRun {
  const workspace = mkdtempSync(join(tmpdir(), 'sidecar-lint-action-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(workspace, name, '..'), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }
  const outputFile = join(workspace, '..', `${workspace.split('/').pop()}.output`);
  writeFileSync(outputFile, '');
  const step = action.runs.steps.find((candidate) => candidate.id === 'lint')!;
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: workspace };
  for (const [key, value] of Object.entries(step.env ?? {})) env[key] = expand(value, inputs);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expand(step.run!, inputs)], {
    cwd: workspace,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs, workspace };
}

const examples = Object.fromEntries(
  ['bad-deployment.yaml', 'bad-job.yaml', 'log-shipping-pod.yaml'].map((name) => [`k8s/${name}`, readFileSync(join(ROOT, 'fixtures/examples', name), 'utf8')]),
);

describe('action.yml', () => {
  it('is a composite action on Node 24-based actions, with the documented inputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual(['config', 'fail-on', 'format', 'kube-version', 'output-file', 'paths', 'sarif-category']);
    const setupNode = action.runs.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(Number(/@v(\d+)/.exec(setupNode?.uses ?? '')?.[1])).toBeGreaterThanOrEqual(5);
    for (const input of Object.values(action.inputs)) expect(input.description).toBeTruthy();
  });

  it('uses every input, and only through env (never spliced into a script)', () => {
    const steps = action.runs.steps;
    for (const name of Object.keys(action.inputs)) {
      const used = steps.some((step) => Object.values(step.env ?? {}).some((value) => value.includes(`inputs.${name} }}`)));
      expect(used, `input ${name} is not used`).toBe(true);
    }
    for (const step of steps) expect(step.run ?? '').not.toMatch(/\$\{\{\s*inputs\./);
    expect(action.outputs.sarif?.value).toBe('${{ steps.lint.outputs.sarif }}');
  });

  it('installs and builds in the action folder without the dev-only multitool binaries', () => {
    const install = action.runs.steps.find((step) => step.id === 'install')!;
    expect(install['working-directory']).toBe('${{ github.action_path }}');
    expect(install.run).toMatch(/npm ci .*--omit=optional/);
    expect(install.run).toMatch(/npm run build/);
  });
});

describe('the action run step, run locally', () => {
  it('writes SARIF, sets the sarif output, and fails on errors by default', () => {
    const run = runAction({ paths: 'k8s' }, examples);
    expect(run.status).toBe(1);
    expect(run.outputs).toEqual({ sarif: 'sidecar-lint.sarif' });
    const log = JSON.parse(readFileSync(join(run.workspace, 'sidecar-lint.sarif'), 'utf8')) as Log;
    const expected = countFindings(['k8s'], { cwd: run.workspace });
    expect(expected.errors).toBeGreaterThan(0);
    expect(log.runs[0]!.results).toHaveLength(expected.total);
    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toMatch(/^k8s\/bad-/);
    expect(run.stdout).toContain(`${expected.total} problems (${expected.errors} errors, ${expected.warnings} warnings)`);
  });

  it('passes with fail-on: never, and still writes SARIF', () => {
    const run = runAction({ paths: 'k8s', 'fail-on': 'never', 'output-file': 'out/report.sarif' }, { ...examples, 'out/.keep': '' });
    expect(run.status).toBe(0);
    expect(run.outputs.sarif).toBe('out/report.sarif');
    expect(existsSync(join(run.workspace, 'out/report.sarif'))).toBe(true);
  });

  it('fails on warnings only with fail-on: warning', () => {
    expect(runAction({ paths: 'warn.yaml' }, { 'warn.yaml': WARNING_POD }).status).toBe(0);
    expect(runAction({ paths: 'warn.yaml', 'fail-on': 'warning' }, { 'warn.yaml': WARNING_POD }).status).toBe(1);
    expect(runAction({ paths: 'warn.yaml', 'fail-on': 'never' }, { 'warn.yaml': WARNING_POD }).status).toBe(0);
  });

  it('takes several paths, config, kube-version, format and sarif-category', () => {
    const files = { ...examples, 'lint.yaml': 'rules:\n  setup-in-init-container: off\n' };
    const run = runAction(
      { paths: 'k8s/bad-job.yaml\nk8s/bad-deployment.yaml', config: 'lint.yaml', format: 'github', 'sarif-category': 'k8s', 'kube-version': '1.30' },
      files,
    );
    expect(run.status).toBe(1);
    const log = JSON.parse(readFileSync(join(run.workspace, 'sidecar-lint.sarif'), 'utf8')) as Log;
    expect(log.runs[0]!.automationDetails).toEqual({ id: 'k8s/' });
    expect(log.runs[0]!.results!.map((result) => result.ruleId)).not.toContain('setup-in-init-container');
    const expected = countFindings(['--config', 'lint.yaml', '--kube-version', '1.30', 'k8s/bad-job.yaml', 'k8s/bad-deployment.yaml'], { cwd: run.workspace });
    expect(log.runs[0]!.results).toHaveLength(expected.total);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error file=k8s/'))).toHaveLength(expected.errors);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::warning file=k8s/'))).toHaveLength(expected.warnings);
    expect(runAction({ paths: 'k8s', 'kube-version': 'latest' }, examples).status).toBe(2);
  });

  it('exits 2 on a bad fail-on or format, or a path that does not exist, whatever fail-on says', () => {
    expect(runAction({ 'fail-on': 'sometimes' }, examples)).toMatchObject({ status: 2, stdout: expect.stringContaining('::error title=sidecar-lint::fail-on must be') as unknown });
    expect(runAction({ format: 'xml' }, examples).status).toBe(2);
    expect(runAction({ paths: 'missing', 'fail-on': 'never' }, examples).status).toBe(2);
  });
});
