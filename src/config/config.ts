/**
 * Configuration: `.sidecar-lint.yaml` (found upward from the working directory, or `--config FILE`),
 * validated with ajv, resolved into the list of rules to run with their severities and options.
 *
 *   extends: recommended            # or strict
 *   kubernetesVersion: "1.35"
 *   ignore:
 *     - path: "charts/**\/templates/*.yaml"   (a glob)
 *     - { kind: Secret }
 *     - { name: "legacy-*", namespace: kube-system, rules: [shared-volume-unshared] }
 *   rules:
 *     shared-volume-unshared: off
 *     setup-in-init-container: [error, {}]
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { isScalar } from 'yaml';
import { formatLimit, MAX_CONFIG_FILE_BYTES, MAX_SHARED_FILE_BYTES, parseYamlText, readTextWithin } from './config-text.js';
import { compileGlob } from './glob.js';
import { loadRe2 } from './re2.js';
import type { IgnoreEntry } from './ignore.js';
import { presetSeverity, PRESETS } from './presets.js';
import type { PresetName } from './presets.js';
import type { AnyRule, ConfiguredRule, JsonSchema } from '../engine/rule.js';
import type { SeveritySetting } from '../types.js';
import { DEFAULT_KUBE_VERSION, parseKubeVersion } from '../model/kube-version.js';
import type { KubeVersion } from '../model/kube-version.js';
import { INJECTION_SCHEMA, injectionSettings } from './injectors.js';
import { RENDER_SCHEMA, renderConfigProblem } from './render-config.js';
import type { RenderConfig } from './render-config.js';
import type { InjectionSettings } from '../model/injectors/index.js';

import { CONFIG_FILE_NAMES } from '../load/config-file-names.js';
import { didYouMean } from './did-you-mean.js';

export { CONFIG_FILE_NAMES };
/** `package.json` counts as a config file when it has this key. */
export const PACKAGE_JSON_KEY = 'sidecar-lint';

/** A problem with the configuration or the command line: reported without a stack trace, exit 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type RuleSetting = SeveritySetting | readonly [SeveritySetting] | readonly [SeveritySetting, Record<string, unknown>];

export interface ConfigData extends RenderConfig {
  readonly extends?: PresetName;
  readonly kubernetesVersion?: string;
  readonly ignore?: readonly IgnoreEntry[];
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Declarative policies, validated and compiled by src/config/policies.ts. */
  readonly policies?: readonly unknown[];
  /** Plugin modules, loaded by src/config/plugins.ts. */
  readonly plugins?: readonly string[];
  /** Longest time a plugin rule may take on one pod spec, in seconds. */
  readonly ruleTimeoutSeconds?: number;
  /** Injector profiles (src/config/injectors.ts, docs/injectors.md). */
  readonly injectors?: readonly unknown[];
  /** Labels of namespaces that are not among the linted files, by name. */
  readonly namespaces?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface ResolvedConfig {
  readonly rules: readonly ConfiguredRule[];
  readonly kubernetesVersion: KubeVersion;
  readonly preset: PresetName;
  /** `ignore:` entries; their path globs are relative to `baseDir`. */
  readonly ignore: readonly IgnoreEntry[];
  /** The folder of the config file (or the working directory without one). */
  readonly baseDir: string;
  /** The file the configuration came from, if any. */
  readonly file?: string;
  /** Longest time a plugin rule may take on one pod spec, in seconds (default `DEFAULT_RULE_TIMEOUT_SECONDS`). */
  readonly ruleTimeoutSeconds: number;
  /** Injector profiles and namespace labels (`injectors:`, `namespaces:`, `--injector`); absent without a profile. */
  readonly injection?: InjectionSettings;
}

export const DEFAULT_RULE_TIMEOUT_SECONDS = 10;

const SEVERITY = { enum: ['off', 'warning', 'error'] };

