/**
 * `--rule '<id>: <severity>'` (ESLint's `--rule`): a rule's severity, or `[severity, {options}]`,
 * for this run, over the config's `rules:`. Written as YAML, read with the config's YAML reader.
 */
import type { ConfigData } from '../config/config.js';
import { parseYamlText } from '../config/config-text.js';
import { UsageError } from './options.js';

/** The `rules:` settings the `--rule` values give, in order (a later one wins). */
export function ruleOverridesFrom(values: readonly string[] | undefined): Record<string, unknown> | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const overrides: Record<string, unknown> = {};
  for (const text of values) {
    const parsed = parseYamlText(text);
    const value = 'error' in parsed ? undefined : parsed.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
      throw new UsageError(`--rule needs '<rule-id>: <severity>', e.g. --rule 'sidecar-resources: off', got "${text}"; to fix only some rules use --fix-rule <ids>`);
    }
    Object.assign(overrides, value);
  }
  return overrides;
}

/** Config data with the `--rule` settings over its `rules:` (validated with the rest by resolveConfig). */
export function withRuleOverrides(data: ConfigData | undefined, overrides: Readonly<Record<string, unknown>> | undefined): ConfigData | undefined {
  if (overrides === undefined) return data;
  const base = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
  return { ...base, rules: { ...(base.rules ?? {}), ...overrides } as ConfigData['rules'] };
}
