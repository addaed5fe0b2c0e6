/**
 * The public API, shaped like ESLint's `new ESLint()`:
 *
 *   import { createLinter, loadFormatter } from 'sidecar-lint';
 *   const linter = await createLinter({ cwd: process.cwd() });   // every option may be left out
 *   const results = await linter.lintFiles(['k8s/']);
 *   const text = (await loadFormatter('text')).format(results);
 *
 * `createLinter` reads the configuration the CLI would (the nearest `.sidecar-lint.yaml` from
 * `cwd`, or the given file or object), with its plugins, policies and `ignore:` entries. Everything
 * runs on the calling thread. A bad configuration rejects with a `ConfigError`.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigError, findConfigFile, readConfigFile, resolveConfig } from './config/config.js';
import type { ConfigData, ResolvedConfig } from './config/config.js';
import { compileIgnore } from './config/ignore.js';
import { loadRuleSet } from './config/rule-set.js';
import { lintPaths, lintText as lintOneText } from './engine/lint.js';
import type { IgnoreMatcher, LintOptions } from './engine/lint.js';
import type { AnyRule } from './engine/rule.js';
import { FORMATS, isFormatName } from './report/formats.js';
import { packageInfo } from './report/package-info.js';
import type { FileResult, Finding, ReadProblem } from './types.js';

export { ConfigError } from './config/config.js';
export type { ConfigData, ResolvedConfig, RuleSetting } from './config/config.js';
export { defineRule, interpolate } from './engine/rule.js';
export type { Rule, RuleMeta, RuleContext, Pod, Report, ConfiguredRule, AnyRule } from './engine/rule.js';
export type { ContainerInfo, ContainerRole } from './model/containers.js';
export type { Finding, FileResult, FixOperation, ObjectRef, Path, Position, ReadProblem, Region, Severity, SeveritySetting } from './types.js';
export { builtinRules } from '../rules/index.js';
export type { PolicyConfig, PolicyMatch, PolicyTarget, PolicyRole } from './config/policy-schema.js';
export type { RenderSettings, HelmSettings } from './render/settings.js';
export type { RenderedAt } from './types.js';
export type { InjectedFinding } from './types.js';
export type { InjectedBy, InjectionPlan, InjectionSettings, InjectorName, InjectorProfile } from './model/injectors/index.js';

export interface LinterOptions {
  /** Folder that relative paths, the config search and SARIF URIs start from (default: `process.cwd()`). */
  readonly cwd?: string;
  /**
   * A config file (relative to `cwd`), the configuration itself as an object, or `false` for the
   * defaults without looking for a file. Default: the nearest config file from `cwd` upward.
   */
  readonly config?: string | ConfigData | false;
  /** Target Kubernetes version (`1.33`), over the config's. */
  readonly kubernetesVersion?: string;
  /** Warn about suppressions that hid nothing (rule id `unused-suppression`). */
  readonly reportUnusedSuppressions?: boolean;
}

/** One file's findings with ESLint-style counts. */
export interface LintResult extends FileResult {
  readonly errorCount: number;
  readonly warningCount: number;
  /** Findings `--fix` can repair. */
  readonly fixableCount: number;
}

/** What `lintFiles` returns: the results, sorted by path, and paths that could not be read. */
export interface LintResults extends ReadonlyArray<LintResult> {
  /** Paths that do not exist or could not be read (the CLI exits 2 on them): `{ path, message }`. */
  readonly problems: readonly ReadProblem[];
}

export interface Linter {
  /** The resolved configuration: rules with severities, Kubernetes version, ignore entries. */
  readonly config: ResolvedConfig;
  /** Every rule known to this linter: built-ins, plugin rules, policies. */
  readonly rules: readonly AnyRule[];
  /** Lint one document's text; `filePath` names it in findings and selects `ignore:` entries. */
  lintText(text: string, options?: { readonly filePath?: string }): Promise<LintResult>;
  /** Lint files and folders (searched for *.yaml, *.yml, *.json), relative to `cwd`. */
  lintFiles(paths: string | readonly string[]): Promise<LintResults>;
}