const CONFIG_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    extends: { enum: [...PRESETS] },
    kubernetesVersion: { type: 'string', pattern: '^v?\\d+\\.\\d+(\\.\\d+)?$' },
    ignore: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          path: { type: 'string', minLength: 1 },
          kind: { type: 'string', minLength: 1 },
          name: { type: 'string', minLength: 1 },
          namespace: { type: 'string', minLength: 1 },
          rules: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        },
      },
    },
    rules: {
      type: 'object',
      additionalProperties: {
        oneOf: [
          SEVERITY,
          { type: 'array', minItems: 1, maxItems: 2, prefixItems: [SEVERITY, { type: 'object' }], items: false },
        ],
      },
    },
    // Shapes only: src/config/policies.ts and src/config/plugins.ts check the details with their own messages.
    policies: { type: 'array' },
    plugins: { type: 'array', items: { type: 'string', minLength: 1 } },
    // Seconds a plugin rule may take on one pod spec (src/engine/isolated.ts); at most a day.
    ruleTimeoutSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 86400 },
    ...RENDER_SCHEMA,
    ...INJECTION_SCHEMA,
  },
};

/** The nearest config file from `cwd` upward, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && hasPackageJsonConfig(manifest)) return manifest;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function hasPackageJsonConfig(file: string): boolean {
  try {
    const text = readTextWithin(file, MAX_SHARED_FILE_BYTES);
    if (text === undefined) return false;
    const data: unknown = JSON.parse(text);
    return typeof data === 'object' && data !== null && Object.hasOwn(data, PACKAGE_JSON_KEY);
  } catch {
    return false;
  }
}

function readJsonConfig(file: string, text: string): ConfigData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: JSON syntax error: ${(error as Error).message}`);
  }
  if (basename(file) !== 'package.json') return data as ConfigData;
  const section = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[PACKAGE_JSON_KEY] : undefined;
  if (section === undefined) throw new ConfigError(`${file}: no "${PACKAGE_JSON_KEY}" key to read the configuration from`);
  return section as ConfigData;
}

/**
 * Read and parse a config file: `.sidecar-lint.yaml` (YAML 1.2, so `off` stays a string),
 * `.sidecar-lint.json`, or the `sidecar-lint` key of a `package.json`.
 */
export function readConfigFile(file: string): ConfigData {
  const limit = basename(file) === 'package.json' ? MAX_SHARED_FILE_BYTES : MAX_CONFIG_FILE_BYTES;
  let text: string | undefined;
  try {
    text = readTextWithin(file, limit);
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (text === undefined) throw new ConfigError(`cannot read config file ${file}: it is larger than ${formatLimit(limit)}, more than any configuration needs`);
  if (extname(file) === '.json') return readJsonConfig(file, text);
  const parsed = parseYamlText(text);
  if ('error' in parsed) throw new ConfigError(`${file}:${parsed.line}:${parsed.column}: ${parsed.error}`);
  const data: unknown = parsed.value ?? {};
  // `kubernetesVersion: 1.30` is the number 1.3 in YAML: keep the text as written.
  const version = parsed.document.get('kubernetesVersion', true);
  if (isScalar(version) && typeof version.value === 'number' && typeof data === 'object' && data !== null) {
    (data as Record<string, unknown>).kubernetesVersion = version.source ?? String(version.value);
  }
  return data as ConfigData;
}

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null };
type AjvLike = { compile(schema: JsonSchema): Validator };

let ajvInstance: Promise<AjvLike> | undefined;

/** ajv is loaded only when there is something to validate. */
export function loadAjv(): Promise<AjvLike> {
  ajvInstance ??= import('ajv/dist/2020.js').then((module) => {
    const Ajv2020 = (module as unknown as { default: new (options: object) => AjvLike }).default;
    return new Ajv2020({ allErrors: true, strict: false });
  });
  return ajvInstance;
}

