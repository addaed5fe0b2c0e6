/**
 * The command line as ESLint users expect it: a bare run lints `.`, `--rule 'id: severity'` sets a
 * rule's severity for the run (`--fix-rule` narrows fixes), ESLint's severity words in the config,
 * config syntax errors at their line and column, and `--print-config` with the ignore entries that
 * apply and whether the file is skipped (for `.` without a file).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagesOf, runCli, tempTree } from './helpers/cli.js';
import { WARNING_POD } from './helpers/manifests.js';

const rulesOf = (stdout: string) => messagesOf(stdout).map((message) => message.ruleId);

describe('a bare sidecar-lint', () => {
  it('lints the working directory', () => {
    const dir = tempTree({ 'k8s/pod.yaml': WARNING_POD });
    const bare = runCli(['--format', 'json'], { cwd: dir });
    expect(bare.status).toBe(0);
    expect(bare.stdout).toBe(runCli(['--format', 'json', '.'], { cwd: dir }).stdout);
    expect(rulesOf(bare.stdout)).toEqual(['setup-in-init-container']);
  });
});

describe("--rule 'id: severity'", () => {
  it('sets a severity for this run, over the config file', () => {
    const dir = tempTree({ 'pod.yaml': WARNING_POD, '.sidecar-lint.yaml': 'rules:\n  setup-in-init-container: warning\n' });
    const raised = runCli(['--rule', 'setup-in-init-container: error', '--format', 'json', 'pod.yaml'], { cwd: dir });
    expect(raised.status).toBe(1);
    expect(JSON.parse(raised.stdout)[0].messages[0].severity).toBe(2);
    const off = runCli(['--rule', 'setup-in-init-container: off', 'pod.yaml'], { cwd: dir });
    expect(off).toMatchObject({ status: 0, stdout: 'No problems found (1 file checked).\n' });
    expect(runCli(['--rule', 'setup-in-init-container: 2', '--rule', 'setup-in-init-container: warn', 'pod.yaml'], { cwd: dir }).status).toBe(0);
  });

  it('is a usage or config error when it is not id: severity', () => {
    expect(runCli(['--rule', 'setup-in-init-container', 'x.yaml'])).toMatchObject({
      status: 2,
      stderr: `sidecar-lint: --rule needs '<rule-id>: <severity>', e.g. --rule 'sidecar-resources: off', got "setup-in-init-container"; to fix only some rules use --fix-rule <ids>\n`,
    });
    // The command line's mistake, said as such, with the rule meant when one is close.
    expect(runCli(['--rule', 'no-such-rule: off', 'x.yaml'])).toMatchObject({ status: 2, stderr: 'sidecar-lint: --rule no-such-rule: unknown rule (run sidecar-lint --list-rules)\n' });
    expect(runCli(['--rule', 'sidecar-resorces: off', 'x.yaml'])).toMatchObject({ status: 2, stderr: 'sidecar-lint: --rule sidecar-resorces: unknown rule (did you mean "sidecar-resources"?)\n' });
  });
});

describe('severities in the config', () => {
  it('accepts warn and 0/1/2, as ESLint does', () => {
    for (const [word, status, count] of [['warn', 0, 1], ['1', 0, 1], ['2', 1, 1], ['0', 0, 0], ['[error]', 1, 1], ['[warn, {}]', 0, 1]] as const) {
      const dir = tempTree({ 'pod.yaml': WARNING_POD, '.sidecar-lint.yaml': `rules:\n  setup-in-init-container: ${word}\n` });
      const run = runCli(['--format', 'json', 'pod.yaml'], { cwd: dir });
      expect(run.stderr, word).toBe('');
      expect([run.status, rulesOf(run.stdout).length], word).toEqual([status, count]);
    }
  });

  it('says in one message what is not a severity', () => {
    const dir = tempTree({ 'pod.yaml': WARNING_POD, '.sidecar-lint.yaml': 'rules:\n  setup-in-init-container: warnings\n' });
    expect(runCli(['pod.yaml'], { cwd: dir })).toMatchObject({
      status: 2,
      stderr: 'sidecar-lint: invalid config .sidecar-lint.yaml: rules.setup-in-init-container: "warnings" is not a severity: use off, warn/warning or error (or 0, 1, 2)\n',
    });
  });
});

describe('config YAML syntax errors', () => {
  it('are reported at their line and column', () => {
    const dir = tempTree({ 'pod.yaml': WARNING_POD, '.sidecar-lint.yaml': 'extends: recommended\nrules:\n  setup-in-init-container: off: on\n' });
    const run = runCli(['pod.yaml'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`sidecar-lint: ${join(dir, '.sidecar-lint.yaml')}:3:28: YAML syntax error: Nested mappings are not allowed in compact mappings\n`);
  });
});

describe('--print-config', () => {
  const files = {
    '.sidecar-lint.yaml': 'ignore:\n  - path: "charts/**/templates/*.yaml"\n  - kind: Secret\n  - path: "legacy/*.yaml"\n    rules: [setup-in-init-container]\n',
    'charts/web/templates/pod.yaml': WARNING_POD,
    'legacy/pod.yaml': WARNING_POD,
  };

  it('shows the ignore entries that apply to the file, and whether it is skipped', () => {
    const dir = tempTree(files);
    const template = JSON.parse(runCli(['--print-config', 'charts/web/templates/pod.yaml'], { cwd: dir }).stdout) as { ignore: unknown[]; skipped: boolean };
    expect(template).toMatchObject({ ignore: [{ path: 'charts/**/templates/*.yaml' }, { kind: 'Secret' }], skipped: true });
    const legacy = JSON.parse(runCli(['--print-config', 'legacy/pod.yaml'], { cwd: dir }).stdout) as { ignore: unknown[]; skipped: boolean };
    expect(legacy).toMatchObject({ ignore: [{ kind: 'Secret' }, { path: 'legacy/*.yaml', rules: ['setup-in-init-container'] }], skipped: false });
  });

  it('without a file prints the configuration for .', () => {
    const dir = tempTree(files);
    const bare = runCli(['--print-config'], { cwd: dir });
    expect(bare.status).toBe(0);
    expect(bare.stdout).toBe(runCli(['--print-config', '.'], { cwd: dir }).stdout);
    expect(JSON.parse(bare.stdout)).toMatchObject({ file: '.', configFile: '.sidecar-lint.yaml', ignore: [{ kind: 'Secret' }], skipped: false });
    expect(runCli(['--print-config', '--kube-version', '1.30'], { cwd: dir }).stdout).toContain('"kubernetesVersion": "1.30"');
  });
});