function counted(result: FileResult): LintResult {
  const errorCount = result.findings.filter((finding) => finding.severity === 'error').length;
  const fixableCount = result.findings.filter((finding) => finding.fix !== undefined).length;
  return { filePath: result.filePath, findings: result.findings, errorCount, warningCount: result.findings.length - errorCount, fixableCount };
}

/** Read the configuration the way the CLI does and return a linter for it. */
export async function createLinter(options: LinterOptions = {}): Promise<Linter> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const given = options.config;
  const file = typeof given === 'string' ? resolve(cwd, given) : given === undefined ? findConfigFile(cwd) : undefined;
  const data: ConfigData | undefined = file !== undefined ? readConfigFile(file) : typeof given === 'object' ? given : undefined;
  const location = { cwd, ...(file !== undefined ? { file } : {}) };
  const ruleSet = await loadRuleSet(data, location);
  const config = await resolveConfig(data, ruleSet.rules, {
    ...location,
    ...(options.kubernetesVersion !== undefined ? { kubernetesVersion: options.kubernetesVersion } : {}),
  });
  const ignore: IgnoreMatcher | undefined = config.ignore.length > 0 ? compileIgnore(config.ignore, config.baseDir) : undefined;
  const engine: LintOptions = {
    rules: config.rules,
    kubernetesVersion: config.kubernetesVersion,
    ...(config.injection !== undefined ? { injection: config.injection } : {}),
    reportUnusedSuppressions: options.reportUnusedSuppressions === true,
  };
  return {
    config,
    rules: ruleSet.rules,
    async lintText(text, { filePath } = {}) {
      const absolute = filePath !== undefined ? resolve(cwd, filePath) : undefined;
      // Named as the CLI names files: relative to cwd as given, an absolute path made relative.
      const shown = filePath === undefined ? '<text>' : isAbsolute(filePath) ? relative(cwd, filePath) || filePath : filePath;
      if (ignore?.skipsFile(absolute)) return counted({ filePath: shown, findings: [] });
      const ignored = ignore?.forFile(absolute);
      const findings: Finding[] = lintOneText(shown, text, ignored ? { ...engine, ignored } : engine);
      return counted({ filePath: shown, findings });
    },
    async lintFiles(paths) {
      const list = typeof paths === 'string' ? [paths] : [...paths];
      const run = await lintPaths(list, { ...engine, cwd, ...(ignore !== undefined ? { ignore } : {}) });
      return Object.assign(run.results.map(counted), { problems: run.problems });
    },
  };
}

export type FormatterName = 'text' | 'json' | 'sarif' | 'github';

export interface FormatOptions {
  /** ANSI colours (default: off). */
  readonly color?: boolean;
  /** Folder SARIF URIs are relative to (default: `process.cwd()`). */
  readonly cwd?: string;
  /** The linter whose rules SARIF describes (default: the built-in rules). */
  readonly linter?: Linter;
  /** SARIF `automationDetails.id`. */
  readonly sarifCategory?: string;
}

export interface LoadedFormatter {
  /** The report as the CLI prints it for `--format <name>`. */
  format(results: readonly FileResult[], options?: FormatOptions): string;
}

/** A formatter by name: text, json, sarif or github. An unknown name rejects with a `ConfigError`. */
export async function loadFormatter(name: FormatterName = 'text'): Promise<LoadedFormatter> {
  if (!isFormatName(name)) throw new ConfigError(`unknown format "${String(name)}": use one of ${Object.keys(FORMATS).join(', ')}`);
  const formatter = await FORMATS[name]();
  const { builtinRules } = await import('../rules/index.js');
  return {
    format(results, options = {}) {
      const configured = options.linter?.config.rules ?? builtinRules.flatMap((rule) => (rule.meta.severity === 'off' ? [] : [{ rule, severity: rule.meta.severity }]));
      const problems = (results as Partial<LintResults>).problems;
      return formatter(results, {
        color: options.color === true,
        rules: configured.map((entry) => entry.rule),
        severities: new Map(configured.map((entry) => [entry.rule.meta.id, entry.severity])),
        cwd: resolve(options.cwd ?? process.cwd()),
        toolVersion: packageInfo().version,
        ...(problems !== undefined ? { problems } : {}),
        ...(options.sarifCategory !== undefined ? { sarifCategory: options.sarifCategory } : {}),
      });
    },
  };
}
