/** The README rule list is generated from rule metadata; this fails when someone forgets to regenerate it. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { renderRuleTable, replaceRuleList, RULES_END, RULES_START } from '../src/cli/rule-table.js';
import { defineRule } from '../src/engine/rule.js';
import { ROOT, runCli } from './helpers/cli.js';
import { parse as parseYaml } from 'yaml';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const SUPPRESSION = readFileSync(join(import.meta.dirname, '..', 'docs', 'suppression.md'), 'utf8');

describe('README rule list', () => {
  it('matches the rule metadata', () => {
    const between = README.slice(README.indexOf(RULES_START) + RULES_START.length, README.indexOf(RULES_END)).trim();
    expect(between, 'README.md rule list is out of date: run npm run docs').toBe(renderRuleTable(builtinRules));
  });

  it('renders one row per rule: linked id, default and strict severity, version-aware, escaped description', () => {
    const rule = defineRule({
      meta: { id: 'a-rule', description: 'Prefer a | b', severity: 'off', strictSeverity: 'warning', versionAware: true, docs: 'rules/a-rule.md', messages: {} },
      check() {},
    });
    expect(renderRuleTable([rule])).toBe(
      '| Rule | Default | Strict | Version-aware | Description |\n| --- | --- | --- | --- | --- |\n| [`a-rule`](rules/a-rule.md) | off | warning | yes | Prefer a \\| b |',
    );
  });

  it('replaces only the text between the markers, and refuses a README without them', () => {
    const text = `intro\n${RULES_START}\nold table\n${RULES_END}\noutro\n`;
    expect(replaceRuleList(text, [])).toBe(`intro\n${RULES_START}\n${renderRuleTable([])}\n${RULES_END}\noutro\n`);
    expect(() => replaceRuleList('no markers', [])).toThrow(/needs the markers/);
  });
});

describe('docs/suppression.md comment example', () => {
  const start = SUPPRESSION.indexOf('With comments in the YAML:');
  const block = /```yaml\n([\s\S]*?)```/.exec(SUPPRESSION.slice(start))?.[1] ?? '';

  it('lints clean with no unused suppression, and reports the rules its comments name once they are gone', async () => {
    const { resolveConfig } = await import('../src/config/config.js');
    const { lintText } = await import('../src/engine/lint.js');
    const named = new Set(['setup-in-init-container', 'shared-volume-unshared']);
    const config = await resolveConfig(undefined, builtinRules.filter((rule) => named.has(rule.meta.id)));
    expect(block).toContain('sidecar-lint-disable-next-line');
    expect(lintText('README.md', block, { ...config, reportUnusedSuppressions: true }).map((finding) => finding.ruleId)).toEqual([]);
    const bare = block.replace(/^\s*# sidecar-lint-disable.*\n/gm, '');
    expect(lintText('README.md', bare, config).map((finding) => finding.ruleId)).toEqual(['setup-in-init-container', 'shared-volume-unshared']);
  });
});

describe('README for a newcomer', () => {
  it('starts with the two set-up commands, exactly', () => {
    expect(README.split('\n').slice(0, 6).join('\n')).toBe(
      '# sidecar-lint\n\n```sh\nnpm install && npx sidecar-lint fixtures/examples/   # install, then lint the example manifests\nnpm test                                              # run the test suite\n```',
    );
  });

  it('shows the first run with the output and exit code it really has', () => {
    const block = /```console\n\$ npx sidecar-lint (\S+)\n([\s\S]*?)```/.exec(README)!;
    const run = runCli([block[1]!]);
    expect(run.stdout).toBe(block[2]);
    expect(run.status).toBe(0);
  });

  it('shows explain\'s timeline as it really starts', () => {
    const block = /```console\n\$ npx sidecar-lint explain (\S+)\n([\s\S]*?)…\n```/.exec(README)!;
    const run = runCli(['explain', block[1]!]);
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith(block[2]!)).toBe(true);
    expect(block[2]!.split('\n').length).toBeGreaterThan(8);
  });

  it('runs its API example against the built package: the CLI\'s report and exit code, and a missing path said, not passed over', () => {
    const code = /```js\n([\s\S]*?)```/.exec(README)![1]!.replace("from 'sidecar-lint'", `from '${pathToFileURL(join(ROOT, 'dist', 'bundle', 'index.js')).href}'`);
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-readme-'));
    writeFileSync(join(dir, 'example.mjs'), code);
    writeFileSync(join(dir, 'missing.mjs'), code.replace("'fixtures/examples/'", "'nope/'"));
    const run = spawnSync(process.execPath, [join(dir, 'example.mjs')], { cwd: ROOT, encoding: 'utf8' });
    const cli = runCli(['fixtures/examples/']);
    expect([run.status, run.stdout, run.stderr]).toEqual([cli.status, cli.stdout, '']);
    const missing = spawnSync(process.execPath, [join(dir, 'missing.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect([missing.status, missing.stderr]).toEqual([2, 'nope/: cannot read: no such file or directory\n']);
    expect(missing.stdout).toBe(runCli(['nope/']).stdout);
    expect(missing.stdout).toContain('Not read:\n  error    nope/: cannot read: no such file or directory\n');
  });

  it('shows the Action in a whole workflow: the permissions upload-sarif needs, the checkout before the lint', () => {
    const block = /```yaml\n(# \.github\/workflows\/sidecar-lint\.yml\n[\s\S]*?)```/.exec(README)![1]!;
    const workflow = parseYaml(block) as { permissions: Record<string, string>; jobs: { lint: { steps: { uses?: string }[] } } };
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const uses = workflow.jobs.lint.steps.map((step) => step.uses?.replace(/@.*$/, ''));
    expect(uses).toEqual(['actions/checkout', 'sidecar-lint/sidecar-lint', 'github/codeql-action/upload-sarif']);
  });

  it('links only to pages that exist', () => {
    for (const page of ['README.md', ...['cli', 'configuration', 'suppression', 'policies-and-plugins', 'fixes', 'ci', 'sarif', 'api', 'limits-and-safety', 'performance', 'architecture'].map((name) => `docs/${name}.md`)]) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        expect(existsSync(join(ROOT, dirname(page), target!)), `${page} links to ${target}`).toBe(true);
      }
    }
  });
});
