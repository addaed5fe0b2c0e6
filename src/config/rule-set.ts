/**
 * The rules a run knows about: built-ins, then plugin rules, then compiled policies. The list is
 * what `resolveConfig` configures, `--list-rules` prints and formatters describe, so every rule,
 * whatever its origin, is configured, suppressed and reported the same way.
 */
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinRules } from '../../rules/index.js';
import { ConfigError, describeErrors, validatorFor } from './config.js';
import type { ConfigData } from './config.js';
import { loadPlugins } from './plugins.js';
import type { LoadedPlugin } from './plugins.js';
import { compilePolicies, policyBaseDir } from './policies.js';
import { POLICIES_SCHEMA } from './policy-schema.js';
import type { PolicyConfig } from './policy-schema.js';
import type { AnyRule } from '../engine/rule.js';

export interface RuleSet {
  /** Every known rule, built-ins first; ids are unique. */
  readonly rules: readonly AnyRule[];
  readonly plugins: readonly LoadedPlugin[];
  readonly policies: readonly AnyRule[];
}

export interface RuleSetOptions {
  readonly file?: string;
  readonly cwd: string;
  /** The built-in rules (tests pass a subset). */
  readonly builtins?: readonly AnyRule[];
  /** Called before each plugin is imported (the CLI's watchdog of plugins that never finish loading). */
  readonly beforePluginImport?: (index: number, specifier: string) => void;
}

/** Load plugins and compile policies named by the config (both async), next to the built-ins. */
export async function loadRuleSet(data: ConfigData | undefined, options: RuleSetOptions): Promise<RuleSet> {
  const builtins = options.builtins ?? builtinRules;
  const isMap = typeof data === 'object' && data !== null && !Array.isArray(data);
  // A malformed top level is left for resolveConfig to report.
  if (!isMap || (data.plugins === undefined && data.policies === undefined)) return { rules: builtins, plugins: [], policies: [] };
  const where = options.file ? relative(options.cwd, options.file) || options.file : 'configuration';
  const baseDir = policyBaseDir(options.file, options.cwd);

  let plugins: LoadedPlugin[] = [];
  if (data.plugins !== undefined) {
    const validate = await validatorFor({ type: 'array', items: { type: 'string', minLength: 1 } });
    if (!validate(data.plugins)) throw new ConfigError(`invalid config ${where}: ${describeErrors(validate, 'plugins')}`);
    plugins = await loadPlugins(data.plugins, { baseDir, where, ...(options.beforePluginImport ? { beforeImport: options.beforePluginImport } : {}) });
  }

  let policies: AnyRule[] = [];
  if (data.policies !== undefined) {
    const validate = await validatorFor(POLICIES_SCHEMA);
    if (!validate(data.policies)) throw new ConfigError(`invalid config ${where}: ${describeErrors(validate, 'policies')}`);
    const defaultDocs = options.file ? pathToFileURL(options.file).href : where;
    policies = await compilePolicies(data.policies as PolicyConfig[], { where, baseDir, defaultDocs });
  }

  const taken = new Set(builtins.map((rule) => rule.meta.id));
  for (const rule of policies) {
    if (taken.has(rule.meta.id)) {
      throw new ConfigError(`invalid config ${where}: policy id "${rule.meta.id}" is already the id of a built-in rule: choose another`);
    }
  }
  return { rules: [...builtins, ...plugins.flatMap((plugin) => plugin.rules), ...policies], plugins, policies };
}
