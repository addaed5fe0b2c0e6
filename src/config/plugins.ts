/**
 * Rule plugins (config `plugins:`): modules that export rules with the built-in contract
 * (`meta` + `check`). A local file (`./my-rules.js`, relative to the config file) or an npm package
 * (resolved from the config file's folder). A plugin's rules get ids `<plugin-name>/<rule-id>`.
 *
 * Accepted module shapes (default export or the module itself):
 *   { name?: string, rules: Rule[] | Record<string, Rule> }   or   Rule[]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './config.js';
import { describeThrown } from '../engine/rule.js';
import type { AnyRule, Pod, RuleContext, RuleMeta } from '../engine/rule.js';
import { isRecord } from '../load/values.js';
import { importModule } from './import-module.js';

export interface LoadedPlugin {
  readonly name: string;
  /** What the config said: `./my-rules.js`, `sidecar-lint-plugin-acme`. */
  readonly specifier: string;
  /** The module file that was imported. */
  readonly file: string;
  readonly rules: readonly AnyRule[];
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PLUGIN_NAME = /^(@[a-z0-9][\w.-]*|[a-z0-9][\w.-]*)$/;

function isLocal(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier);
}

/** `sidecar-lint-plugin-acme` → `acme`; `@acme/sidecar-lint-plugin` → `@acme`; `./rules/acme.js` → `acme`. */
export function defaultPluginName(specifier: string): string {
  if (isLocal(specifier)) return basename(specifier, extname(specifier));
  const scoped = /^(@[^/]+)\/sidecar-lint-plugin$/.exec(specifier);
  if (scoped?.[1]) return scoped[1];
  return specifier.replace(/^(@[^/]+\/)?sidecar-lint-plugin-/, '$1');
}