export function describeErrors(validate: Validator, prefix: string): string {
  const errors = validate.errors ?? [];
  // For oneOf failures ajv reports every branch; the most specific (deepest) errors read best.
  const deepest = Math.max(...errors.map((error) => error.instancePath.length));
  const shown = errors.filter((error) => error.instancePath.length === deepest && error.message);
  return shown
    .slice(0, 3)
    .map((error) => {
      const where = prefix + error.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
      const allowed = error.params?.allowedValues;
      const extra = error.params?.additionalProperty;
      const detail = Array.isArray(allowed)
        ? `must be one of ${allowed.join(', ')}`
        : typeof extra === 'string'
          ? `unknown key "${extra}"`
          : error.message;
      return `${where.replace(/^\./, '') || '(top level)'}: ${detail}`;
    })
    .join('; ');
}

const validatorCache = new WeakMap<object, Validator>();

export async function validatorFor(schema: JsonSchema): Promise<Validator> {
  const cached = validatorCache.get(schema);
  if (cached) return cached;
  const validate = (await loadAjv()).compile(schema);
  validatorCache.set(schema, validate);
  return validate;
}

/** ESLint's words for severities, as the config may write them: `warn`, and 0 / 1 / 2. */
const SEVERITY_WORDS: Readonly<Record<string, SeveritySetting>> = { off: 'off', warn: 'warning', warning: 'warning', error: 'error', '0': 'off', '1': 'warning', '2': 'error' };

/** A severity as written (`warn`, `2`, `off`…) as sidecar-lint's word, or undefined for anything else. */
export function severityFrom(value: unknown): SeveritySetting | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return Object.hasOwn(SEVERITY_WORDS, String(value)) ? SEVERITY_WORDS[String(value)] : undefined;
}

/** `rules:` with every severity in sidecar-lint's words; one clear message for a word that is none. */
function normalizeSeverities(data: ConfigData, where: string): ConfigData {
  const rules: unknown = data.rules;
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) return data;
  // fromEntries: a rule called __proto__ stays an own key (and an unknown rule), never the prototype.
  const normalized = Object.fromEntries(Object.entries(rules).map(([id, setting]: [string, unknown]) => {
    const given: unknown = Array.isArray(setting) ? setting[0] : setting;
    const severity = severityFrom(given);
    if (severity === undefined && (typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean')) {
      throw new ConfigError(`invalid config ${where}: rules.${id}: "${String(given)}" is not a severity: use off, warn/warning or error (or 0, 1, 2)`);
    }
    return [id, severity === undefined ? setting : Array.isArray(setting) ? [severity, ...setting.slice(1)] : severity];
  }));
  return { ...data, rules: normalized as ConfigData['rules'] };
}

/**
 * Turn config data into the rules to run. Validates the config and every rule's options;
 * throws ConfigError naming the file, the key path and what was expected.
 */
