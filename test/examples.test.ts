/** The shipped examples: the textbook Pod passes, the bad examples fire exactly where they say. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { expectationsIn, readFixture, settingsIn, sortedKeys } from './helpers/expectations.js';

const EXAMPLES = join(import.meta.dirname, '..', 'fixtures', 'examples');

describe('fixtures/examples with the default configuration (and their kube-version)', () => {
  const files = readdirSync(EXAMPLES).filter((name) => name.endsWith('.yaml')).sort();

  it.each(files)('%s', async (name) => {
    const text = readFixture(join(EXAMPLES, name));
    // An example may target an older cluster (`# kube-version: 1.28`) to show version-aware rules.
    const { kubeVersion } = settingsIn(text);
    const config = await resolveConfig(kubeVersion ? { kubernetesVersion: kubeVersion } : undefined, builtinRules);
    const findings = lintText(name, text, config);
    expect(sortedKeys(findings)).toEqual(sortedKeys(expectationsIn(text)));
  });

  it('include the textbook log-shipping Pod with no error, and its native-sidecar form with no finding at all', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const textbook = lintText('x', readFixture(join(EXAMPLES, 'log-shipping-pod.yaml')), config);
    expect(textbook.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(lintText('x', readFixture(join(EXAMPLES, 'log-shipping-native-sidecar.yaml')), config)).toEqual([]);
  });

  it('show every built-in rule that is on by default firing at least once', () => {
    const marked = new Set(files.flatMap((name) => expectationsIn(readFixture(join(EXAMPLES, name))).map((item) => item.ruleId)));
    // Rules that need an injector profile fire in fixtures/injectors/ instead (test/injectors.test.ts).
    const onByDefault = builtinRules.filter((rule) => rule.meta.severity !== 'off' && !rule.meta.tags?.includes('injectors'));
    expect([...marked].sort()).toEqual(onByDefault.map((rule) => rule.meta.id).sort());
  });
});