/** The entry file of an installed package, from `baseDir` upward (ESM-only `exports` included). */
function resolvePackage(specifier: string, baseDir: string): string | undefined {
  try {
    return createRequire(join(baseDir, 'noop.js')).resolve(specifier);
  } catch {
    // require.resolve cannot see an `exports` map with only an `import` condition: read it ourselves.
  }
  let dir = resolve(baseDir);
  for (;;) {
    const manifest = join(dir, 'node_modules', specifier, 'package.json');
    if (existsSync(manifest)) {
      const data = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown; main?: unknown };
      let entry: unknown = data.exports;
      if (isRecord(entry) && '.' in entry) entry = entry['.'];
      while (isRecord(entry)) entry = entry.import ?? entry.default ?? entry.node;
      if (typeof entry !== 'string') entry = typeof data.main === 'string' ? data.main : 'index.js';
      return join(dirname(manifest), entry as string);
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function checkRule(candidate: unknown, fail: (detail: string) => ConfigError, where: string): AnyRule {
  if (!isRecord(candidate) || !isRecord(candidate.meta) || typeof candidate.check !== 'function') {
    throw fail(`${where} is not a rule: expected { meta, check(pod, context) }`);
  }
  const meta = candidate.meta;
  if (typeof meta.id !== 'string' || !RULE_ID.test(meta.id)) throw fail(`${where}: meta.id must be a kebab-case id, got ${JSON.stringify(meta.id)}`);
  if (typeof meta.description !== 'string') throw fail(`${where} (${meta.id}): meta.description must be a string`);
  if (meta.severity !== 'off' && meta.severity !== 'warning' && meta.severity !== 'error') {
    throw fail(`${where} (${meta.id}): meta.severity must be off, warning or error`);
  }
  if (!isRecord(meta.messages) || !Object.values(meta.messages).every((text) => typeof text === 'string')) {
    throw fail(`${where} (${meta.id}): meta.messages must map message ids to templates`);
  }
  return candidate as unknown as AnyRule;
}

/** The plugin's docs link for a rule: a URL as given, a relative path resolved against the plugin. */
function docsOf(meta: RuleMeta, file: string): string {
  const docs = typeof meta.docs === 'string' && meta.docs !== '' ? meta.docs : undefined;
  if (docs === undefined) return pathToFileURL(file).href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(docs)) return docs;
  return pathToFileURL(resolve(dirname(file), docs)).href;
}

function rulesOf(exported: unknown, fail: (detail: string) => ConfigError): { name?: string; rules: unknown[] } {
  const root = isRecord(exported) && 'default' in exported && exported.default !== undefined ? exported.default : exported;
  if (Array.isArray(root)) return { rules: root };
  if (!isRecord(root)) throw fail('exports no rules: export { rules: [...] } or an array of rules');
  const named = typeof root.name === 'string' ? root.name : isRecord(root.meta) && typeof root.meta.name === 'string' ? root.meta.name : undefined;
  const rules = root.rules ?? (isRecord(exported) ? exported.rules : undefined);
  if (Array.isArray(rules)) return { ...(named ? { name: named } : {}), rules };
  if (isRecord(rules)) {
    // A record's keys are the rule ids.
    const list = Object.entries(rules).map(([id, rule]) => (isRecord(rule) && isRecord(rule.meta) ? { ...rule, meta: { ...rule.meta, id } } : rule));
    return { ...(named ? { name: named } : {}), rules: list };
  }
  throw fail('exports no rules: export { rules: [...] } or an array of rules');
}

/** Rules are synchronous: a Promise returned by a plugin rule would fail unseen, so it is a failure now. */
function checkSynchronously(rule: AnyRule, pod: Pod, context: RuleContext): void {
  const returned: unknown = rule.check(pod, context);
  if (typeof returned === 'object' && returned !== null && typeof (returned as { then?: unknown }).then === 'function') {
    (returned as Promise<unknown>).then(undefined, () => undefined);
    throw new Error('check() returned a Promise, but rules must be synchronous');
  }
}

/** Import every plugin the config lists; a plugin that cannot be loaded or is malformed is a config error. */
export async function loadPlugins(
  specifiers: readonly string[],
  options: { baseDir: string; where: string; beforeImport?: (index: number, specifier: string) => void },
): Promise<LoadedPlugin[]> {
  const plugins: LoadedPlugin[] = [];
  const names = new Set<string>();
  for (const [index, specifier] of specifiers.entries()) {
    const fail = (detail: string) => new ConfigError(`invalid config ${options.where}: plugins[${index}] (${specifier}): ${detail}`);
    const file = isLocal(specifier) ? resolve(options.baseDir, specifier) : resolvePackage(specifier, options.baseDir);
    if (file === undefined || !existsSync(file)) {
      throw fail(isLocal(specifier) ? `no such file ${file ?? specifier}` : `cannot find package "${specifier}" (install it next to the config file: npm install --save-dev ${specifier})`);
    }
    let exported: unknown;
    options.beforeImport?.(index, specifier);
    try {
      exported = await importModule(pathToFileURL(file).href);
    } catch (error) {
      throw fail(`cannot load ${file}: ${describeThrown(error).split('\n')[0]}`);
    }
    const found = rulesOf(exported, fail);
    const name = found.name ?? defaultPluginName(specifier);
    if (!PLUGIN_NAME.test(name)) throw fail(`plugin name ${JSON.stringify(name)} is not usable in rule ids: set a name of letters, digits and dashes`);
    if (names.has(name)) throw fail(`another plugin is already named "${name}"`);
    names.add(name);
    const ids = new Set<string>();
    const rules = found.rules.map((candidate, position) => {
      const rule = checkRule(candidate, fail, `rule #${position}`);
      if (ids.has(rule.meta.id)) throw fail(`two rules have the id "${rule.meta.id}"`);
      ids.add(rule.meta.id);
      const meta: RuleMeta = { ...rule.meta, id: `${name}/${rule.meta.id}`, docs: docsOf(rule.meta, file), plugin: name };
      return { meta, check: (pod, context) => checkSynchronously(rule, pod, context) } satisfies AnyRule;
    });
    plugins.push({ name, specifier, file, rules });
  }
  return plugins;
}
