/**
 * Rule tests: every rule has fixture manifests under fixtures/rules/<rule-id>/. Each finding a
 * fixture expects is marked on its line (`# expect: rule-id`); the test asserts the exact set of
 * (rule, line, column) the rule reports — nothing missing, nothing extra.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { expectationsIn, readFixture, settingsIn, sortedKeys } from './helpers/expectations.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');

describe.each(builtinRules.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
  const folder = join(FIXTURES, id);
  const files = existsSync(folder) ? readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort() : [];

  it('has valid and invalid fixtures', () => {
    expect(files.some((name) => name.startsWith('valid'))).toBe(true);
    expect(files.some((name) => name.startsWith('invalid'))).toBe(true);
  });

  it.each(files)('%s reports exactly the marked findings', async (name) => {
    const text = readFixture(join(folder, name));
    const settings = settingsIn(text);
    const severity = rule.meta.severity === 'off' ? 'warning' : rule.meta.severity;
    const config = await resolveConfig(
      {
        rules: { [id]: settings.options ? [severity, settings.options] : severity },
        ...(settings.kubeVersion ? { kubernetesVersion: settings.kubeVersion } : {}),
        ...(settings.injectors ? { injectors: settings.injectors } : {}),
        ...(settings.namespaces ? { namespaces: settings.namespaces } : {}),
      },
      [rule],
    );
    const findings = lintText(`fixtures/rules/${id}/${name}`, text, config);
    expect(findings.filter((finding) => finding.ruleId === 'parse-error')).toEqual([]);
    const expected = expectationsIn(text).filter((item) => item.ruleId === id);
    if (name.startsWith('invalid')) expect(expected.length).toBeGreaterThan(0);
    if (name.startsWith('valid')) expect(expected).toEqual([]);
    expect(sortedKeys(findings)).toEqual(sortedKeys(expected));
    for (const finding of findings) {
      expect(finding.message).not.toMatch(/\{\{/);
      expect(finding.severity).toBe(severity);
    }
  });
});