export async function resolveConfig(
  data: ConfigData | undefined,
  rules: readonly AnyRule[],
  options: { file?: string; cwd?: string; kubernetesVersion?: string; injectors?: readonly string[] } = {},
): Promise<ResolvedConfig> {
  const where = options.file ? relative(options.cwd ?? process.cwd(), options.file) || options.file : 'configuration';
  if (data !== undefined) {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new ConfigError(`invalid config ${where}: expected a map of settings at the top level`);
    }
    data = normalizeSeverities(data, where);
    const validate = await validatorFor(CONFIG_SCHEMA);
    if (!validate(data)) throw new ConfigError(`invalid config ${where}: ${describeErrors(validate, '')}`);
  }
  const baseDir = options.file ? dirname(resolve(options.file)) : resolve(options.cwd ?? process.cwd());
  const renderProblem = data === undefined ? undefined : renderConfigProblem(data, baseDir);
  if (renderProblem !== undefined) throw new ConfigError(`invalid config ${where}: ${renderProblem}`);
  const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));
  for (const id of Object.keys(data?.rules ?? {})) {
    if (!byId.has(id)) throw new ConfigError(`invalid config ${where}: rules.${id}: unknown rule "${id}"${didYouMean(id, byId.keys()) || ' (run sidecar-lint --list-rules)'}`);
  }
  if ((data?.ignore ?? []).length > 0) await loadRe2();
  checkIgnoreEntries(data?.ignore ?? [], byId, where);
  const preset: PresetName = data?.extends ?? 'recommended';

  const configured: ConfiguredRule[] = [];
  for (const rule of rules) {
    // Own keys only: a policy may be called `constructor`, which every object inherits.
    const setting = data?.rules !== undefined && Object.hasOwn(data.rules, rule.meta.id) ? data.rules[rule.meta.id] : undefined;
    const severity: SeveritySetting = setting === undefined ? presetSeverity(rule.meta, preset) : typeof setting === 'string' ? setting : setting[0];
    if (severity === 'off') continue;
    const given = Array.isArray(setting) && setting.length > 1 ? (setting[1] as Record<string, unknown>) : {};
    const merged = { ...(rule.meta.defaultOptions ?? {}), ...given };
    if (rule.meta.schema && Object.keys(given).length > 0) {
      // Defaults are checked against the schema by the test suite; only user options need ajv here.
      const validate = await validatorFor(rule.meta.schema);
      if (!validate(merged)) {
        throw new ConfigError(`invalid config ${where}: ${describeErrors(validate, `rules.${rule.meta.id}[1]`)}`);
      }
    } else if (!rule.meta.schema && Object.keys(given).length > 0) {
      throw new ConfigError(`invalid config ${where}: rules.${rule.meta.id}[1]: rule ${rule.meta.id} takes no options`);
    }
    configured.push({ rule, severity, options: merged });
  }

  const versionText = options.kubernetesVersion ?? data?.kubernetesVersion;
  let kubernetesVersion = DEFAULT_KUBE_VERSION;
  if (versionText !== undefined) {
    const parsed = parseKubeVersion(versionText);
    if (!parsed) throw new ConfigError(`invalid Kubernetes version "${versionText}": expected MAJOR.MINOR, for example 1.35`);
    kubernetesVersion = parsed;
  }
  const injection = injectionSettings(data?.injectors, data?.namespaces, options.injectors);
  if (injection !== undefined && 'problem' in injection) {
    throw new ConfigError(injection.problem.startsWith('--') ? injection.problem : `invalid config ${where}: ${injection.problem}`);
  }
  return {
    rules: configured,
    kubernetesVersion,
    preset,
    ignore: data?.ignore ?? [],
    baseDir,
    ...(options.file ? { file: options.file } : {}),
    ruleTimeoutSeconds: data?.ruleTimeoutSeconds ?? DEFAULT_RULE_TIMEOUT_SECONDS,
    ...(injection !== undefined ? { injection } : {}),
  };
}

/** Finding ids that are not rules but may still be ignored. */
const PSEUDO_RULES: readonly string[] = ['parse-error', 'render-error', 'unused-suppression'];

/** What the schema cannot say: an entry selects something, and names only known rules. */
function checkIgnoreEntries(entries: readonly IgnoreEntry[], byId: ReadonlyMap<string, AnyRule>, where: string): void {
  entries.forEach((entry, index) => {
    if (entry.path === undefined && entry.kind === undefined && entry.name === undefined && entry.namespace === undefined) {
      throw new ConfigError(`invalid config ${where}: ignore[${index}]: give at least one of path, kind, name, namespace`);
    }
    for (const field of ['path', 'name', 'namespace'] as const) {
      const glob = entry[field];
      const compiled = glob === undefined ? undefined : compileGlob(glob);
      if (compiled !== undefined && typeof compiled !== 'function') {
        throw new ConfigError(`invalid config ${where}: ignore[${index}].${field}: glob \`${glob}\` ${compiled.refused}`);
      }
    }
    entry.rules?.forEach((id, position) => {
      if (!byId.has(id) && !PSEUDO_RULES.includes(id)) {
        throw new ConfigError(`invalid config ${where}: ignore[${index}].rules[${position}]: unknown rule "${id}"${didYouMean(id, [...byId.keys(), ...PSEUDO_RULES]) || ' (run sidecar-lint --list-rules)'}`);
      }
    });
  });
}
