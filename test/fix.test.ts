/**
 * `--fix` on fixture pairs: fixtures/fix/<case>.yaml is fixed and compared byte for byte with
 * <case>.fixed.yaml (or with itself when there is no .fixed.yaml: nothing may change). Every case
 * is also checked for idempotence and for the property that the fixed text reports none of the
 * fixed findings again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import type { EngineOptions } from '../src/engine/lint-source.js';
import { fixText } from '../src/fix/fix-text.js';
import type { FixFilter } from '../src/fix/fix-text.js';
import { lintText } from '../src/engine/lint.js';
import type { Finding } from '../src/types.js';
import { settingsIn } from './helpers/expectations.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'fix');
const inputs = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.yaml') && !name.endsWith('.fixed.yaml'))
  .sort();
const names = new Set(readdirSync(FIXTURES));

/** `# fix-rules: a, b` in a fixture limits the fixes to those rules (as `--rule` does). */
function filterFor(text: string): FixFilter {
  const rules = /^#\s*fix-rules:\s*(.+)$/m.exec(text)?.[1];
  return rules ? { rules: new Set(rules.split(',').map((id) => id.trim())) } : {};
}

async function optionsFor(text: string): Promise<EngineOptions> {
  const { kubeVersion } = settingsIn(text);
  return resolveConfig(undefined, builtinRules, kubeVersion ? { kubernetesVersion: kubeVersion } : {});
}

/** What a finding is about, independent of where the fix moved it. */
function subject(finding: Finding): string {
  return `${finding.ruleId} ${finding.object?.kind}/${finding.object?.name} ${finding.container ?? ''}`;
}

describe.each(inputs)('%s', (name) => {
  const input = readFileSync(join(FIXTURES, name), 'utf8');
  const fixedName = name.replace(/\.yaml$/, '.fixed.yaml');
  const expected = names.has(fixedName) ? readFileSync(join(FIXTURES, fixedName), 'utf8') : input;

  it(names.has(fixedName) ? `fixes to ${fixedName} byte for byte` : 'is left byte for byte unchanged', async () => {
    const result = fixText(name, input, await optionsFor(input), filterFor(input));
    expect(result.text).toBe(expected);
    expect(result.applied.length > 0).toBe(names.has(fixedName));
  });

  it('is idempotent: fixing the fixed text changes nothing', async () => {
    const options = await optionsFor(input);
    const once = fixText(name, input, options, filterFor(input)).text;
    const twice = fixText(name, once, options, filterFor(input));
    expect(twice.text).toBe(once);
    expect(twice.applied).toEqual([]);
  });

  it('leaves none of the fixed findings, and no fix it could still apply', async () => {
    const options = await optionsFor(input);
    const result = fixText(name, input, options, filterFor(input));
    const after = lintText(name, result.text, options);
    const fixed = new Set(result.applied.map(subject));
    expect(after.filter((finding) => fixed.has(subject(finding)))).toEqual([]);
    const wanted = filterFor(input).rules;
    const left = after.filter((finding) => finding.fix && (!wanted || wanted.has(finding.ruleId)));
    expect(left.map(subject)).toEqual(result.refused.map((refusal) => subject(refusal.finding)));
    expect(after.filter((finding) => finding.ruleId === 'parse-error')).toEqual([]);
  });

  it('keeps CRLF line endings', async () => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    const result = fixText(name, crlf(input), await optionsFor(input), filterFor(input));
    expect(result.text).toBe(crlf(expected));
  });
});

it('refuses a move that would put an anchor after its alias, and says why', async () => {
  const input = readFileSync(join(FIXTURES, 'anchor-guard.yaml'), 'utf8');
  const result = fixText('anchor-guard.yaml', input, await optionsFor(input));
  expect(result.text).toBe(input);
  const refusal = result.refused.find((item) => item.finding.ruleId === 'job-sidecar-blocks-completion');
  expect(refusal?.finding.container).toBe('shipper');
  expect(refusal?.reason).toMatch(/would not (parse|read)/);
});

it('attaches no move before Kubernetes 1.29 and none for a mesh proxy', async () => {
  for (const name of ['no-native-sidecars-before-1.29.yaml', 'mesh-proxy-not-moved.yaml']) {
    const input = readFileSync(join(FIXTURES, name), 'utf8');
    const findings = lintText(name, input, await optionsFor(input));
    expect(findings.filter((finding) => finding.fix)).toEqual([]);
  }
});
