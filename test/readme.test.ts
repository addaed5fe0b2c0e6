/** The README rule list is generated from rule metadata; this fails when someone forgets to regenerate it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { renderRuleTable, replaceRuleList, RULES_END, RULES_START } from '../src/cli/rule-table.js';
import { defineRule } from '../src/engine/rule.js';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

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

describe('README suppression comment example', () => {
  const start = README.indexOf('With comments in the YAML:');
  const block = /```yaml\n([\s\S]*?)```/.exec(README.slice(start))?.[1] ?? '';

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
