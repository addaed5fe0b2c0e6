/** The shipped examples: the textbook Pod passes, the bad examples fire exactly where they say. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config.js';
import { lintText } from '../src/lint.js';
import { expectationsIn, readFixture, sortedKeys } from './helpers/expectations.js';

const EXAMPLES = join(import.meta.dirname, '..', 'fixtures', 'examples');

describe('fixtures/examples with the default configuration', () => {
  const files = readdirSync(EXAMPLES).filter((name) => name.endsWith('.yaml')).sort();

  it.each(files)('%s', async (name) => {
    const text = readFixture(join(EXAMPLES, name));
    const config = await resolveConfig(undefined, builtinRules);
    const findings = lintText(name, text, config);
    expect(sortedKeys(findings)).toEqual(sortedKeys(expectationsIn(text)));
  });

  it('include the textbook log-shipping Pod, and it has no finding at all', async () => {
    expect(files).toContain('log-shipping-pod.yaml');
    const config = await resolveConfig(undefined, builtinRules);
    expect(lintText('x', readFixture(join(EXAMPLES, 'log-shipping-pod.yaml')), config)).toEqual([]);
  });

  it('show every built-in rule that is on by default firing at least once', () => {
    const marked = new Set(files.flatMap((name) => expectationsIn(readFixture(join(EXAMPLES, name))).map((item) => item.ruleId)));
    const onByDefault = builtinRules.filter((rule) => rule.meta.severity !== 'off');
    expect([...marked].sort()).toEqual(onByDefault.map((rule) => rule.meta.id).sort());
  });
});
