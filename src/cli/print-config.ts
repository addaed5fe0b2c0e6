/**
 * `--print-config <file>`: the configuration that applies when linting a file, fully resolved —
 * where it came from, the target Kubernetes version, every known rule with its severity and options
 * (built-in, plugin and policy rules alike), the plugins loaded and the policies compiled, the
 * `ignore:` entries that apply to the file (no `path`, or a `path` glob it matches), and whether
 * one of them skips it altogether.
 */
import { relative, resolve } from 'node:path';
import type { ConfigData, ResolvedConfig } from '../config/config.js';
import { globMatcher } from '../config/glob.js';
import { compileIgnore, pathFromBase } from '../config/ignore.js';
import type { IgnoreEntry } from '../config/ignore.js';
import type { RuleSet } from '../config/rule-set.js';
import { formatKubeVersion } from '../model/kube-version.js';
import { describeInjection } from '../config/injectors.js';

export interface PrintedConfig {
  readonly file: string;
  readonly configFile: string | null;
  readonly kubernetesVersion: string;
  /** Injector profiles (with the version each assumes) and the namespace labels from the config. */
  readonly injectors: ReturnType<typeof describeInjection>['injectors'];
  readonly namespaces: ReturnType<typeof describeInjection>['namespaces'];
  readonly rules: Record<string, string | [string, Readonly<Record<string, unknown>>]>;
  readonly plugins: { name: string; module: string; file: string; rules: string[] }[];
  readonly policies: readonly unknown[];
  /** The `ignore:` entries that apply to this file, as written. */
  readonly ignore: readonly IgnoreEntry[];
  /** True when an entry with only `path` matches: the file is not linted at all. */
  readonly skipped: boolean;
}

export function effectiveConfig(
  file: string,
  options: { cwd: string; data: ConfigData | undefined; ruleSet: RuleSet; config: ResolvedConfig },
): PrintedConfig {
  const { cwd, data, ruleSet, config } = options;
  const configured = new Map(config.rules.map((item) => [item.rule.meta.id, item]));
  const rules: PrintedConfig['rules'] = {};
  for (const rule of ruleSet.rules) {
    const item = configured.get(rule.meta.id);
    if (!item) rules[rule.meta.id] = 'off';
    else rules[rule.meta.id] = Object.keys(item.options).length > 0 ? [item.severity, item.options] : item.severity;
  }
  const absolute = resolve(cwd, file);
  const rel = pathFromBase(absolute, config.baseDir);
  const ignore = config.ignore.filter((entry) => entry.path === undefined || (rel !== undefined && globMatcher(entry.path)(rel)));
  return {
    file: relative(cwd, absolute) || file,
    configFile: config.file ? relative(cwd, config.file) || config.file : null,
    kubernetesVersion: formatKubeVersion(config.kubernetesVersion),
    ...describeInjection(config.injection),
    rules,
    plugins: ruleSet.plugins.map((plugin) => ({
      name: plugin.name,
      module: plugin.specifier,
      file: relative(cwd, plugin.file) || plugin.file,
      rules: plugin.rules.map((rule) => rule.meta.id),
    })),
    policies: Array.isArray(data?.policies) ? data.policies : [],
    ignore,
    skipped: compileIgnore(config.ignore, config.baseDir).skipsFile(absolute),
  };
}
